#!/usr/bin/env python3
"""`playbook check` speed and scaling, from a cold start, on synthetic playbooks.

    .venv/bin/python scripts/bench_check.py                 # 5,000 pages / 2,000 items / 200 releases, and 10x
    .venv/bin/python scripts/bench_check.py --scale 1       # only the base size

Each measurement is a fresh `playbook check` process (imports included), median of --runs; the
package's bytecode is written first, as pip writes every dependency's (scripts/benchenv.py):

  cold    no parse cache (an empty cache directory for every run): what CI and a first run pay
  warm    the cache of the previous run, no file changed
  edited  the cache of the previous run, one page edited before each run (what a PM re-running
          the check after saving a page pays)
  broken  cold, on a copy with --broken-links links to no page (half of them typos of a page in
          the same folder, whose fix the check proposes): a reorganised handbook's first run

Targets (issue 18): cold at most 1.5 s and warm at most 0.5 s at the base size; ten times the
content, cold, at most eleven times the time. Issue 14: broken at most 1.1 times cold. Prints every figure and exits 1 when a target is
missed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import synth  # noqa: E402
from benchenv import compile_package  # noqa: E402

TODAY = "2026-11-23"


def measure(root: Path, runs: int, mode: str) -> float:
    playbook = Path(sys.executable).parent / "playbook"
    times = []
    with tempfile.TemporaryDirectory(prefix="bench-check-cache-") as kept:
        env = {**os.environ, "PLAYBOOK_CACHE_DIR": kept}
        page = sorted((root / "playbook").rglob("*.md"))[-1]
        original = page.read_bytes()
        if mode not in ("cold", "broken"):  # the run that fills the cache
            subprocess.run(
                [str(playbook), "check", "--root", str(root), "--today", TODAY],
                capture_output=True,
                env=env,
                check=False,
            )
        try:
            for n in range(runs):
                if mode in ("cold", "broken"):
                    env["PLAYBOOK_CACHE_DIR"] = tempfile.mkdtemp(dir=kept)
                elif mode == "edited":
                    page.write_bytes(original + f"\nEdited {n}.\n".encode())
                start = time.perf_counter()
                result = subprocess.run(
                    [str(playbook), "check", "--root", str(root), "--today", TODAY],
                    capture_output=True,
                    text=True,
                    env=env,
                    check=False,
                )
                times.append(time.perf_counter() - start)
                if result.returncode != (1 if mode == "broken" else 0):
                    raise SystemExit(f"playbook check failed on {root}:\n{result.stdout[-2000:]}")
        finally:
            page.write_bytes(original)
    return statistics.median(times)


def with_broken_links(root: Path, copy: Path, count: int) -> Path:
    """A copy of `root` where `count` pages gain a link to no page: even ones a typo of a page
    in the same folder, odd ones a name no page has."""
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(root, copy)
    pages = sorted((copy / "playbook").rglob("*.md"))[:count]
    for n, page in enumerate(pages):
        target = f"{page.stem[:-1]}{page.stem[-1]}{page.stem[-1]}.md" if n % 2 else f"gone-{n}.md"
        with page.open("a", encoding="utf-8") as out:
            out.write(f"\nSee also [this]({target}).\n")
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--releases", type=int, default=200)
    parser.add_argument(
        "--scale", type=int, default=10, help="also measure this multiple of the content (1: skip)"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--broken-links", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=REPO / "bench-out" / "check")
    args = parser.parse_args(argv)
    sizes = [1] if args.scale <= 1 else [1, args.scale]
    compile_package()
    rows = []
    for factor in sizes:
        root = args.out / f"x{factor}"
        if not (root / "mkdocs.yml").is_file():
            if root.exists():
                subprocess.run(["rm", "-rf", str(root)], check=True)
            started = time.perf_counter()
            synth.generate(
                root,
                pages=args.pages * factor,
                items=args.items * factor,
                releases=args.releases * factor,
                today=synth.dt.date.fromisoformat(TODAY),
            )
            print(f"generated x{factor} in {time.perf_counter() - started:.1f}s", flush=True)
        modes = ("cold", "warm", "edited") if factor == 1 else ("cold",)
        figures = {mode: measure(root, args.runs, mode) for mode in modes}
        if factor == 1 and args.broken_links:
            broken = with_broken_links(root, args.out / "x1-broken", args.broken_links)
            figures["broken"] = measure(broken, args.runs, "broken")
        seconds = figures["cold"]
        rows.append(
            {
                "factor": factor,
                "pages": args.pages * factor,
                "items": args.items * factor,
                "releases": args.releases * factor,
                "seconds": seconds,
                **{f"{mode}_seconds": value for mode, value in figures.items()},
            }
        )
        shown = ", ".join(f"{mode} {value:.2f} s" for mode, value in figures.items())
        print(
            f"x{factor}: {args.pages * factor} pages, {args.items * factor} items, {args.releases * factor} releases: {shown}",
            flush=True,
        )
    ok = rows[0]["seconds"] <= 1.5 and rows[0]["warm_seconds"] <= 0.5
    if "broken_seconds" in rows[0]:
        ratio = rows[0]["broken_seconds"] / rows[0]["seconds"]
        print(f"{args.broken_links} broken links took {ratio:.2f}x the clean time (target 1.1x)")
        ok = ok and ratio <= 1.1
    if len(rows) == 2:
        ratio = rows[1]["seconds"] / rows[0]["seconds"]
        print(
            f"{args.scale}x the content took {ratio:.2f}x the time (target at most {args.scale * 1.1:.0f}x)"
        )
        ok = ok and ratio <= args.scale * 1.1
    print(json.dumps({"check": rows, "cpus": os.cpu_count()}))
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
