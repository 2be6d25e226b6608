"""reno release notes -> releases and the unreleased pool.

reno keeps one YAML file per change in `releasenotes/notes/`, each with RST text under sections
(`features`, `upgrade`, `deprecations`, `fixes`, `security`, `issues`, `other`, `critical`, or
those the project configures) and an optional `prelude`. As reno does, a note belongs to the first
release tag whose history contains the commit that added it; pre-release tags (`1.2.0rc1`,
`1.2.0.0b1`) fold into their release, and notes only in a pre-release whose release is not
tagged yet stay in the pool, as do notes added after the last tag or not committed. The text is
the note as it is in the working tree. Each section item becomes an entry; the preludes of a
release's notes become its summary.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from packaging.version import InvalidVersion, Version

from plugins.core.importers.common import ImportError_, ImportPlan, TypeMap, Unmapped
from plugins.core.importers.releases import (
    Entry,
    Target,
    check_output,
    counts_summary,
    pool_outputs,
    release_output,
    released_texts,
    without_item_types,
)
from plugins.core.importers.rst import rst_to_markdown
from plugins.core.yamlio import parse_yaml, read_text

#: reno's default sections, in its display order.
DEFAULT_SECTIONS = (
    "features",
    "issues",
    "upgrade",
    "deprecations",
    "critical",
    "security",
    "fixes",
    "other",
)


@dataclass(frozen=True, slots=True)
class RenoConfig:
    sections: tuple[str, ...] = DEFAULT_SECTIONS
    prelude: str = "prelude"
    source: str = ""


def find_config(notes_dir: Path, repo: Path) -> RenoConfig:
    """reno's configuration: `reno.yaml` at the top of the repository or `config.yaml` next to
    the notes folder (reno's two places)."""
    for path in (repo / "reno.yaml", notes_dir.parent / "config.yaml"):
        if not path.is_file():
            continue
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise ImportError_(f"cannot read reno configuration {path}: {error}") from None
        if not isinstance(data, dict):
            continue
        sections: tuple[str, ...] = DEFAULT_SECTIONS
        raw = data.get("sections")
        if isinstance(raw, list) and raw:
            sections = tuple(str(s[0]) if isinstance(s, list) and s else str(s) for s in raw)
        return RenoConfig(sections, str(data.get("prelude_section_name") or "prelude"), str(path))
    return RenoConfig()


# ---- Git -----------------------------------------------------------------------------------------


def _git(repo: Path, *args: str, stdin: str | None = None) -> str:
    try:
        done = subprocess.run(
            ["git", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as error:
        raise ImportError_(f"cannot run git: {error}") from None
    if done.returncode != 0:
        raise ImportError_(f"git {args[0]} failed in {repo}: {done.stderr.strip()}")
    return done.stdout


def repo_top(path: Path) -> Path:
    return Path(_git(path, "rev-parse", "--show-toplevel").strip())


@dataclass(frozen=True, slots=True)
class Tag:
    name: str
    version: Version
    date: dt.date


def release_version(version: Version) -> str | None:
    """MAJOR.MINOR.PATCH of a (pre-)release: `1.2.0.0b1` -> `1.2.0`; None past three numbers."""
    numbers = list(version.release)
    while len(numbers) > 3 and numbers[-1] == 0:
        numbers.pop()
    if len(numbers) > 3:
        return None
    numbers += [0] * (3 - len(numbers))
    return ".".join(str(n) for n in numbers)


def read_tags(repo: Path) -> list[Tag]:
    """Tags that name a version, lowest version first."""
    tags: list[Tag] = []
    listing = _git(
        repo, "for-each-ref", "--format=%(refname:strip=2)%09%(creatordate:short)", "refs/tags"
    )
    for line in listing.splitlines():
        name, _, date = line.partition("\t")
        try:
            version = Version(name)
            tags.append(Tag(name, version, dt.date.fromisoformat(date)))
        except (InvalidVersion, ValueError):
            continue
    tags.sort(key=lambda t: t.version)
    return tags


def first_tags(repo: Path, tags: list[Tag]) -> dict[str, Tag]:
    """For every commit reachable from a tag: the lowest-version tag that contains it."""
    owner: dict[str, Tag] = {}
    earlier: list[str] = []
    for tag in tags:
        spec = "\n".join([f"refs/tags/{tag.name}", *(f"^refs/tags/{e}" for e in earlier)]) + "\n"
        for commit in _git(repo, "rev-list", "--stdin", stdin=spec).split():
            owner.setdefault(commit, tag)
        earlier.append(tag.name)
    return owner


def added_in(repo: Path, notes_rel: str) -> dict[str, str]:
    """Path of each note (relative to the repository) -> the commit that first added it."""
    out: dict[str, str] = {}
    log = _git(
        repo,
        "log",
        "--reverse",
        "--no-renames",
        "--diff-filter=A",
        "--format=%x00%H",
        "--name-only",
        "--",
        notes_rel or ".",
    )
    commit = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit = line[1:]
        elif line.strip():
            out.setdefault(line.strip(), commit)
    return out


# ---- Notes ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Version:
    version: str
    date: dt.date
    preludes: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    first_line: tuple[str, int] = ("", 1)


def plan_reno(
    notes_dir: Path,
    repo: Path,
    target: Target,
    types: TypeMap,
    config: RenoConfig,
    display: str,
) -> ImportPlan:
    """What importing the reno notes in `notes_dir` (shown as `display`) creates."""
    if not notes_dir.is_dir():
        raise ImportError_(f"{display} is not a folder")
    top = repo_top(repo)
    if not notes_dir.resolve().is_relative_to(top.resolve()):
        raise ImportError_(f"{display} is not inside the git repository {top}")
    notes_rel = notes_dir.resolve().relative_to(top.resolve()).as_posix()
    notes_rel = "" if notes_rel == "." else notes_rel
    tags = read_tags(top)
    owner = first_tags(top, tags)
    added = added_in(top, notes_rel)
    finals = {
        t.version.public: t
        for t in tags
        if not (t.version.is_prerelease or t.version.is_postrelease or t.version.is_devrelease)
    }
    by_release: dict[str, Tag] = {}
    for tag in finals.values():
        name = release_version(tag.version)
        if name is not None:
            by_release.setdefault(name, tag)

    unmapped: list[Unmapped] = []
    notes: list[str] = []
    versions: dict[str, _Version] = {}
    pool: list[tuple[str, Entry]] = []
    already = released_texts(target)
    allowed = {*config.sections, config.prelude}

    rank = {commit: i for i, commit in enumerate(dict.fromkeys(added.values()))}

    def order(path: Path) -> tuple[int, str]:
        return (rank.get(added.get(_rel(path, top), ""), len(rank)), path.name)

    paths = sorted(
        (p for p in notes_dir.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file()), key=order
    )
    for path in paths:
        rel = f"{display}/{path.name}"
        text, problems = read_text(path, rel)
        if text is None or problems:
            unmapped.extend(Unmapped(rel, f.line, f.message) for f in problems)
            continue
        parsed = parse_yaml(text, rel)
        if parsed.findings:
            unmapped.extend(Unmapped(rel, f.line, f.message) for f in parsed.findings)
            continue
        if not isinstance(parsed.value, dict):
            unmapped.append(Unmapped(rel, 1, "a reno note is a mapping of sections; not imported"))
            continue
        where, tag_note = _where(_rel(path, top), added, owner, by_release)
        if tag_note:
            notes.append(f"{rel}: {tag_note}")
        for section, value in parsed.value.items():
            line = parsed.marks.at((section,)).line
            if section not in allowed:
                unmapped.append(
                    Unmapped(
                        rel,
                        line,
                        f"'{section}' is not a reno section of this project; not imported",
                    )
                )
                continue
            items = [value] if isinstance(value, str) else value
            if not isinstance(items, list):
                unmapped.append(
                    Unmapped(rel, line, f"'{section}' must hold text or a list of texts")
                )
                continue
            for index, item in enumerate(items):
                key_path: tuple[str | int, ...] = (
                    (section,) if isinstance(value, str) else (section, index)
                )
                item_line = parsed.marks.at(key_path).line
                if not isinstance(item, str) or not item.strip():
                    unmapped.append(
                        Unmapped(rel, item_line, f"'{section}' item is not text; not imported")
                    )
                    continue
                converted = rst_to_markdown(item)
                block = _block_offset(text, item_line)
                unmapped.extend(
                    Unmapped(rel, item_line + block + n - 1, r) for n, r in converted.problems
                )
                if section == config.prelude:
                    if where is None:
                        notes.append(
                            f"{rel}:{item_line}: prelude of an unreleased note has no release to introduce; not imported"
                        )
                    else:
                        versions.setdefault(
                            where[0], _Version(where[0], where[1], first_line=(rel, item_line))
                        ).preludes.append(converted.markdown)
                    continue
                entry_type = types.type_for(section)
                if entry_type is None:
                    unmapped.append(
                        Unmapped(
                            rel,
                            item_line,
                            f"section '{section}' maps to no entry type (map it with --map '{section}=TYPE')",
                        )
                    )
                    continue
                if not entry_type:
                    continue
                entry = Entry(entry_type, converted.markdown, rel, item_line)
                if not without_item_types([entry], target, unmapped):
                    continue
                if where is None:
                    if entry.text in already:
                        notes.append(
                            f"{rel}:{item_line}: already released in {already[entry.text]}; not added to the pool"
                        )
                    else:
                        pool.append((f"reno-{path.stem}-{section}-{index + 1}", entry))
                else:
                    versions.setdefault(
                        where[0], _Version(where[0], where[1], first_line=(rel, item_line))
                    ).entries.append(entry)

    outputs = []
    for name in sorted(versions, key=Version):
        release = versions[name]
        if not release.entries:
            unmapped.append(
                Unmapped(
                    *release.first_line,
                    f"release {name} has a prelude but no entries; not imported",
                )
            )
            continue
        summary = "\n\n".join(p for p in release.preludes if p).strip()
        if not summary:
            summary = counts_summary(release.entries, target)
            notes.append(f"release {name}: no prelude; the summary lists the counts")
        output = release_output(target, name, release.date, summary, release.entries)
        check_output(output, "release", target, unmapped)
        outputs.append(output)
    outputs.extend(pool_outputs(target, pool))
    return ImportPlan(tuple(outputs), tuple(sorted(unmapped)), tuple(notes))


def _rel(path: Path, top: Path) -> str:
    return path.resolve().relative_to(top.resolve()).as_posix()


def _where(
    rel: str, added: dict[str, str], owner: dict[str, Tag], by_release: dict[str, Tag]
) -> tuple[tuple[str, dt.date] | None, str]:
    """(release version, date) of a note, or None for the pool; and a remark for the user."""
    commit = added.get(rel)
    if commit is None:
        return None, "not committed yet; its entries go to the unreleased pool"
    tag = owner.get(commit)
    if tag is None:
        return None, ""
    name = release_version(tag.version)
    if name is None:
        return (
            None,
            f"first released in {tag.name}, which is not MAJOR.MINOR.PATCH; its entries go to the pool",
        )
    final = by_release.get(name)
    if final is None:
        return (
            None,
            f"only in pre-release {tag.name} ({name} is not tagged yet); its entries go to the pool",
        )
    return (name, final.date), ""


def _block_offset(text: str, line: int) -> int:
    """1 when the scalar on `line` is a block (`|` or `>`): its text starts on the next line."""
    lines = text.split("\n")
    if 0 < line <= len(lines):
        stripped = lines[line - 1].rstrip()
        return 1 if stripped.endswith(("|", ">", "|-", ">-", "|+", ">+")) else 0
    return 0
