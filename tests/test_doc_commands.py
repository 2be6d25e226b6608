"""Every `playbook ...` command shown in README.md and in the playbook's pages runs as written.

Commands are taken from shell code blocks (```bash, ```sh, ```console; `\\` continuations
joined) and from inline code spans. Each one runs in a fresh copy of the repository, made a git
repository with an `origin/main`, and must exit 0. A command written with placeholders
(`VERSION`, `FILE`, `...`, `[--repo DIR]`) is a syntax description, not a command: its command
path must exist (`playbook <path> --help` exits 0). A bare command path runs as written; if it
stops with a usage error (exit 2: it needs arguments, as `playbook release cut` does), it is a
mention of the command and its `--help` must exit 0 instead. Commands that read an input file the
repository does not have get a small one from `INPUTS`, as a reader would have their own.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import REPO

PLAYBOOK = Path(sys.executable).with_name("playbook")
SHELL_FENCE = re.compile(r"^ *```(?:bash|sh|shell|console)\s*$")
FENCE_END = re.compile(r"^ *```\s*$")
INLINE = re.compile(r"(?<!`)`(playbook [^`\n]+)`(?!`)")
PLACEHOLDER = re.compile(r"^[A-Z][A-Z0-9_]*(?:[-/][A-Z0-9_]+)*$|^YYYY|\.\.\.|^\[|/[A-Z]+$")
COPY_IGNORE = shutil.ignore_patterns(
    ".git", ".venv", "site", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
    "tests", "scripts", "*.egg-info", ".playbook-cache",
)  # fmt: skip

#: Input files, relative to the repository copy, for commands that read one.
INPUTS: dict[str, dict[str, str]] = {
    "playbook import reno": {
        "releasenotes/notes/faster-search-0a1b2c3d4e5f6a7b.yaml": (
            "features:\n  - Search returns results as you type.\n"
        ),
    },
    "playbook import towncrier": {
        "changes/123.feature.md": "Search returns results as you type.\n"
    },
    "playbook import changelog": {
        "CHANGELOG.md": (
            "# Changelog\n\n## [Unreleased]\n\n### Added\n\n- Search returns results as you type.\n"
        ),
    },
    "playbook import roadmap-csv": {
        "roadmap.csv": (
            "Summary,Status,Due Date,Team,Theme,Description\n"
            'Bulk export of jobs,To Do,2027-09-30,core-product,scheduling,"Export jobs in bulk."\n'
        ),
    },
    "playbook import pages": {"../old-handbook/index.md": "# Old handbook\n\nHello.\n"},
}


def _sources() -> list[Path]:
    return [REPO / "README.md", *sorted((REPO / "playbook").rglob("*.md"))]


def _commands(text: str) -> list[str]:
    found: list[str] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if SHELL_FENCE.match(lines[index]):
            index += 1
            pending = ""
            while index < len(lines) and not FENCE_END.match(lines[index]):
                line = lines[index].strip().removeprefix("$ ")
                if pending or line.startswith("playbook "):
                    pending += line.removesuffix("\\").strip() + " "
                    if not line.endswith("\\"):
                        found.append(pending.strip())
                        pending = ""
                index += 1
        else:
            found.extend(m.group(1).strip() for m in INLINE.finditer(lines[index]))
        index += 1
    return found


def _all_commands() -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for path in _sources():
        for command in _commands(path.read_text(encoding="utf-8")):
            seen.setdefault(command, path.relative_to(REPO).as_posix())
    return sorted((command, where) for command, where in seen.items())


def _path_of(words: list[str]) -> list[str]:
    """The command path: the words before the first option or argument."""
    out = []
    for word in words:
        if word.startswith("-") or not re.fullmatch(r"[a-z][a-z-]*", word):
            break
        out.append(word)
    return out


COMMANDS = _all_commands()


def test_the_pages_show_commands() -> None:
    shown = {command for command, _ in COMMANDS}
    assert "playbook check" in shown
    assert any(command.startswith("playbook release entry --type") for command in shown)
    assert len(COMMANDS) >= 20


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pristine") / "repo"
    shutil.copytree(REPO, root, ignore=COPY_IGNORE)
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Playbook as published")
    _git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    return root


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Docs Test",
        "GIT_AUTHOR_EMAIL": "docs@example.org",
        "GIT_COMMITTER_NAME": "Docs Test",
        "GIT_COMMITTER_EMAIL": "docs@example.org",
    }
    subprocess.run(["git", *args], cwd=root, check=True, env=env, capture_output=True)


@pytest.mark.parametrize(("command", "where"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_command_runs_as_written(command: str, where: str, pristine: Path, tmp_path: Path) -> None:
    words = shlex.split(command)
    path = _path_of(words[1:])
    placeholder = any(PLACEHOLDER.search(word) for word in words[1:])
    help_argv = [str(PLAYBOOK), *path, "--help"]
    argv = help_argv if placeholder else [str(PLAYBOOK), *words[1:]]
    root = tmp_path / "repo"
    shutil.copytree(pristine, root, symlinks=True)
    for prefix, files in INPUTS.items():
        if command.startswith(prefix) and argv[-1] != "--help":
            for rel, text in files.items():
                target = (root / rel).resolve()
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
            _git(root, "add", "-A")
            _git(root, "commit", "-q", "--allow-empty", "-m", "Inputs")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        argv, cwd=root, capture_output=True, text=True, env=env, check=False, timeout=120
    )
    if done.returncode == 2 and words[1:] == path:  # a mention of a command needing arguments
        done = subprocess.run(
            help_argv, cwd=root, capture_output=True, text=True, env=env, check=False, timeout=60
        )
    assert done.returncode == 0, (
        f"{where}: `{command}` exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    )
