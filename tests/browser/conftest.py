"""Fixtures of the browser suite: the default playbook and the minimal sample site, each built with
the real `mkdocs` command and served on 127.0.0.1, and Chromium pages whose requests to any other
host are blocked.

Every page a test opens is checked when the test ends: no 127.0.0.1 request failed, no console
error, no uncaught script error (see `support.Monitor` for the exact rules).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from typing import TYPE_CHECKING, Any

import pytest
from browser.support import (
    CHROMIUM,
    DEFAULT_TODAY,
    LAUNCH_ARGS,
    MINIMAL_TODAY,
    REPO,
    SITES,
    Monitor,
    Served,
    Tab,
    mkdocs_build,
    serve,
    site_url_of,
)
from playwright.sync_api import sync_playwright

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

#: Every context starts like a reader's desktop browser, unless a test asks otherwise.
CONTEXT_DEFAULTS: dict[str, Any] = {
    "viewport": {"width": 1280, "height": 900},
    "color_scheme": "light",
    "reduced_motion": "reduce",
    "locale": "en-GB",
    "service_workers": "block",
}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The default playbook (the repository itself), built strictly and served."""
    out = tmp_path_factory.mktemp("default-site")
    mkdocs_build(REPO, out, strict=True, today=DEFAULT_TODAY)
    site_url = site_url_of(REPO)
    with serve(out, site_url) as url:
        yield Served(root=out, source=REPO, url=url, site_url=site_url)


@pytest.fixture(scope="session")
def minimal_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """tests/sites/minimal at a date when its process `review` is overdue (a warning, so the build
    is not strict)."""
    source = tmp_path_factory.mktemp("minimal-src") / "site"
    shutil.copytree(SITES / "minimal", source)
    out = tmp_path_factory.mktemp("minimal-site")
    mkdocs_build(source, out, strict=False, today=MINIMAL_TODAY)
    site_url = site_url_of(source)
    with serve(out, site_url) as url:
        yield Served(root=out, source=source, url=url, site_url=site_url)


#: The large synthetic playbook of the scale tests (`scripts/synth.py --rich`): 700 roadmap items
#: over 20 themes, 20 releases of 60 multi-paragraph entries, few pages (cheap to build).
LARGE = {"pages": 12, "items": 700, "releases": 20, "rich": True}


@pytest.fixture(scope="session")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The large synthetic playbook, built strictly and served."""
    spec = importlib.util.spec_from_file_location("synth", REPO / "scripts" / "synth.py")
    assert spec is not None
    assert spec.loader is not None
    synth = sys.modules.get("synth") or importlib.util.module_from_spec(spec)
    if "synth" not in sys.modules:
        sys.modules["synth"] = synth  # dataclasses look their module up while being defined
        spec.loader.exec_module(synth)
    source = tmp_path_factory.mktemp("large-src") / "site"
    synth.generate(source, today=DEFAULT_TODAY, **LARGE)
    out = tmp_path_factory.mktemp("large-site")
    mkdocs_build(source, out, strict=True, today=DEFAULT_TODAY)
    site_url = site_url_of(source)
    with serve(out, site_url) as url:
        yield Served(root=out, source=source, url=url, site_url=site_url)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    manager = sync_playwright().start()
    try:
        yield manager
    finally:
        manager.stop()


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    instance = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """A factory: `open_page(**context_options)` opens a page in a new context (desktop, light
    scheme by default) and watches it. At teardown every page must be clean."""
    opened: list[tuple[BrowserContext, Monitor]] = []

    def _open(**options: Any) -> Tab:
        context = browser.new_context(**{**CONTEXT_DEFAULTS, **options})
        context.set_default_timeout(15_000)
        page = context.new_page()
        monitor = Monitor(page)
        opened.append((context, monitor))
        return Tab(page, monitor)

    yield _open
    problems: list[str] = []
    try:
        for _, monitor in opened:
            if not monitor.page.is_closed():
                monitor.settle()
            problems.extend(monitor.problems())
    finally:
        for context, _ in opened:
            context.close()
    if problems:
        pytest.fail(
            "problems on the pages this test opened:\n" + "\n".join(problems), pytrace=False
        )


@pytest.fixture
def page(open_page: Callable[..., Tab]) -> Page:
    """A desktop page (1280x900, light scheme), watched like every other."""
    return open_page().page


@pytest.fixture
def context(page: Page) -> BrowserContext:
    """The context of `page`."""
    return page.context
