#!/usr/bin/env python3
"""Live preview: from saving a file to the served page showing the change, under `mkdocs serve`.

    .venv/bin/python scripts/bench_preview.py --pages 2000 --saves 5

Generates a synthetic playbook (scripts/synth.py, with git history and the history plugin, as
`bench.py`'s `full` variant) and runs the real `mkdocs serve --dirty` on it twice, each on a
free port of 127.0.0.1 only:

  preview    with `playbook-preview` (the default playbook's configuration)
  rebuild    `playbook-preview: enabled: never`: MkDocs' own full rebuild on every save

Once a server has built the site, the script saves an edit, then polls the page over HTTP every
20 ms until its HTML contains the edit's marker; the time from the save to that response is one
figure. Edits alternate between a page's text and a roadmap item's title (the theme page that
lists it is polled). Prints the median and range per variant and kind, and writes JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import synth  # noqa: E402

TODAY = "2026-11-23"
MKDOCS = str(Path(sys.executable).parent / "mkdocs")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(out: Path, pages: int, items: int, releases: int, commits: int) -> Path:
    root = out / "site-src"
    if root.exists():
        shutil.rmtree(root)
    synth.generate(
        root,
        pages=pages,
        items=items,
        releases=releases,
        commits=commits,
        seed=0,
        today=synth.dt.date.fromisoformat(TODAY),
        plugins="all",
        git_plugin=False,
    )
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace(
        "  - playbook-checks:\n",
        "  - playbook-history\n  - playbook-preview\n  - playbook-checks:\n",
    )
    config.write_text(text, encoding="utf-8")
    (root / "mkdocs-rebuild.yml").write_text(
        text.replace("  - playbook-preview\n", "  - playbook-preview:\n      enabled: never\n"),
        encoding="utf-8",
    )
    return root


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as response:
        return str(response.read().decode("utf-8"))


def wait_for(url: str, marker: str, limit: float) -> float:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            if marker in fetch(url):
                return time.monotonic()
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"{url} did not show {marker!r} within {limit:.0f} s")


class Server:
    def __init__(self, root: Path, config: str, log: Path) -> None:
        self.port = free_port()
        self.log = log.open("w", encoding="utf-8")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY}
        self.process = subprocess.Popen(
            [
                MKDOCS,
                "serve",
                "--dirty",
                "-f",
                config,
                "--dev-addr",
                f"127.0.0.1:{self.port}",
            ],
            cwd=root,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.base = f"http://127.0.0.1:{self.port}/synthetic-playbook/"

    def ready(self, limit: float) -> None:
        wait_for(self.base, "</html>", limit)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def page_target(root: Path) -> tuple[Path, str]:
    """A process page and its URL path."""
    pages = sorted((root / "playbook" / "processes").rglob("*.md"))
    page = pages[len(pages) // 2]
    uri = page.relative_to(root / "playbook").as_posix()[: -len(".md")] + "/"
    return page, uri


def item_target(root: Path, base: str) -> tuple[Path, str]:
    """A roadmap item and the served page of its theme (found by the item's title)."""
    item = sorted((root / "data" / "roadmap").glob("*.yml"))[0]
    title = next(
        line.split(":", 1)[1].strip().strip("'\"")
        for line in item.read_text(encoding="utf-8").splitlines()
        if line.startswith("title:")
    )
    index = fetch(base + "roadmap/")
    for uri in sorted(set(re.findall(r'href="(?:\.\./)*(?:roadmap/)?([a-z0-9-]+)/"', index))):
        try:
            if title in fetch(f"{base}roadmap/{uri}/"):
                return item, f"roadmap/{uri}/"
        except OSError:
            continue
    raise LookupError(f"no theme page lists {title!r}")


def measure(root: Path, config: str, saves: int, out: Path, name: str) -> dict[str, list[float]]:
    server = Server(root, config, out / f"serve-{name}.log")
    times: dict[str, list[float]] = {"page": [], "roadmap": []}
    try:
        server.ready(limit=1800)
        time.sleep(2)  # the watcher settles after the first build
        page, page_uri = page_target(root)
        item, item_uri = item_target(root, server.base)
        for n in range(saves):
            marker = f"Edit marker {name} {n}"
            text = page.read_text(encoding="utf-8")
            page.write_text(text + f"\n{marker}.\n", encoding="utf-8")
            start = time.monotonic()
            times["page"].append(wait_for(server.base + page_uri, marker, 600) - start)
            time.sleep(1)
            text = item.read_text(encoding="utf-8")
            title = next(line for line in text.splitlines() if line.startswith("title:"))
            item_marker = f"Renamed {name} {n}"
            item.write_text(text.replace(title, f"title: {item_marker}", 1), encoding="utf-8")
            start = time.monotonic()
            times["roadmap"].append(wait_for(server.base + item_uri, item_marker, 600) - start)
            time.sleep(1)
    finally:
        server.stop()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--items", type=int, default=400)
    parser.add_argument("--releases", type=int, default=40)
    parser.add_argument("--commits", type=int, default=2000)
    parser.add_argument("--saves", type=int, default=5, help="saves of each kind per variant")
    parser.add_argument("--variants", default="preview,rebuild")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out" / "preview")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    root = prepare(args.out, args.pages, args.items, args.releases, args.commits)
    configs = {"preview": "mkdocs.yml", "rebuild": "mkdocs-rebuild.yml"}
    results: dict[str, Any] = {"pages": args.pages, "saves": args.saves}
    print(f"{'variant':<10} {'edit':<8} {'median s':>9} {'min s':>7} {'max s':>7}")
    for name in args.variants.split(","):
        times = measure(root, configs[name], args.saves, args.out, name)
        results[name] = times
        for kind, values in times.items():
            print(
                f"{name:<10} {kind:<8} {statistics.median(values):9.2f} "
                f"{min(values):7.2f} {max(values):7.2f}"
            )
    (args.out / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
