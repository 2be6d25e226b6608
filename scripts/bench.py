#!/usr/bin/env python3
"""Reproducible speed and memory figures: the same synthetic playbook built several ways.

    .venv/bin/python scripts/bench.py --pages 2000 --runs 3
    .venv/bin/python scripts/bench.py --pages 900 --prose --variants baseline,full   # real prose

Generates one deterministic playbook (scripts/synth.py: N pages, M roadmap items, R releases, C
commits of git history) and measures, alternating the variants in every round:

  baseline   Material alone: the same Markdown, none of our plugins (navigation.prune on)
  pages      Material alone on the same Markdown plus the pages our plugins generate, written
             as Markdown files and placed in the navigation as the plugins place them: full over
             pages is what making them costs, pages over baseline what having them costs
  full       every plugin of ours: playbook, playbook-checks, playbook-history
  nohistory  the full build without playbook-history (what git metadata costs)
  macros     the full build plus mkdocs-macros with our macros module, configured as in the
             default playbook (mostly the cost of mkdocs-macros' own imports)
  check      `playbook check` alone, cold start
  gitdates   Material plus mkdocs-git-revision-date-localized-plugin, what a team would assemble
             for page dates (installed by this script into .cache/bench-venv, not a dependency)

Each measurement runs in a fresh process; peak memory is that process's maximum resident set.
The package's bytecode is written first, as pip writes every dependency's (scripts/benchenv.py).
With --instructions, each variant also runs once under valgrind's callgrind, which counts the
instructions it executes (its child processes included): a count that does not change with what
else the machine runs, so its ratios are free of the noise timed rounds suffer (--runs 0: counts only).
Rounds run the variants in turn, every other round in reverse order (A B, B A: a machine whose
speed drifts as it runs favours no variant). Ratios to the baseline are paired: each round's
figure over the baseline's in the same round, then the median over rounds (this machine's speed
drifts between rounds more than between neighbours).
Prints a table, writes JSON (default bench-out/results.json), and reports the search index size.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import synth  # noqa: E402
from benchenv import compile_package  # noqa: E402

GIT_PLUGIN = "mkdocs-git-revision-date-localized-plugin"
BENCH_VENV = REPO / ".cache" / "bench-venv"
TODAY = "2026-11-23"
#: mkdocs-macros as the default playbook's mkdocs.yml configures it.
MACROS_PLUGIN = """\
  - macros:
      modules: [plugins.macros]
      render_by_default: false
      on_undefined: strict
      on_error_fail: true
"""


def run_measured(
    command: list[str], cwd: Path, env: dict[str, str]
) -> tuple[float, float, int, float]:
    """Wall seconds, peak RSS in MB, exit code and CPU seconds of one command, measured from a
    fresh wrapper so that RUSAGE_CHILDREN covers exactly that command."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "start = time.perf_counter()\n"
        "code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "seconds = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps([seconds, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", wrapper, *command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, peak_kb, code, cpu = json.loads(out.stdout)
    return seconds, peak_kb / 1024, code, cpu


def count_instructions(
    commands: dict[str, tuple[list[str], Path]], env: dict[str, str]
) -> dict[str, int]:
    """Instructions each command executes (valgrind's callgrind, child processes included), run
    side by side on every core: a count does not depend on what else runs."""
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (Debian: apt-get install valgrind)")

    def count(item: tuple[str, tuple[list[str], Path]]) -> tuple[str, int]:
        name, (command, cwd) = item
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "callgrind.out.%p"
            run = subprocess.run(
                [
                    "valgrind",
                    "--tool=callgrind",
                    "--trace-children=yes",
                    f"--callgrind-out-file={out}",
                    *command,
                ],
                cwd=cwd,
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode != 0:
                raise SystemExit(f"{name} failed under valgrind:\n{run.stderr[-2000:]}")
            total = sum(int(n.replace(",", "")) for n in _COLLECTED.findall(run.stderr))
        print(f"  {name:9} {total / 1e9:8.2f} G instructions", flush=True)
        return name, total

    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(pool.map(count, commands.items()))


_COLLECTED = re.compile(r"Collected : ([\d,]+)")


def paired_ratio(
    values: list[tuple[float, float, float]], base: list[tuple[float, float, float]], column: int
) -> float:
    """The median over rounds of value / baseline in the same round (column: 0 time, 1 peak, 2 cpu)."""
    return statistics.median(v[column] / b[column] for v, b in zip(values, base, strict=True))


def ensure_git_plugin_venv() -> Path:
    """A separate virtual environment with the project and the third-party git-dates plugin."""
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-e", str(REPO), GIT_PLUGIN], check=True
        )
    return python


def add_history_plugin(root: Path) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "playbook-history" not in text:
        text = text.replace(
            "  - playbook-checks:\n", "  - playbook-history\n  - playbook-checks:\n", 1
        )
        config.write_text(text, encoding="utf-8")


def prepare(
    out: Path, pages: int, items: int, releases: int, commits: int, seed: int, prose: bool = False
) -> dict[str, Path]:
    """One generated tree per variant (same content and history; only mkdocs.yml differs)."""
    trees = {"baseline": ("none", False), "full": ("all", False), "gitdates": ("none", True)}
    roots = {}
    for name, (plugins, git_plugin) in trees.items():
        root = out / name
        if root.exists():
            shutil.rmtree(root)
        synth.generate(
            root,
            pages=pages,
            items=items,
            releases=releases,
            commits=commits,
            seed=seed,
            today=synth.dt.date.fromisoformat(TODAY),
            plugins=plugins,
            git_plugin=git_plugin,
            prose=prose,
        )
        if name == "full":
            add_history_plugin(root)
            if commits:  # the edit of mkdocs.yml is committed, so the tree stays clean
                subprocess.run(
                    [
                        "git",
                        "-c",
                        "user.name=bench",
                        "-c",
                        "user.email=bench@example.org",
                        "commit",
                        "-qam",
                        "Enable history",
                    ],
                    cwd=root,
                    check=True,
                )
        roots[name] = root
    # The full tree without the history plugin, and with mkdocs-macros; the config files are kept
    # out of git status.
    full = roots["full"]
    config = (full / "mkdocs.yml").read_text(encoding="utf-8")
    (full / "mkdocs-nohistory.yml").write_text(
        config.replace("  - playbook-history\n", ""), encoding="utf-8"
    )
    (full / "mkdocs-macros.yml").write_text(
        config.replace("\nwatch:\n", MACROS_PLUGIN + "\nwatch:\n", 1), encoding="utf-8"
    )
    exclude = full / ".git" / "info" / "exclude"
    if exclude.parent.is_dir():
        exclude.write_text("mkdocs-nohistory.yml\nmkdocs-macros.yml\n", encoding="utf-8")
    roots["pages"] = with_generated_pages(roots["baseline"], full, out / "pages")
    return roots


def with_generated_pages(baseline: Path, full: Path, root: Path) -> Path:
    """A copy of the baseline tree (Material alone) holding, as Markdown files, the pages our
    plugins generate for the full tree, placed in the navigation as the plugins place them: the
    same site for Material to build, so that `full` over `pages` is what making those pages
    costs (loading, checking, generating) and `pages` over `baseline` what having them costs."""
    from plugins.core.loader import load_playbook
    from plugins.core.render import site
    from plugins.core.render.generate import generate_pages
    from plugins.core.render.text import put_html_blocks
    from plugins.core.settings import read_settings

    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(baseline, root, ignore=shutil.ignore_patterns(".git"))
    settings = read_settings(full)
    pb = load_playbook(settings).playbook
    context = site.SiteContext(
        today=synth.dt.date.fromisoformat(TODAY),
        site_url="https://example.org/synthetic-playbook/",
        data_dir=settings.data_dir,
    )
    docs = root / settings.docs_dir
    for page in generate_pages(pb, context, settings):
        target = docs / page.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(page.content, bytes):
            target.write_bytes(page.content)
            continue
        text = put_html_blocks(page.content, page.blocks)
        target.write_text(put_html_blocks(text, page.late, late=True), encoding="utf-8")
    # As the plugins do in a site without `nav:` (content plugin, `on_files`).
    hidden = [site.theme_uri(t) for t in pb.themes] + [site.release_uri(r) for r in pb.releases]
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text += "\nnot_in_nav: |\n" + "".join(f"  /{uri}\n" for uri in hidden)
    text += f"\nextra_css:\n  - {site.STYLESHEET}\nextra_javascript:\n  - {site.ROADMAP_JS}\n"
    config.write_text(text, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--items", type=int, help="roadmap items (default: pages / 5)")
    parser.add_argument("--releases", type=int, help="releases (default: pages / 50)")
    parser.add_argument("--commits", type=int, help="commits of history (default: pages * 2)")
    parser.add_argument("--runs", type=int, default=3, help="rounds; variants alternate in each")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--prose",
        action="store_true",
        help="pages shaped like a real handbook (synth.py --prose): long, tables, raw HTML, links",
    )
    parser.add_argument("--variants", default="baseline,pages,full,nohistory,macros,check,gitdates")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out")
    parser.add_argument(
        "--json", type=Path, help="where to write the results (default OUT/results.json)"
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="also count each variant's instructions once under valgrind's callgrind (about 50x "
        "slower, but the same count whatever else the machine does: ratios free of its noise)",
    )
    args = parser.parse_args(argv)
    items = args.items if args.items is not None else max(args.pages // 5, 10)
    releases = args.releases if args.releases is not None else max(args.pages // 50, 3)
    commits = args.commits if args.commits is not None else args.pages * 2
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    args.out.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    roots = prepare(args.out, args.pages, items, releases, commits, args.seed, args.prose)
    print(
        f"generated {args.pages} pages, {items} items, {releases} releases, {commits} commits "
        f"in {time.perf_counter() - started:.1f}s",
        flush=True,
    )
    venv_bin = Path(sys.executable).parent
    compile_package()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PLAYBOOK_TODAY": TODAY}
    commands: dict[str, tuple[list[str], Path]] = {}
    for name in variants:
        if name == "check":
            commands[name] = (
                [str(venv_bin / "playbook"), "check", "--today", TODAY],
                roots["full"],
            )
        elif name in ("nohistory", "macros"):
            command = [
                str(venv_bin / "mkdocs"),
                "build",
                "-q",
                "-f",
                f"mkdocs-{name}.yml",
                "-d",
                str(args.out / f"site-{name}"),
            ]
            commands[name] = (command, roots["full"])
        elif name == "gitdates":
            python = ensure_git_plugin_venv()
            commands[name] = (
                [str(python), "-m", "mkdocs", "build", "-q", "-d", str(args.out / "site-gitdates")],
                roots["gitdates"],
            )
        else:
            commands[name] = (
                [str(venv_bin / "mkdocs"), "build", "-q", "-d", str(args.out / f"site-{name}")],
                roots[name],
            )

    instructions = count_instructions(commands, env) if args.instructions else {}
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for round_number in range(1, args.runs + 1):
        # Every other round runs the variants in reverse order (A B, then B A): on a machine that
        # slows down or speeds up as it runs, no variant always runs last.
        ordered = list(commands.items())
        if round_number % 2 == 0:
            ordered.reverse()
        for name, (command, cwd) in ordered:
            seconds, peak, code, cpu = run_measured(command, cwd, env)
            if code != 0:
                print(f"{name}: exit {code} ({' '.join(command)} in {cwd})", file=sys.stderr)
                return 1
            samples[name].append((seconds, peak, cpu))
            print(
                f"  round {round_number} {name:9} {seconds:7.2f} s {cpu:7.2f} s cpu {peak:7.0f} MB",
                flush=True,
            )

    results: dict[str, dict[str, Any]] = {}
    for name, values in samples.items():
        if not values:
            continue  # --runs 0: instruction counts only
        times = [t for t, _, _ in values]
        results[name] = {
            "median_s": statistics.median(times),
            "min_s": min(times),
            "max_s": max(times),
            "cpu_s": statistics.median(c for _, _, c in values),
            "peak_mb": statistics.median(p for _, p, _ in values),
        }
    base = samples.get("baseline")
    print()
    if instructions:
        counted = instructions.get("baseline")
        for name, count in instructions.items():
            ratio = count / counted if counted else float("nan")
            results.setdefault(name, {})["instructions"] = count
            results[name]["instructions_vs_baseline"] = ratio
            print(f"{name:10} {count / 1e9:8.2f} G instructions {ratio:6.3f}x baseline")
    if any("median_s" in r for r in results.values()):
        print(
            f"{'variant':10} {'median s':>9} {'min':>7} {'max':>7} {'cpu s':>7} {'peak MB':>8} {'time x':>7} {'cpu x':>6} {'mem x':>6}"
        )
    for name, r in results.items():
        if "median_s" not in r:
            continue
        # Ratios are paired: each round's measurement against the baseline of the same round, then
        # the median over rounds, so that a machine slowing down between rounds does not skew them.
        if base:
            ratio_t = paired_ratio(samples[name], base, 0)
            ratio_m = paired_ratio(samples[name], base, 1)
            ratio_c = paired_ratio(samples[name], base, 2)
        else:
            ratio_t = ratio_m = ratio_c = float("nan")
        r["time_vs_baseline"], r["cpu_vs_baseline"], r["memory_vs_baseline"] = (
            ratio_t,
            ratio_c,
            ratio_m,
        )
        print(
            f"{name:10} {r['median_s']:9.2f} {r['min_s']:7.2f} {r['max_s']:7.2f} {r['cpu_s']:7.2f} "
            f"{r['peak_mb']:8.0f} {ratio_t:7.2f} {ratio_c:6.2f} {ratio_m:6.2f}"
        )
    if base:
        for name, values in samples.items():
            if name != "baseline":
                rounds = [v[0] / b[0] for v, b in zip(values, base, strict=True)]
                results[name]["time_vs_baseline_by_round"] = rounds
                print(f"{name}: time / baseline by round: {', '.join(f'{x:.2f}' for x in rounds)}")
    index_sizes = {}
    for name in ("baseline", "full"):
        index = args.out / f"site-{name}" / "search" / "search_index.json"
        if index.is_file():
            index_sizes[name] = index.stat().st_size
            print(f"search index ({name}): {index.stat().st_size / 1024 / 1024:.2f} MB")
    report = {
        "pages": args.pages,
        "items": items,
        "releases": releases,
        "commits": commits,
        "runs": args.runs,
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "results": results,
        "search_index_bytes": index_sizes,
        "command": "python scripts/bench.py "
        + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    target = args.json or args.out / "results.json"
    target.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
