"""Live preview: a rebuild that reuses the previous build's work gives exactly the site a clean
build gives, after every kind of edit a PM makes while `mkdocs serve` runs."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import SITES, TODAY, commit_all, edit, mkdocs_build, write
from mkdocs.commands.build import build
from mkdocs.config import load_config

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


class Server:
    """What `mkdocs serve --dirty` does between saves: load the configuration again and build
    into the same directory, with the plugins' instances (and so their caches) kept."""

    def __init__(self, root: Path, site: Path) -> None:
        self.root = root
        self.site = site
        self.config_file = str(root / "mkdocs.yml")
        config = load_config(config_file=self.config_file, site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=True)
        build(config, dirty=True)
        self.preview = config.plugins["playbook-preview"]

    def rebuild(self) -> dict[str, int]:
        build(load_config(config_file=self.config_file, site_dir=str(self.site)), dirty=True)
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


def _same_as_clean_build(server: Server, tmp_path: Path, name: str) -> None:
    clean = tmp_path / f"clean-{name}"
    result = mkdocs_build(server.root, clean, strict=False)
    assert result.returncode == 0, result.stderr
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
    EDITS[kind](served.root)
    hits = served.rebuild()
    _same_as_clean_build(served, tmp_path, kind)
    if kind == "text":
        # Only the edited page was rendered again; the rest came from the previous build.
        assert hits["markdown"] >= 10
        assert hits["theme"] >= 10
    if kind == "deleted-page":
        assert not (served.site / "guide/index.html").exists()


def test_an_unchanged_rebuild_reuses_every_page_and_writes_nothing(served: Server) -> None:
    before = {p: p.stat().st_mtime_ns for p in served.site.rglob("*.html")}
    served.rebuild()
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
        server.rebuild()
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
