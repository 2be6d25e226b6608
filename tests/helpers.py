"""Helpers shared by the tests: sample sites, a fixed date, checks and real builds."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from plugins.core.checks import Report, run_checks
from plugins.core.settings import read_settings

TESTS = Path(__file__).parent
REPO = TESTS.parent
SITES = TESTS / "sites"
#: "Today" for the sample sites under tests/sites, whose dates were written around it.
TODAY = dt.date(2026, 11, 23)
#: The day the default playbook's dated data (KPI values, review dates, roadmap targets) was last
#: brought up to date. Tests of the repository's own content run as of this day, and every
#: command the tests start does too ($PLAYBOOK_TODAY, tests/conftest.py), so the suite does not
#: start failing as the calendar moves on. Bring the data up to date and move this date together.
CONTENT_DAY = dt.date(2026, 11, 29)


def check(root: Path, today: dt.date = TODAY) -> Report:
    return run_checks(read_settings(root), today)


def findings_of(root: Path, today: dt.date = TODAY) -> list[tuple[str, str, int]]:
    """(rule, path, line) of every finding: what the corpus tests compare."""
    return [(f.rule, f.path, f.line) for f in check(root, today).findings]


def mkdocs_build(
    root: Path, site_dir: Path, *, strict: bool = True, today: str = TODAY.isoformat()
) -> subprocess.CompletedProcess[str]:
    """Build a site with the real `mkdocs` command, as CI does."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": today}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "-f",
        str(root / "mkdocs.yml"),
        "-d",
        str(site_dir),
    ]
    if strict:
        command.append("--strict")
    return subprocess.run(
        command, capture_output=True, text=True, env=env, check=False, timeout=300
    )


def write(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit_all(root: Path, message: str = "Initial playbook") -> None:
    """Make `root` a git repository with everything committed (the history plugin needs one)."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-09-01T10:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-09-01T10:00:00+00:00",
    }
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", message]):
        subprocess.run(
            ["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.org", *args],
            cwd=root,
            check=True,
            capture_output=True,
            env=env,
        )
