#!/usr/bin/env python3
"""`playbook import` speed: each importer on --count notes, fragments, entries, rows or pages.

    .venv/bin/python scripts/bench_import.py                # 1,000 of each
    .venv/bin/python scripts/bench_import.py --count 200

Each measurement is one fresh `playbook import ...` process (imports included) into a copy of
tests/sites/minimal, then the same command again (the idempotent second run), then
`playbook check` on the result. The synthetic sources use the shapes of the test fixtures:
reno notes with RST lists, literal blocks and directives in a git repository with tags;
towncrier fragments in RST and Markdown; a Keep a Changelog file; a CSV export with quoted
commas and line breaks; a Markdown tree with folder and extensionless links.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "tests" / "sites" / "minimal"
TODAY = "2026-11-23"
PLAYBOOK = str(Path(sys.executable).parent / "playbook")

RST_NOTE = """features:
  - |
    Note {n} adds ``option-{n}``. See `the docs <https://docs.example.org/{n}>`_:

    * it reads ``[section] key-{n}``
    * it falls back to the default

    .. note:: Back up first.
upgrade:
  - |
    Run::

        tool migrate --step {n}
fixes:
  - "`[{n}]` Fixed a crash: ``a: b``."
"""


def git(repo: Path, *args: str, day: dt.date) -> None:
    stamp = f"{day.isoformat()}T10:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(
        ["git", "-c", "user.name=Bench", "-c", "user.email=bench@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env=env,
    )


def make_reno(base: Path, count: int) -> Path:
    """`count` notes committed in 20 batches, each batch tagged (every other one an rc first)."""
    repo = base / "reno"
    notes = repo / "releasenotes" / "notes"
    notes.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main", day=dt.date(2026, 9, 3))
    batches = 20
    for batch in range(batches):
        day = dt.date(2026, 9, 3) + dt.timedelta(days=3 * batch)
        for n in range(batch * count // batches, (batch + 1) * count // batches):
            (notes / f"note-{n}-{n:016x}.yaml").write_text(RST_NOTE.format(n=n), encoding="utf-8")
        git(repo, "add", "-A", day=day)
        git(repo, "commit", "-qm", f"batch {batch}", day=day)
        version = f"5.{batch}.0"
        if batch % 2:
            git(repo, "tag", f"{version}rc1", day=day)
        if batch < batches - 1:  # the last batch stays unreleased
            git(repo, "tag", version, day=day)
    return notes


def make_towncrier(base: Path, count: int) -> Path:
    folder = base / "changes"
    folder.mkdir()
    kinds = ("feature", "bugfix", "doc", "removal")
    for n in range(count):
        kind = kinds[n % len(kinds)]
        if n % 2:
            (folder / f"{n}.{kind}.md").write_text(
                f"Change {n}: `--flag-{n}` works.\n", encoding="utf-8"
            )
        else:
            (folder / f"{n}.{kind}").write_text(
                f"Change {n}: ``--flag-{n}`` works.\n\n* one\n* two\n", encoding="utf-8"
            )
    return folder


def make_changelog(base: Path, count: int) -> Path:
    path = base / "CHANGELOG.md"
    sections = ("Added", "Changed", "Fixed", "Security")
    lines = ["# Changelog", "", "## [Unreleased]", "", "### Added", "", "- Coming soon: `x`.", ""]
    versions = max(1, count // 10)
    for v in reversed(range(versions)):
        day = dt.date(2026, 9, 3) + dt.timedelta(days=v * 80 // versions)
        lines += [f"## [4.{v}.0] - {day.isoformat()}", "", f"Release 4.{v}.0 of the bench.", ""]
        for s, section in enumerate(sections):
            lines += [f"### {section}", ""]
            for i in range(10 // len(sections) + (1 if s < 10 % len(sections) else 0)):
                lines += [f"- Entry {v}.{s}.{i} with `code`, [a link][ref] and", "  a second line."]
            lines.append("")
    lines += ["[ref]: https://example.org/ref", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def make_csv(base: Path, count: int) -> Path:
    path = base / "jira.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["Summary", "Issue key", "Status", "Team", "Epic Link", "Due Date", "Description"]
        )
        for n in range(count):
            writer.writerow(
                [
                    f"Item {n}, with a comma",
                    f"APP-{n}",
                    ("To Do", "In Progress", "Planned")[n % 3],
                    "Core Squad",
                    "Core product",
                    f"{1 + n % 28:02d}/Mar/27 12:00 AM",
                    f"What item {n} does.\n\n- one\n- two",
                ]
            )
    return path


def make_pages(base: Path, count: int) -> Path:
    root = base / "handbook"
    folders = 20
    for f in range(folders):
        (root / f"part-{f}").mkdir(parents=True)
        (root / f"part-{f}" / "README.md").write_text(f"# Part {f}\n", encoding="utf-8")
    (root / "index.md").write_text("# Handbook\n\n[First part](part-0/)\n", encoding="utf-8")
    for n in range(count - folders - 1):
        f = n % folders
        body = (
            f"# Page {n}\n\n> [!NOTE]\n> See [the part](./) and [next](page-{n + folders}) "
            f"or [home](../).\n\nBuilt by {{{{generator:page_{n}}}}}.\n\n```\n[x](nowhere)\n```\n"
        )
        (root / f"part-{f}" / f"page-{n}.md").write_text(body, encoding="utf-8")
    return root


def timed(args: list[str]) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run([PLAYBOOK, *args], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"playbook {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    lines = result.stdout.strip().splitlines()
    summary = [
        line
        for line in lines
        if line.startswith(("Created ", "Nothing to do", "No problems", "Found "))
    ]
    return elapsed, summary[-1] if summary else (lines[-1] if lines else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    options = parser.parse_args()
    count = options.count
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        sources = {
            "reno": make_reno(base, count),
            "towncrier": make_towncrier(base, count),
            "changelog": make_changelog(base, count),
            "roadmap-csv": make_csv(base, count),
            "pages": make_pages(base, count),
        }
        extra = {
            "roadmap-csv": [
                "--preset",
                "jira",
                "--value",
                "status:To Do=proposed",
                "--set",
                "metrics=adoption",
                "--set",
                "problem=Asked for.",
                "--today",
                TODAY,
            ],
            "pages": ["--into", "playbook/handbook"],
        }
        units = {
            "reno": "notes",
            "towncrier": "fragments",
            "changelog": "entries",
            "roadmap-csv": "rows",
            "pages": "pages",
        }
        print(
            f"{'importer':<12} {'count':>6} {'first run':>10} {'second run':>11} {'check after':>12}  result"
        )
        for name, source in sources.items():
            site = base / f"site-{name}"
            shutil.copytree(SITE, site)
            args = ["import", name, str(source), "--root", str(site), *extra.get(name, [])]
            first, summary = timed(args)
            second, again = timed(args)
            check, verdict = timed(["check", "--root", str(site), "--today", TODAY])
            assert again.startswith("Nothing to do"), again
            print(
                f"{name:<12} {count:>6} {first:>9.2f}s {second:>10.2f}s {check:>11.2f}s  {summary} / check: {verdict}  ({units[name]})"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
