"""Benchmark `plugins.core.history.build_index` on a large synthetic repository.

The repository is generated deterministically with `git fast-import`: a first commit imports a
fifth of the files, later commits add the rest, edit one to three pages each, now and then rename
or delete one, and every 50th commit starts a side branch (three commits) that is merged back.
Authors include non-ASCII names. Every commit counts toward `--commits`, merges included.

    .venv/bin/python scripts/bench_history.py [--files 5000] [--commits 10000] [--keep DIR]

Prints a small table, then one JSON line; exits 1 when the median exceeds `--budget` seconds.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from plugins.core.history import build_index

SEED = 20261123
START = 1_704_067_200  # 2024-01-01T00:00:00Z
STEP = 900  # seconds between commits
AUTHORS = (
    ("Zoë Ångström", "zoe@example.com"),
    ("José Núñez", "jose@example.com"),
    ("Amara Okafor", "amara@example.com"),
    ("Björn Lindqvist", "bjorn@example.com"),
    ("Chen Wei", "chen@example.com"),
    ("Dana Cohen", "dana@example.com"),
    ("Élodie Marchand", "elodie@example.com"),
    ("Farid Haddad", "farid@example.com"),
    ("Grace Hopper", "grace@example.com"),
    ("Hiroshi Tanaka", "hiroshi@example.com"),
    ("Ingrid Søndergaard", "ingrid@example.com"),
    ("Jamal Wright", "jamal@example.com"),
)
AREAS = 50
BRANCH_EVERY = 50


class _Stream:
    """Writes a `git fast-import` stream for a history with a known number of commits."""

    def __init__(self, files: int, commits: int) -> None:
        self.rng = random.Random(SEED)
        self.files, self.commits = files, commits
        self.chunks: list[bytes] = []
        self.made = 0
        self.mark = 0
        self.serial = 0  # numbers fresh file names
        self.to_add = files
        self.live: list[str] = []
        self.revision: dict[str, int] = {}

    def build(self) -> bytes:
        main: int | None = None
        first = max(1, self.files // 5)
        while self.made < self.commits:
            left = self.commits - self.made
            if main is not None and self.made % BRANCH_EVERY == 0 and left >= 6 and self.live:
                main = self._branch_and_merge(main)
            else:
                adds = first if main is None else self._adds_due(left)
                main = self._regular(main, adds)
        return b"".join(self.chunks)

    # -- one commit of each kind --

    def _regular(self, parent: int | None, adds: int) -> int:
        rng = self.rng
        edited = rng.sample(self.live, min(len(self.live), rng.randint(1, 3))) if parent else []
        changes = [self._modify(path) for path in edited]
        spare = rng.choice(self.live) if self.live else None
        untouched = spare if spare is not None and spare not in edited else None
        if parent and untouched and rng.random() < 0.01:
            old = untouched
            new = self._fresh_name()
            self.live[self.live.index(old)] = new
            self.revision[new] = self.revision.pop(old)
            changes.append(f"R {old} {new}\n".encode())
        elif parent and untouched and rng.random() < 0.005:
            gone = untouched
            self.live.remove(gone)
            del self.revision[gone]
            self.to_add += 1
            changes.append(f"D {gone}\n".encode())
        for _ in range(adds):
            path = self._fresh_name()
            self.live.append(path)
            self.revision[path] = 0
            changes.append(self._modify(path))
        self.to_add -= adds
        subject = f"Add {adds} pages" if adds > len(edited) else f"Edit {len(edited)} pages"
        return self._commit("main", parent, None, subject, changes)

    def _branch_and_merge(self, main: int) -> int:
        rng = self.rng
        touched: set[str] = set()
        tip = main
        for step in range(3):
            path = rng.choice(self.live)
            touched.add(path)
            tip = self._commit(
                "topic", main if step == 0 else None, None, f"Topic: {path}", [self._modify(path)]
            )
        others = [path for path in self.live[:200] if path not in touched]
        main = self._commit("main", None, None, "Main moves on", [self._modify(others[0])])
        replay = [self._modify(path, bump=False) for path in sorted(touched)]
        return self._commit("main", None, tip, "Merge branch 'topic'", replay)

    def _adds_due(self, left: int) -> int:
        if left == 1:
            return self.to_add
        window = max(1, int(self.commits * 0.8) - self.made)
        rate = self.to_add / window
        return min(self.to_add, math.floor(rate) + (self.rng.random() < rate % 1))

    # -- stream pieces --

    def _fresh_name(self) -> str:
        self.serial += 1
        return f"playbook/area-{self.serial % AREAS:02d}/page-{self.serial:05d}.md"

    def _modify(self, path: str, *, bump: bool = True) -> bytes:
        if bump:
            self.revision[path] += 1
        revision = self.revision[path]
        body = "".join(
            f"Step {line}: keep the page about {path} current (revision {revision}).\n"
            for line in range(6)
        )
        data = f"# {path}\n\n{body}".encode()
        return b"M 100644 inline %s\ndata %d\n%s\n" % (path.encode(), len(data), data)

    def _commit(
        self, branch: str, parent: int | None, merge: int | None, subject: str, changes: list[bytes]
    ) -> int:
        self.mark += 1
        name, email = AUTHORS[self.rng.randrange(len(AUTHORS))]
        when = START + self.made * STEP
        message = subject.encode()
        head = [
            f"commit refs/heads/{branch}\nmark :{self.mark}\n".encode(),
            f"author {name} <{email}> {when} +0000\n".encode(),
            f"committer {name} <{email}> {when} +0000\n".encode(),
            b"data %d\n%s\n" % (len(message), message),
        ]
        if parent is not None:
            head.append(b"from :%d\n" % parent)
        if merge is not None:
            head.append(b"merge :%d\n" % merge)
        self.chunks.extend(head)
        self.chunks.extend(changes)
        self.chunks.append(b"\n")
        self.made += 1
        return self.mark


def generate(target: Path, files: int, commits: int) -> None:
    """Create the synthetic repository in `target` (an empty or missing directory)."""
    target.mkdir(parents=True, exist_ok=True)
    stream = _Stream(files, commits).build()
    git = ["git", "-C", str(target)]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run([*git, "branch", "-q", "-D", "topic"], check=False)
    subprocess.run([*git, "reset", "-q", "--hard", "main"], check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=5000, help="files at HEAD (default 5000)")
    parser.add_argument("--commits", type=int, default=10000, help="commits (default 10000)")
    parser.add_argument("--keep", type=Path, help="build the repository here and keep it")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (default 5)")
    parser.add_argument("--budget", type=float, default=1.0, help="median limit in seconds")
    args = parser.parse_args(argv)

    scratch = None if args.keep else Path(tempfile.mkdtemp(prefix="bench-history-"))
    repo = args.keep or scratch
    assert repo is not None
    try:
        if args.keep and (repo / ".git").exists():
            generate_s = 0.0  # reuse a kept repository
        else:
            started = time.perf_counter()
            generate(repo, args.files, args.commits)
            generate_s = time.perf_counter() - started
        timings = []
        index = None
        for _ in range(args.runs):
            started = time.perf_counter()
            index = build_index(repo)
            timings.append(time.perf_counter() - started)
        assert index is not None
        started = time.perf_counter()
        subprocess.run(
            ["git", "-C", str(repo), "log", "--name-status", "-M", "-z", "--date-order"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        git_log_s = time.perf_counter() - started
        merges = subprocess.run(
            ["git", "-C", str(repo), "rev-list", "--merges", "--count", "HEAD"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)

    median = statistics.median(timings)
    result = {
        "files": len(index.files),
        "commits": len(index.log),
        "merges": int(merges),
        "generate_s": round(generate_s, 3),
        "build_index_median_s": round(median, 3),
        "build_index_min_s": round(min(timings), 3),
        "build_index_max_s": round(max(timings), 3),
        "git_log_s": round(git_log_s, 3),
        "runs": len(timings),
        "budget_s": args.budget,
        "within_budget": median <= args.budget,
    }
    rows = [
        ("files at HEAD", f"{result['files']}"),
        ("commits (merges)", f"{result['commits']} ({result['merges']})"),
        ("generate", f"{generate_s:.2f} s"),
        (
            f"build_index ({len(timings)} runs)",
            f"median {median:.3f} s  min {min(timings):.3f} s  max {max(timings):.3f} s",
        ),
        ("plain git log", f"{git_log_s:.3f} s"),
        ("budget", f"{args.budget:.3f} s: {'ok' if result['within_budget'] else 'EXCEEDED'}"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    print(json.dumps(result, sort_keys=True))
    return 0 if result["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
