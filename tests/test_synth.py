"""The synthetic-playbook generator (scripts/synth.py): valid, deterministic, with Git history."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
import yaml
from helpers import REPO, TODAY, check, mkdocs_build

if TYPE_CHECKING:
    from pathlib import Path
    from types import ModuleType

SIZE = {"pages": 60, "items": 30, "releases": 6}


def _load_synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth", REPO / "scripts" / "synth.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth"] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


synth = _load_synth()


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` outside .git, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=True, encoding="utf-8"
    )
    return result.stdout


@pytest.fixture(scope="module")
def playbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "playbook"
    synth.generate(out, **SIZE)
    return out


def test_generated_playbook_has_no_findings(playbook: Path) -> None:
    report = check(playbook, TODAY)
    assert [f"{f.path}:{f.line} {f.rule} {f.message}" for f in report.findings] == []
    pb = report.playbook
    assert len(pb.pages) == 60
    assert (len(pb.processes), len(pb.templates)) == (48, 6)
    assert len(pb.roadmap) == 30
    assert len(pb.releases) == 6
    assert pb.unreleased
    statuses = {item.status for item in pb.roadmap.values()}
    assert {"shipped", "in-progress", "planned", "proposed"} <= statuses
    assert set(pb.shipped_in) == {i for i, item in pb.roadmap.items() if item.status == "shipped"}


def test_pages_have_the_promised_shape(playbook: Path) -> None:
    pages = sorted((playbook / "playbook").rglob("*.md"))
    assert len(pages) == 60
    assert any(len(p.relative_to(playbook / "playbook").parts) >= 4 for p in pages)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1]
        assert 40 <= text.count("\n") <= 120, page
        assert 3 <= len(re.findall(r"^#{2,3} ", body, re.MULTILINE)) <= 8, page
        assert 2 <= len(re.findall(r"\]\([^)]+\.md(?:#[^)]*)?\)", body)) <= 5, page
        assert "\n| " in body, page
        assert "\n```" in body, page
        assert re.search(r"^(?:- |1\. )", body, re.MULTILINE), page
    assert any("#" in m for p in pages for m in re.findall(r"\]\(([^)]+)\)", p.read_text()))


def test_mkdocs_config_uses_the_automatic_nav(tmp_path: Path) -> None:
    synth.generate(tmp_path / "all", **SIZE)
    synth.generate(tmp_path / "none", **SIZE, plugins="none", git_plugin=True)
    full = (tmp_path / "all" / "mkdocs.yml").read_text(encoding="utf-8")
    bare = (tmp_path / "none" / "mkdocs.yml").read_text(encoding="utf-8")
    for config in (full, bare):
        assert "\nnav:" not in config
        assert "font: false" in config
        assert "navigation.prune" in config
        assert "!/templates/" in config
    assert "  - playbook:" in full
    assert "  - playbook-checks:" in full
    assert "git-revision-date-localized" not in full
    assert "playbook" not in bare.split("plugins:")[1].split("validation:")[0]
    assert "  - git-revision-date-localized:" in bare
    assert tree(tmp_path / "all").keys() == tree(tmp_path / "none").keys()


def test_same_arguments_give_identical_trees(tmp_path: Path, playbook: Path) -> None:
    synth.generate(tmp_path / "again", **SIZE)
    assert tree(tmp_path / "again") == tree(playbook)
    synth.generate(tmp_path / "other", **SIZE, seed=1)
    assert tree(tmp_path / "other") != tree(playbook)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_commits_make_a_repository_whose_last_tree_is_the_playbook(
    tmp_path: Path, playbook: Path
) -> None:
    out = tmp_path / "history"
    assert (
        synth.main(
            [str(out), "--pages", "60", "--items", "30", "--releases", "6", "--commits", "50"]
        )
        == 0
    )
    assert git(out, "rev-list", "--count", "HEAD").strip() == "50"
    assert git(out, "status", "--porcelain") == ""
    assert tree(out) == tree(playbook)
    assert sorted(git(out, "ls-files").splitlines()) == sorted(tree(playbook))
    log = git(out, "log", "--format=%an|%at|%ct").splitlines()
    authors = {line.split("|")[0] for line in log}
    assert any(not name.isascii() for name in authors)
    stamps = [int(line.split("|")[1]) for line in log]
    assert stamps == sorted(stamps, reverse=True)
    midnight = int(dt.datetime.combine(TODAY, dt.time(), dt.UTC).timestamp())
    assert midnight - 2 * 366 * 86400 <= min(stamps) <= max(stamps) < midnight
    # Edits come after the additions, and the history is reproducible commit for commit.
    assert git(out, "log", "-1", "--format=%s").split()[0] != "Add"
    again = tmp_path / "again"
    synth.generate(again, **SIZE, commits=50)
    assert git(again, "rev-parse", "HEAD") == git(out, "rev-parse", "HEAD")


def test_refuses_a_non_empty_out_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    argv = [str(tmp_path), "--pages", "10", "--items", "3", "--releases", "1"]
    assert synth.main(argv) == 2
    assert "not empty" in capsys.readouterr().err
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]
    with pytest.raises(synth.SynthError):
        synth.generate(tmp_path, pages=10, items=3, releases=1)
    empty = tmp_path / "empty"
    empty.mkdir()
    synth.generate(empty, pages=10, items=3, releases=1)
    assert (empty / "mkdocs.yml").is_file()


@pytest.mark.build
@pytest.mark.parametrize("plugins", ["all", "none"])
def test_generated_playbook_builds_strictly(tmp_path: Path, plugins: str) -> None:
    root = tmp_path / "src"
    synth.generate(root, pages=30, items=12, releases=3, plugins=plugins)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    problems = [
        line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert problems == []
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "roadmap" / "index.html").is_file() == (plugins == "all")


def test_rich_notes_are_markdown_at_scale_and_leave_the_pages_alone(tmp_path: Path) -> None:
    """`--rich`: 60 multi-paragraph entries per release, one theme per 35 items, still clean."""
    plain = synth.build_files(pages=20, items=70, releases=2)
    rich = synth.build_files(pages=20, items=70, releases=2, rich=True)
    pages = {k: v for k, v in plain.files.items() if k.startswith("playbook/")}
    assert pages == {k: v for k, v in rich.files.items() if k.startswith("playbook/")}
    releases = [
        yaml.safe_load(v)
        for k, v in rich.files.items()
        if re.match(r"data/releases/[\d.]+\.yml$", k)
    ]
    assert [len(r["entries"]) for r in releases] == [synth.RICH_ENTRIES] * 2
    texts = [e["text"] for r in releases for e in r["entries"]] + [r["summary"] for r in releases]
    assert all("\n\n" in t for t in texts)
    assert any("\n- " in t for t in texts)
    assert any("```" in t for t in texts)
    assert any("https://" in t for t in texts)
    themes = yaml.safe_load(rich.files["data/themes.yml"])["themes"]
    assert len(themes) == 6  # max(6, 70 // 35)
    root = tmp_path / "rich"
    synth.write_files(root, rich.files)
    assert check(root, synth.DEFAULT_TODAY).findings == []
