#!/usr/bin/env python3
"""Time spent turning the data into pages: 2,000 roadmap items and 200 releases by default.

    .venv/bin/python scripts/bench_render.py [--items 2000] [--releases 200] [--runs 5]

Loads a synthetic playbook once, then times `generate_site` (every generated page, feed, export
and calendar), median of --runs. Target: under half a second. Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
sys.path.insert(0, str(REPO))

import synth  # noqa: E402

from plugins.core.loader import load_playbook  # noqa: E402
from plugins.core.render.generate import generate_site  # noqa: E402
from plugins.core.render.site import SiteContext  # noqa: E402
from plugins.core.settings import read_settings  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--releases", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    today = dt.date(2026, 11, 23)
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "playbook"
        synth.generate(
            root, pages=args.pages, items=args.items, releases=args.releases, today=today
        )
        settings = read_settings(root)
        started = time.perf_counter()
        loaded = load_playbook(settings)
        load_seconds = time.perf_counter() - started
        ctx = SiteContext(today=today, site_url="https://example.org/", site_name="Bench")
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            generated = generate_site(loaded.playbook, ctx, settings)
            times.append(time.perf_counter() - started)
    median = statistics.median(times)
    size = sum(len(g.content) for g in generated)
    print(
        f"{args.items} items, {args.releases} releases: {len(generated)} generated files, {size / 1e6:.1f} MB"
    )
    print(
        f"load {load_seconds:.2f} s (data and pages); render median {median:.3f} s (min {min(times):.3f}, max {max(times):.3f})"
    )
    ok = median < 0.5
    print("target met (< 0.5 s)" if ok else "TARGET MISSED (>= 0.5 s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
