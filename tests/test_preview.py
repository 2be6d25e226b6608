"""Live preview: a rebuild that reuses the previous build's work gives exactly the site a clean
build gives, after every kind of edit a PM makes while `mkdocs serve` runs."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import SITES, TODAY, commit_all, edit, mkdocs_build, write
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

pytestmark = pytest.mark.build

PREVIEW = "  - playbook-preview:\n      enabled: always\n"


def _tree(site: Path) -> dict[str, bytes]:
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


SERVE_URL = "http://127.0.0.1:8000/"


class Server:
    """What `mkdocs serve --dirty` does between saves: load the configuration again and build
    into the same directory, with the plugins' instances (and so their caches) kept, through
    the builder the plugins' `on_serve` hands the server."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root = root
        self.site = site
        self.config_file = str(root / "mkdocs.yml")
        config = load_config(config_file=self.config_file, site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, serve_url=SERVE_URL, dirty=True)
        self.preview = config.plugins["playbook-preview"]
        self.builder = self.preview.wrap(self._full_build)
        self.full_builds = 0

    def _full_build(self) -> None:
        self.full_builds += 1
        config = load_config(config_file=self.config_file, site_dir=str(self.site))
        build(config, serve_url=SERVE_URL, dirty=True)

    def rebuild(self) -> dict[str, int]:
        self.builder()
        return dict(self.preview.hits)


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    monkeypatch.setenv("PLAYBOOK_TODAY", TODAY.isoformat())
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = tmp_path / "src"
    shutil.copytree(SITES / "minimal", root)
    edit(root, "mkdocs.yml", "  - playbook-checks\n", f"{PREVIEW}  - playbook-checks\n")
    commit_all(root)
    monkeypatch.chdir(root)
    yield Server(root, tmp_path / "served")
    logging.getLogger("mkdocs").handlers.clear()


def _same_as_clean_build(server: Server, tmp_path: Path, name: str, *, fails: bool = False) -> None:
    """The served site is the one `mkdocs build` makes of the same files (which, when the
    checks find an error, it still writes in full before it fails)."""
    clean = tmp_path / f"clean-{name}"
    result = mkdocs_build(server.root, clean, strict=False)
    assert (result.returncode != 0) is fails, result.stderr
    served, built = _tree(server.site), _tree(clean)
    assert sorted(served) == sorted(built)
    different = [uri for uri in built if served[uri] != built[uri]]
    assert different == []


def _text(root: Path) -> None:
    edit(root, "playbook/processes/review.md", "## Steps", "A new paragraph.\n\n## Steps")


def _title(root: Path) -> None:
    # The title is in the navigation of every page of the section.
    edit(root, "playbook/processes/review.md", "title: Post-launch review", "title: Launch retro")


def _roadmap(root: Path) -> None:
    edit(root, "data/roadmap/fast-search.yml", "title: Fast search", "title: Instant search")


def _new_page(root: Path) -> None:
    write(root, "playbook/guide.md", "# A new guide\n\nSee [the review](processes/review.md).\n")


def _deleted_page(root: Path) -> None:
    _new_page(root)
    (root / "playbook/guide.md").unlink()


EDITS: dict[str, Callable[[Path], None]] = {
    "text": _text,
    "title": _title,
    "roadmap": _roadmap,
    "new-page": _new_page,
    "deleted-page": _deleted_page,
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_a_preview_rebuild_equals_a_clean_build(served: Server, tmp_path: Path, kind: str) -> None:
    if kind == "deleted-page":
        _new_page(served.root)
        served.rebuild()
        assert (served.site / "guide/index.html").is_file()
    builds = served.full_builds
    EDITS[kind](served.root)
    served.rebuild()
    _same_as_clean_build(served, tmp_path, kind)
    # The text of a page, or a data file: only the pages it changes are rendered again; any
    # other edit: a full build.
    assert served.full_builds - builds == (0 if kind in ("text", "roadmap") else 1)
    if kind == "deleted-page":
        assert not (served.site / "guide/index.html").exists()


def test_a_full_rebuild_reuses_the_rendering_of_pages_whose_key_is_unchanged(
    served: Server, tmp_path: Path
) -> None:
    # Front matter: what plugins read of a page (here its review date) may change other pages.
    edit(served.root, "playbook/processes/review.md", "2026-09-01", "2026-09-15")
    hits = served.rebuild()
    assert served.full_builds == 1
    _same_as_clean_build(served, tmp_path, "front-matter")
    # The Markdown of every hand-written page came from the previous build.
    assert hits["markdown"] >= 10


def _page_text(root: Path) -> None:
    edit(root, "playbook/index.md", "A small playbook", "A paragraph on top.\n\nA small playbook")


def _h1_title(root: Path) -> None:
    # A page without a `title:` takes its first heading's: the navigation shows it.
    edit(root, "playbook/guide.md", "# A new guide", "# The guide")


def _guide_text(root: Path) -> None:
    edit(root, "playbook/guide.md", "See [the", "Read this first.\n\nSee [the")


def _broken_link(root: Path) -> None:
    edit(
        root, "playbook/processes/review.md", "## Steps", "See [it](launch.md#nowhere).\n\n## Steps"
    )


def _fixed_link(root: Path) -> None:
    edit(root, "playbook/processes/review.md", "See [it](launch.md#nowhere).\n\n", "")


def _two_pages(root: Path) -> None:
    _text(root)
    edit(root, "playbook/processes/launch.md", "## Steps", "Step zero: read this.\n\n## Steps")


def _heading(root: Path) -> None:
    # A new anchor, and a link to it from another page: both pages are edited.
    edit(
        root, "playbook/processes/review.md", "## Steps", "## Before you start\n\nRead.\n\n## Steps"
    )
    edit(
        root,
        "playbook/processes/launch.md",
        "## Steps",
        "See [it](review.md#before-you-start).\n\n## Steps",
    )


def _team_name(root: Path) -> None:
    edit(root, "data/teams.yml", "name: Product Ops", "name: Product Operations")


def _release(root: Path) -> None:
    edit(
        root, "data/releases/1.1.0.yml", "summary: Search got fast.", "summary: Search got faster."
    )


def _broken_yaml(root: Path) -> None:
    # `: ` inside a plain value: YAML reads a mapping there, and the file cannot be used.
    edit(root, "data/releases/1.1.0.yml", "summary: Search got faster.", "summary: Search: fast.")


def _fixed_yaml(root: Path) -> None:
    edit(root, "data/releases/1.1.0.yml", "summary: Search: fast.", 'summary: "Search: fast."')


def _theme_name(root: Path) -> None:
    edit(root, "data/themes.yml", "name: Core product", "name: The core product")


def _data_and_text(root: Path) -> None:
    edit(root, "data/roadmap/fast-search.yml", "title: Instant search", "title: Search, now")
    _text(root)


SEQUENCE: list[tuple[str, Callable[[Path], None], bool | None]] = [
    # (what, edit, quick: True, False, or None when either is right)
    ("text of one page", _text, True),
    ("text of the home page", _page_text, True),
    ("a broken link", _broken_link, True),
    ("the link fixed", _fixed_link, True),
    ("two pages at once", _two_pages, True),
    ("a heading and a link to it", _heading, True),
    ("a new page", _new_page, False),
    ("its title, from its first heading", _h1_title, False),
    ("its text", _guide_text, True),
    ("a roadmap item", _roadmap, True),
    ("text again", _page_text, True),
    ("a team's name, in process pages' facts", _team_name, True),
    ("a release's summary, on the release pages", _release, True),
    ("broken YAML in that release", _broken_yaml, None),
    ("the YAML fixed", _fixed_yaml, None),
    ("a theme's name, a page title of the navigation", _theme_name, None),
    ("a data file and a page's text at once", _data_and_text, True),
]


def test_a_sequence_of_edits_stays_equal_to_clean_builds(
    served: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Each edit while serving, quick or not, leaves the site a clean build of the same files
    gives, and reports the findings a clean build reports."""
    for number, (what, change, is_quick) in enumerate(SEQUENCE):
        builds = served.full_builds
        change(served.root)
        caplog.clear()
        broken = change in (_broken_link, _broken_yaml)  # errors: the build fails at its end
        with caplog.at_level(logging.WARNING):
            if broken:
                with pytest.raises(Abort, match="BuildError"):
                    served.rebuild()
            else:
                served.rebuild()
        logged = sorted(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)
        assert any("Playbook checks found" in m for m in logged) is broken, logged
        if is_quick is not None:
            assert (served.full_builds == builds) is is_quick, what
        _same_as_clean_build(served, tmp_path, f"{number}", fails=broken)
        if change is _broken_yaml:
            assert any(m.startswith("data/releases/1.1.0.yml:3:") for m in logged), logged
        if change is _broken_link:  # reported once, by the checks, with file and line
            assert [m for m in logged if "nowhere" in m] == [
                m for m in logged if m.startswith("playbook/processes/review.md:") and "PB702" in m
            ]
            assert any("nowhere" in m for m in logged), logged
        if change is _fixed_link:
            assert not any("nowhere" in m for m in logged), logged


def test_a_save_that_changes_nothing_builds_nothing(served: Server) -> None:
    before = {p: p.stat().st_mtime_ns for p in served.site.rglob("*")}
    write(served.root, "playbook/.review.md.swp", "an editor's swap file")
    served.rebuild()
    assert served.full_builds == 0
    assert {p: p.stat().st_mtime_ns for p in served.site.rglob("*")} == before


def test_an_edit_of_a_file_macros_include_is_a_full_build(served: Server, tmp_path: Path) -> None:
    # The home page renders macros (`render_macros: true`); mkdocs-macros includes from the docs.
    write(served.root, "playbook/snippets/note.md", "Included note, first version.\n")
    edit(
        served.root,
        "playbook/index.md",
        "A small playbook",
        "{% include 'snippets/note.md' %}\n\nA small playbook",
    )
    served.rebuild()
    builds = served.full_builds
    edit(served.root, "playbook/snippets/note.md", "first", "second")
    served.rebuild()
    assert served.full_builds == builds + 1
    assert "second version" in (served.site / "index.html").read_text(encoding="utf-8")
    _same_as_clean_build(served, tmp_path, "include")


def test_an_unchanged_rebuild_reuses_every_page_and_writes_nothing(served: Server) -> None:
    before = {p: p.stat().st_mtime_ns for p in served.site.rglob("*.html")}
    served._full_build()
    preview = served.preview
    assert preview.misses == {"markdown": 0, "theme": 0, "search": 0}
    assert preview.hits["theme"] == len(before) - 1  # every page but the 404 page
    after = {p: p.stat().st_mtime_ns for p in served.site.rglob("*.html")}
    assert after == before


def test_warnings_of_a_reused_page_are_logged_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken link keeps being reported on every rebuild until it is fixed, also when the page
    itself is reused (MkDocs reports it while rendering the Markdown, which is skipped)."""
    monkeypatch.setenv("PLAYBOOK_TODAY", TODAY.isoformat())
    root = tmp_path / "src"
    shutil.copytree(SITES / "minimal", root)
    edit(
        root,
        "mkdocs.yml",
        "  - playbook-checks\n",
        f"{PREVIEW}  - playbook-checks:\n      rules: {{PB701: ignore}}\n",
    )
    page = root / "playbook/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [gone](gone.md).\n", encoding="utf-8")
    commit_all(root)
    monkeypatch.chdir(root)

    def rendering_warnings() -> list[str]:
        return [
            r.getMessage()
            for r in caplog.records
            if r.name == "mkdocs.structure.pages" and "gone.md" in r.getMessage()
        ]

    with caplog.at_level(logging.WARNING):
        server = Server(root, tmp_path / "served")
        first = rendering_warnings()
        caplog.clear()
        server._full_build()
        again = rendering_warnings()
    assert server.preview.hits["markdown"] > 0
    assert first
    assert again == first


def test_off_outside_serve_by_default(tmp_path: Path) -> None:
    root = tmp_path / "src"
    shutil.copytree(SITES / "minimal", root)
    edit(root, "mkdocs.yml", "  - playbook-checks\n", "  - playbook-preview\n  - playbook-checks\n")
    commit_all(root)
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="build", dirty=False)
    previous = Path.cwd()
    os.chdir(root)
    try:
        build(config)
    finally:
        os.chdir(previous)
    preview = config.plugins["playbook-preview"]
    assert not preview.active
    assert preview.hits == {"markdown": 0, "theme": 0, "search": 0}


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def _served_shows(url: str, marker: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if marker in _fetch(url):
                return
        time.sleep(0.05)
    raise AssertionError(f"{url} did not show {marker!r} within {limit:.0f} s")


def test_the_real_mkdocs_serve_rebuilds_only_what_a_save_changes(tmp_path: Path) -> None:
    """`mkdocs serve --dirty`, as `make serve` runs it: the plugin takes over the server's
    rebuilds, and the served pages show each save."""
    root = tmp_path / "src"
    shutil.copytree(SITES / "minimal", root)
    edit(root, "mkdocs.yml", "  - playbook-checks\n", "  - playbook-preview\n  - playbook-checks\n")
    commit_all(root)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("w", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY.isoformat()}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/playbook/"
    try:
        _served_shows(base, "</html>", limit=120)
        edit(root, "playbook/processes/review.md", "## Steps", "Saved while serving.\n\n## Steps")
        _served_shows(base + "processes/review/", "Saved while serving.")
        edit(root, "data/roadmap/fast-search.yml", "title: Fast search", "title: Search, served")
        _served_shows(base + "roadmap/essentials/", "Search, served")
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    output = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "Rebuilt 1 page for the edit of processes/review.md" in output, output
    assert "for the edit of data/roadmap/fast-search.yml" in output, output
    assert output.count("Documentation built in") == 1, output  # the first build only


def test_a_page_mkdocs_macros_cannot_read_fails_the_rebuild_not_the_server(
    served: Server, caplog: pytest.LogCaptureFixture
) -> None:
    """mkdocs-macros exits on an error in a page it renders, and MkDocs' serve loop only
    survives an exception: a heading id `{#id}` typed into such a page used to end `mkdocs
    serve` without a word. The rebuild now fails as MkDocs fails one (the server keeps
    serving), after the checks name the page and line; the next save builds again."""
    page = "playbook/index.md"  # the sample site's home page renders macros
    assert "render_macros: true" in (served.root / page).read_text(encoding="utf-8")
    original = (served.root / page).read_text(encoding="utf-8")
    write(served.root, page, original + "\n## Contact {#contact}\n\nAsk us.\n")
    line = len(original.splitlines()) + 2
    with caplog.at_level(logging.WARNING), pytest.raises(Abort, match="stopped the rebuild"):
        served.rebuild()
    logged = [r.getMessage() for r in caplog.records]
    assert any(m.startswith(f"{page}:{line}:1: PB305") for m in logged), logged

    write(served.root, page, original + "\n## Contact {: #contact }\n\nAsk us.\n")
    served.rebuild()
    assert 'id="contact"' in (served.site / "index.html").read_text(encoding="utf-8")
