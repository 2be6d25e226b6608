"""Shared pieces of the browser suite: building and serving a site, watching a page's network and
console, and resolving the links of the built HTML without a browser.

Nothing here talks to the network beyond 127.0.0.1: every request to another host is blocked and
recorded by `Monitor`.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import http.server
import os
import re
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from helpers import CONTENT_DAY

if TYPE_CHECKING:
    from collections.abc import Iterator

    from playwright.sync_api import ConsoleMessage, Page, Request, Response, Route

REPO = Path(__file__).resolve().parents[2]
SITES = REPO / "tests" / "sites"
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"

#: The one way this suite starts a browser: Debian's Chromium, never a Playwright download.
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"

#: The date the default playbook is built at: the day its data was last brought up to date.
DEFAULT_TODAY = CONTENT_DAY
#: The minimal site at a date when its process `review` (reviewed 2026-09-01, every 90 days) is
#: overdue.
MINIMAL_TODAY = dt.date(2026, 12, 15)


# ---- Building and serving ----------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    """A built site and where it is served."""

    #: The build directory (MkDocs' site_dir).
    root: Path
    #: The source tree it was built from (holds mkdocs.yml, playbook/, data/).
    source: Path
    #: Base URL of the served build, ending in "/".
    url: str
    #: `site_url` from mkdocs.yml (the production address the HTML is written for).
    site_url: str

    def page_url(self, rel: str) -> str:
        return self.url + rel


def mkdocs_build(source: Path, out: Path, *, strict: bool, today: dt.date) -> str:
    """Build `source` into `out` with the real `mkdocs` command; fail with its output if it fails."""
    command = [sys.executable, "-m", "mkdocs", "build"]
    if strict:
        command.append("--strict")
    command += ["-f", str(source / "mkdocs.yml"), "-d", str(out)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": today.isoformat()}
    result = subprocess.run(
        command,
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(command)} failed ({result.returncode}):\n{output}"
    assert (out / "index.html").is_file(), f"the build wrote no index.html:\n{output}"
    return output


def site_url_of(source: Path) -> str:
    match = re.search(
        r"^site_url:\s*(\S+)", (source / "mkdocs.yml").read_text(encoding="utf-8"), re.M
    )
    assert match, f"no site_url in {source / 'mkdocs.yml'}"
    url = match.group(1).strip("'\"")
    return url if url.endswith("/") else url + "/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the build directory at "/", and also under the path of `site_url` (e.g. /playbook/):
    MkDocs writes the 404 page with absolute links there, as it is served for any missing URL."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if self.prefix != "/" and path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # The browser drops connections it no longer needs (a page navigated away); not an error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(root: Path, site_url: str) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port in a thread; yield the base URL."""
    handler = type("Handler", (_QuietHandler,), {"prefix": urlsplit(site_url).path or "/"})
    server = _Server((LOCAL_HOST, 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# ---- Watching a page ---------------------------------------------------------------------------


def is_local(url: str) -> bool:
    return urlsplit(url).hostname == LOCAL_HOST


@dataclass
class Monitor:
    """Blocks every request that leaves 127.0.0.1 and records what went wrong on a page.

    - `blocked`: external requests that were blocked (Material asks api.github.com for the
      repository's stars when `repo_url` is set). Not a failure.
    - `failed`: 127.0.0.1 requests that failed or answered >= 400. A failure; except a request
      cancelled because the page navigated to another document (net::ERR_ABORTED of a request
      issued before that navigation), which is the browser dropping work, not a broken site.
    - `console_errors`: console messages of type error. The one filter: "Failed to load resource"
      whose source URL is on a host this monitor blocked, i.e. the browser reporting our own block.
    - `page_errors`: uncaught exceptions in the page's scripts.
    """

    page: Page
    blocked: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    _pending: set[Request] = field(default_factory=set)
    _issued_in: dict[Request, int] = field(default_factory=dict)
    _documents: int = 0

    def __post_init__(self) -> None:
        self.page.route("**/*", self._route)
        self.page.on("request", self._on_request)
        self.page.on("requestfinished", self._on_finished)
        self.page.on("requestfailed", self._on_failed)
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)

    @property
    def blocked_hosts(self) -> set[str]:
        return {urlsplit(url).hostname or "" for url in self.blocked}

    def _route(self, route: Route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def _on_request(self, request: Request) -> None:
        if request.is_navigation_request():
            self._documents += 1
        self._issued_in[request] = self._documents
        if is_local(request.url):
            self._pending.add(request)

    def _on_finished(self, request: Request) -> None:
        self._pending.discard(request)

    def _on_failed(self, request: Request) -> None:
        self._pending.discard(request)
        if not is_local(request.url):
            return  # blocked by `_route`, recorded there
        failure = request.failure or "unknown error"
        superseded = self._issued_in.get(request, self._documents) < self._documents
        if failure == "net::ERR_ABORTED" and superseded:
            return
        if failure == "net::ERR_ABORTED" and "favicon" in urlsplit(request.url).path:
            # The browser fetches the tab's icon itself and may cancel and fetch it again (seen
            # under load); a missing icon is still an HTTP error in `_on_response`.
            return
        self.failed.append(f"{request.url}: {failure} (on {self.page.url})")

    def _on_response(self, response: Response) -> None:
        if is_local(response.url) and response.status >= 400:
            self.failed.append(f"{response.url}: HTTP {response.status} (on {self.page.url})")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        source = message.location.get("url", "") if message.location else ""
        if (
            message.text.startswith("Failed to load resource")
            and urlsplit(source).hostname in self.blocked_hosts
        ):
            return
        self.console_errors.append(f"{message.text} [source: {source}] (on {self.page.url})")

    def _on_page_error(self, error: Exception) -> None:
        self.page_errors.append(f"{error} (on {self.page.url})")

    def settle(self, timeout: float = 10.0) -> None:
        """Wait until no 127.0.0.1 request has been in flight for a short while."""
        deadline = time.monotonic() + timeout
        quiet = 0
        while quiet < 3:
            if time.monotonic() > deadline:
                stuck = ", ".join(sorted(r.url for r in self._pending))
                self.failed.append(f"still pending after {timeout}s: {stuck} (on {self.page.url})")
                return
            self.page.wait_for_timeout(25)
            quiet = 0 if self._pending else quiet + 1

    def problems(self) -> list[str]:
        return (
            [f"failed request: {p}" for p in self.failed]
            + [f"console error: {p}" for p in self.console_errors]
            + [f"page error: {p}" for p in self.page_errors]
        )


@dataclass(frozen=True)
class Tab:
    page: Page
    monitor: Monitor


# ---- Sources -----------------------------------------------------------------------------------


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a Markdown page."""
    text = path.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    assert match, f"{path} has no front matter"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path}: front matter is not a mapping"
    return meta, match.group(2)


def url_of(rel: str) -> str:
    """The directory URL of a built HTML file, relative to the site root."""
    if rel == "index.html":
        return ""
    if rel.endswith("/index.html"):
        return rel[: -len("index.html")]
    return rel


def html_pages(root: Path) -> list[str]:
    """Every HTML file of a build, relative to its root, sorted."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))


# ---- Links and anchors of the built HTML (no browser) ------------------------------------------

_LINK_ATTRIBUTE = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}


class PageLinks(HTMLParser):
    """The ids (anchor targets) and the outgoing links of one HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v for k, v in attrs if v is not None}
        names = {values.get("id")}
        if tag == "a":
            names.add(values.get("name"))  # the older way to name an anchor; often equal to id
        self.ids.extend(sorted(n for n in names if n))
        attribute = _LINK_ATTRIBUTE.get(tag)
        if attribute and values.get(attribute):
            self.links.append((tag, html.unescape(values[attribute]).strip()))


def parse_page(path: Path) -> PageLinks:
    parser = PageLinks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


@dataclass(frozen=True)
class Target:
    """Where an internal link points in the build: a file (relative to the root) and an anchor."""

    file: str
    fragment: str


def resolve(site_url: str, from_rel: str, href: str) -> Target | str | None:
    """Resolve `href` found in the built file `from_rel` as the production site would.

    Returns a `Target` for a link into the site, None for a link elsewhere (another host, mailto:,
    javascript:), or an error message for a link that cannot work (it leaves the site's base path).
    """
    scheme = urlsplit(href).scheme
    if scheme and scheme not in ("http", "https"):
        return None
    absolute = urljoin(site_url + url_of(from_rel), href)
    base, target = urlsplit(site_url), urlsplit(absolute)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        return None
    if not target.path.startswith(base.path):
        return f"{href!r} leaves the site's base path {base.path}"
    path = unquote(target.path[len(base.path) :])
    if path == "" or path.endswith("/"):
        path += "index.html"
    return Target(path, unquote(target.fragment))
