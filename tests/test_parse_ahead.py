"""`playbook check` parses in as many processes as there are CPUs (`ParseCache.ahead`): what it
reports, and the model it builds, are those of a run in one process, whatever the files hold and
even when another process fails."""

from __future__ import annotations

import importlib.util
import os
import sys
from typing import TYPE_CHECKING, Any

import pytest
from helpers import REPO, TODAY, write

from plugins.core import parsecache
from plugins.core.checks import run_checks
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from pathlib import Path

    from plugins.core.checks import Report

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


def _synth() -> Any:
    spec = importlib.util.spec_from_file_location("synth", REPO / "scripts" / "synth.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Handbook prose (raw HTML, footnotes, tables, many links) and what real teams get wrong."""
    root = tmp_path_factory.mktemp("ahead") / "site"
    _synth().generate(root, pages=150, items=150, releases=6, seed=3, today=TODAY, prose=True)
    item = sorted((root / "data" / "roadmap").glob("*.yml"))[5]
    text = item.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    item.write_text(text.replace(title, 'title: "`Bulk` [edit]: *now* @ops"', 1), encoding="utf-8")
    write(root, "data/roadmap/broken.yml", "id: broken\ntitle: [unclosed\n")
    (root / "data/roadmap/latin1.yml").write_bytes(b"id: latin1\ntitle: Caf\xe9\n")
    write(
        root,
        "playbook/notes/odd.md",
        "---\ntitle: [unclosed\n---\n\n# Odd\n\n<!-- [hidden](nowhere.md) -->\n\n"
        "> [!WARNING]\n> Alert text with a [dead link](missing.md).\n",
    )
    return root


def _run(root: Path, cache: parsecache.ParseCache | None) -> Report:
    settings = read_settings(root)
    if cache is None:
        return run_checks(settings, TODAY)
    with cache.active():
        return run_checks(settings, TODAY)


@pytest.fixture(scope="module")
def alone(tree: Path) -> Report:
    return _run(tree, None)


def test_parsing_in_two_processes_reports_what_one_does(tree: Path, alone: Report) -> None:
    cache = parsecache.ParseCache(b"salt", workers=2)
    together = _run(tree, cache)
    assert cache.started == 1
    assert not cache.pending
    assert together.findings == alone.findings
    assert together.playbook == alone.playbook
    paths = {f.path for f in alone.findings}
    assert {"data/roadmap/broken.yml", "data/roadmap/latin1.yml", "playbook/notes/odd.md"} <= paths


def test_a_failed_process_leaves_its_share_to_this_one(
    tree: Path, alone: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    def dies(jobs: object, sender: object) -> None:
        os._exit(3)

    monkeypatch.setattr(parsecache, "_work", dies)
    cache = parsecache.ParseCache(b"salt", workers=3)
    report = _run(tree, cache)
    assert cache.started == 2
    assert not cache.pending
    assert report.findings == alone.findings


def test_a_few_files_are_parsed_here(tree: Path, tmp_path: Path) -> None:
    """Starting a process costs more than parsing a handful of files."""
    cache = parsecache.ParseCache(b"salt", workers=2)
    _run(tree, cache)
    edited = sorted((tree / "playbook").rglob("*.md"))[10]
    original = edited.read_text(encoding="utf-8")
    try:
        edited.write_text(original + "\nOne more paragraph.\n", encoding="utf-8")
        again = parsecache.ParseCache(b"salt", cache.used, workers=2)
        _run(tree, again)
        assert again.started == 0
        assert again.misses == 1
    finally:
        edited.write_text(original, encoding="utf-8")
