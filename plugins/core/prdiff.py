"""What a change does to the playbook, in words a reviewer reads in ten seconds.

Compares the content at a git revision with the working tree, as models, not as text: roadmap items
added, removed, moved between horizons or quarters, re-owned or re-statused; release entries added;
processes and templates added, retired, re-owned, reviewed, and which sections changed; findings
introduced and fixed.
"""

from __future__ import annotations

import dataclasses
import io
import re
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import git

from plugins.core.checks import run_checks
from plugins.core.gitutil import GitError, open_repo

if TYPE_CHECKING:
    import datetime as dt

    from plugins.core.checks import Report
    from plugins.core.model import Doc, Playbook, RoadmapItem
    from plugins.core.settings import Settings

_SECTION = re.compile(r"^## +(.+?)\s*$", re.MULTILINE)


@dataclass
class Changes:
    """The differences between two playbooks, as lines of Markdown per topic."""

    roadmap: list[str] = field(default_factory=list)
    releases: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    introduced: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.roadmap or self.releases or self.pages or self.introduced or self.fixed)


def checkout(settings: Settings, ref: str, into: Path) -> Path:
    """Extract the playbook's files at `ref` into `into` (via `git archive`); returns the root."""
    repo = open_repo(settings.root)
    top = Path(repo.working_tree_dir or settings.root).resolve()
    prefix = settings.root.resolve().relative_to(top).as_posix()
    paths = [settings.docs_dir, settings.data_dir, "mkdocs.yml"]
    wanted = [f"{prefix}/{p}" if prefix != "." else p for p in paths]
    try:
        repo.commit(ref)
        listed = repo.git.ls_tree("-r", "--name-only", ref, "--", *wanted).splitlines()
        data = repo.git.archive(ref, "--", *wanted, stdout_as_string=False) if listed else b""
    except (git.BadName, ValueError, git.GitCommandError) as error:
        raise GitError(f"cannot read revision '{ref}': {error}") from error
    if data:
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            archive.extractall(into, filter="data")
    root = into / prefix if prefix != "." else into
    root.mkdir(parents=True, exist_ok=True)
    return root


def diff_against(settings: Settings, ref: str, today: dt.date) -> Changes:
    """Changes between the playbook at `ref` and the working tree."""
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as temp:
        old_root = checkout(settings, ref, Path(temp))
        old_settings = dataclasses.replace(settings, root=old_root)
        old = run_checks(old_settings, today)
        new = run_checks(settings, today)
        return compare(old, new, old_root, settings.root)


def compare(old: Report, new: Report, old_root: Path, new_root: Path) -> Changes:
    changes = Changes()
    _roadmap(old.playbook, new.playbook, changes)
    _releases(old.playbook, new.playbook, changes)
    _docs(old.playbook, new.playbook, old_root, new_root, changes)
    before = {(f.rule, f.path, f.message) for f in old.findings}
    after = {(f.rule, f.path, f.message) for f in new.findings}
    for finding in new.findings:
        if (finding.rule, finding.path, finding.message) not in before:
            changes.introduced.append(f"`{finding.format()}`")
    for finding in old.findings:
        if (finding.rule, finding.path, finding.message) not in after:
            changes.fixed.append(f"`{finding.rule}` {finding.path}: {finding.message}")
    return changes


def _item_name(item: RoadmapItem) -> str:
    return f"**{item.title}** (`{item.id}`)"


def _roadmap(old: Playbook, new: Playbook, changes: Changes) -> None:
    for ident in sorted(new.roadmap.keys() - old.roadmap.keys()):
        item = new.roadmap[ident]
        changes.roadmap.append(
            f"Added {_item_name(item)}: {new.vocabulary.label(item.status).lower()}, {item.horizon}, "
            f"{item.quarter}, owner {_team(new, item.owner)}"
        )
    for ident in sorted(old.roadmap.keys() - new.roadmap.keys()):
        changes.roadmap.append(f"Removed {_item_name(old.roadmap[ident])}")
    for ident in sorted(old.roadmap.keys() & new.roadmap.keys()):
        a, b = old.roadmap[ident], new.roadmap[ident]
        moves = []
        if a.status != b.status:
            moves.append(f"status {a.status} → **{b.status}**")
        if a.horizon != b.horizon:
            moves.append(f"horizon {a.horizon} → **{b.horizon}**")
        if a.quarter != b.quarter:
            moves.append(f"quarter {a.quarter} → **{b.quarter}**")
        elif a.target != b.target:
            moves.append(f"target {a.target} → **{b.target}**")
        if a.owner != b.owner:
            moves.append(f"re-owned {_team(old, a.owner)} → **{_team(new, b.owner)}**")
        if moves:
            changes.roadmap.append(f"{_item_name(b)}: " + "; ".join(moves))


def _team(pb: Playbook, team_id: str) -> str:
    team = pb.teams.get(team_id)
    return team.name if team else team_id


def _releases(old: Playbook, new: Playbook, changes: Changes) -> None:
    old_versions = {r.version for r in old.releases}
    for release in new.releases:
        if release.version not in old_versions:
            changes.releases.append(
                f"New release **{release.version}** ({release.date}): {len(release.entries)} entries"
            )
    old_pool = {e.origin.path for e in old.unreleased}
    for entry in new.unreleased:
        if entry.origin.path not in old_pool:
            items = f" (delivers {', '.join(f'`{i}`' for i in entry.items)})" if entry.items else ""
            changes.releases.append(f"Upcoming {entry.type}: {entry.text}{items}")


def _sections(path: Path) -> dict[str, str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return {}
    parts = _SECTION.split(text)
    return {parts[i]: " ".join(parts[i + 1].split()) for i in range(1, len(parts) - 1, 2)}


def _docs(old: Playbook, new: Playbook, old_root: Path, new_root: Path, changes: Changes) -> None:
    old_docs: dict[str, Doc] = {d.id: d for d in old.docs}
    new_docs: dict[str, Doc] = {d.id: d for d in new.docs}
    for ident in sorted(new_docs.keys() - old_docs.keys()):
        doc = new_docs[ident]
        changes.pages.append(
            f"Added {doc.kind} **{doc.title}** (`{ident}`), owner {_team(new, doc.owner)}, {doc.status}"
        )
    for ident in sorted(old_docs.keys() - new_docs.keys()):
        doc = old_docs[ident]
        changes.pages.append(f"Removed {doc.kind} **{doc.title}** (`{ident}`)")
    for ident in sorted(old_docs.keys() & new_docs.keys()):
        a, b = old_docs[ident], new_docs[ident]
        notes = []
        if a.status != b.status:
            word = (
                b.status
                if new.vocabulary.is_retired(b.status)
                else f"status {a.status} → **{b.status}**"
            )
            notes.append(word)
        if a.owner != b.owner:
            notes.append(f"re-owned {_team(old, a.owner)} → **{_team(new, b.owner)}**")
        if a.review.last_reviewed != b.review.last_reviewed:
            notes.append(f"reviewed {b.review.last_reviewed} (review by {b.review.review_by})")
        before = _sections(old_root / a.origin.path)
        after = _sections(new_root / b.origin.path)
        edited = [name for name in after if name in before and before[name] != after[name]]
        added = [name for name in after if name not in before]
        dropped = [name for name in before if name not in after]
        if edited:
            notes.append("sections changed: " + ", ".join(edited))
        if added:
            notes.append("sections added: " + ", ".join(added))
        if dropped:
            notes.append("sections removed: " + ", ".join(dropped))
        if notes:
            changes.pages.append(
                f"{b.kind.capitalize()} **{b.title}** (`{ident}`): " + "; ".join(notes)
            )


def as_markdown(changes: Changes, ref: str) -> str:
    out = [f"## What this change does to the playbook (compared with `{ref}`)", ""]
    if changes.empty:
        out.append("No change to the roadmap, the releases, the processes or the findings.")
        return "\n".join(out) + "\n"
    for title, lines in (
        ("Roadmap", changes.roadmap),
        ("Release notes", changes.releases),
        ("Processes and templates", changes.pages),
        ("New findings", changes.introduced),
        ("Fixed findings", changes.fixed),
    ):
        if lines:
            out.append(f"### {title} ({len(lines)})")
            out.append("")
            out.extend(f"- {line}" for line in lines)
            out.append("")
    return "\n".join(out)
