"""Writing new content safely: scaffolds, release-note entries and release cuts.

Nothing here overwrites or half-writes a file. New files are created exclusively (`open(..., "x")`);
a release is written to a temporary file, flushed, then linked into place (which fails if the
name exists), re-read, and only then are the pool entries it absorbed removed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plugins.core import schemas, yamlwrite
from plugins.core import vocabulary as v
from plugins.core.loader import RELEASES_DIR, ROADMAP_DIR, UNRELEASED_DIR, load_playbook
from plugins.core.model import version_key
from plugins.core.yamlio import Marks, parse_yaml

if TYPE_CHECKING:
    from plugins.core.loader import Loaded
    from plugins.core.model import Playbook
    from plugins.core.settings import Settings
    from plugins.core.vocabulary import Vocabulary

#: Marks text the author still has to write. `playbook check` flags it (PB115).
TODO = v.UNWRITTEN_MARKER


class AuthoringError(Exception):
    """The request cannot be carried out; nothing was written. The message says why."""


# ---- Names and files --------------------------------------------------------------------------


def scaffold_raci(roles: tuple[str, ...]) -> dict[str, list[str]]:
    """A starting RACI with a different role in each slot, in the order the registry lists them
    (the registry's first roles are usually the ones that decide). With fewer than four roles,
    later slots reuse earlier ones; with one role the check flags the page until it is edited."""
    if not roles:
        raise AuthoringError("data/roles.yml defines no role to assign in the RACI")
    order = ("accountable", "responsible", "consulted", "informed")
    picked = {key: [roles[min(i, len(roles) - 1)]] for i, key in enumerate(order)}
    return {key: picked[key] for key in v.RACI_KEYS}


def slugify(text: str, max_words: int = 8) -> str:
    """An id from a title: lowercase ASCII words joined by hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:max_words]
    slug = "-".join(words)[: v.ID_MAX_LENGTH].strip("-")
    return slug or "untitled"


def free_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... whichever is not taken."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def free_path(directory: Path, stem: str, suffix: str) -> Path:
    """A path in `directory` that does not exist yet: stem.suffix, stem-2.suffix, ..."""
    n = 1
    path = directory / f"{stem}{suffix}"
    while path.exists():
        n += 1
        path = directory / f"{stem}-{n}{suffix}"
    return path


def create_file(path: Path, text: str) -> Path:
    """Create `path` with `text`; refuses (without touching anything) if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise AuthoringError(f"{path} already exists; nothing was written") from None
    return path


def schema_comment(path: Path, root: Path, schema: str) -> str:
    rel = os.path.relpath(root / "schemas" / f"{schema}.schema.json", path.parent)
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}\n"


def dump_yaml(data: dict[str, Any]) -> str:
    """`data` as YAML that reads back exactly (see `plugins.core.yamlwrite`)."""
    return yamlwrite.dumps(data)


def _as_read(data: dict[str, Any]) -> dict[str, Any]:
    """`data` as the loader reads it back: dates as their ISO text."""
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in data.items()
    }


def _check(schema: str, data: dict[str, Any], what: str, vocab: Vocabulary) -> None:
    problems = schemas.validate(schema, data, Marks(what), vocab=vocab)
    if problems:
        raise AuthoringError("; ".join(p.message for p in problems))


def _known_owner(owner: str, pb: Playbook, vocab: Vocabulary) -> None:
    """An owner must be a known team, or a GitHub handle of a form the vocabulary allows."""
    if vocab.owner_is_team(owner) and "team" in vocab.owner_forms:
        _known([owner], pb.teams, "team")
        return
    if not re.match(schemas.owner_pattern(vocab), owner):
        forms = ", ".join(vocab.owner_forms)
        raise AuthoringError(f"owner '{owner}' is not of a form this playbook allows ({forms})")


def _known(ids: list[str], pool: dict[str, Any] | Any, kind: str) -> None:
    for ident in ids:
        if ident not in pool:
            raise AuthoringError(f"no {kind} has the id '{ident}'{schemas.suggest(ident, pool)}")


# ---- Release entries and cuts -----------------------------------------------------------------


def add_release_entry(
    settings: Settings, entry_type: str, text: str, items: list[str], audience: list[str]
) -> Path:
    """Add one entry to the unreleased pool, as a new file that no other change touches."""
    entry = {"type": entry_type, "text": text, "items": items, "audience": audience}
    _check("release-entry", entry, "release entry", settings.vocabulary)
    pb = load_playbook(settings).playbook
    _known(items, pb.roadmap, "roadmap item")
    directory = settings.data_path / UNRELEASED_DIR
    path = free_path(directory, slugify(text, max_words=6), ".yml")
    return create_file(
        path, schema_comment(path, settings.root, "release-entry") + dump_yaml(entry)
    )


@dataclass(frozen=True, slots=True)
class Cut:
    path: Path
    entries: int
    removed: list[Path]
    #: Roadmap item files whose status line was changed to `shipped`.
    shipped: list[Path]
    #: Cited items whose status could not be changed automatically.
    not_shipped: list[str]


def _top_level_line(key: str) -> re.Pattern[str]:
    """A top-level `key: value` line holding one plain or quoted word (a date, a status, a
    quarter), with its comment if any."""
    return re.compile(rf"^{key}:[ \t]*(?:[\w-]+|\"[\w-]+\"|'[\w-]+')[ \t]*(#.*)?$", re.MULTILINE)


_LINES = {key: _top_level_line(key) for key in ("status", "target", "quarter", "horizon")}


def mark_shipped(
    path: Path, status: str = "shipped", *, on: dt.date | None = None, horizon: str | None = None
) -> bool:
    """Change the top-level `status:` line of a roadmap item file to `status` (the vocabulary's
    `done_status`). With `on` (the release date), a `target:` after it becomes that day and
    `quarter:` follows it; with `horizon` (the nearest one), `horizon:` becomes it: a shipped item
    no longer says it is to come. Each is one line changed, its comment kept; nothing else.

    Returns False (and leaves the file alone) when there is not exactly one `status:` line.
    """
    text = path.read_text(encoding="utf-8")
    updated = _set_line(text, "status", status)
    if updated is None:
        return False
    target = _line_value(updated, "target")
    if on is not None and target is not None and target > on.isoformat():
        updated = _set_line(updated, "target", on.isoformat()) or updated
        quarter = f"{on.year}-Q{(on.month - 1) // 3 + 1}"
        updated = _set_line(updated, "quarter", quarter) or updated
    if horizon is not None:
        updated = _set_line(updated, "horizon", horizon) or updated
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temp.write_text(updated, encoding="utf-8")
    temp.replace(path)
    return True


def _line_value(text: str, key: str) -> str | None:
    matches = list(_LINES[key].finditer(text))
    if len(matches) != 1:
        return None
    value = matches[0].group(0).split(":", 1)[1].split("#", 1)[0].strip()
    return value.strip("'\"")


def _set_line(text: str, key: str, value: str) -> str | None:
    """`text` with its one top-level `key:` line set to `value`; None if there is not one."""
    matches = list(_LINES[key].finditer(text))
    if len(matches) != 1:
        return None
    match = matches[0]
    comment = f"  {match.group(1)}" if match.group(1) else ""
    return text[: match.start()] + f"{key}: {value}{comment}" + text[match.end() :]


def cut_release(
    settings: Settings,
    version: str,
    date: dt.date,
    summary: str,
    today: dt.date,
    *,
    ship_items: bool = True,
) -> Cut:
    """Move every pool entry into a new release file `data/releases/<version>.yml`.

    With `ship_items`, roadmap items the release cites get `status: shipped`, and their target,
    quarter and horizon no longer say they are to come (`mark_shipped`).
    """
    if not re.match(v.VERSION_PATTERN, version):
        raise AuthoringError(f"version must be MAJOR.MINOR.PATCH, like 3.6.0; got '{version}'")
    if date > today:
        raise AuthoringError(
            f"the release date {date} is in the future; cut the release on the day it ships"
        )
    loaded = load_playbook(settings)
    pool_dir = settings.data_path / UNRELEASED_DIR
    release_dir = settings.data_path / RELEASES_DIR
    _refuse_if_broken(loaded, settings, pool_dir, release_dir)
    pb = loaded.playbook
    target = release_dir / f"{version}.yml"
    if target.exists() or any(r.version == version for r in pb.releases):
        raise AuthoringError(
            f"release {version} already exists ({target.relative_to(settings.root)})"
        )
    if pb.releases:
        latest = pb.releases[0]
        if version_key(version) <= latest.key:
            raise AuthoringError(
                f"version {version} is not greater than the latest release, {latest.version}"
            )
        if date < latest.date:
            raise AuthoringError(
                f"date {date} is before the latest release ({latest.version}, {latest.date})"
            )
    vocab = settings.vocabulary
    entries = sorted(pb.unreleased, key=lambda e: (vocab.entry_order(e.type), e.slug))
    if not entries:
        raise AuthoringError(
            f"the pool {pool_dir.relative_to(settings.root)} has no entries to release"
        )
    data = {
        "version": version,
        "date": date,
        "summary": summary,
        "entries": [
            {"type": e.type, "text": e.text, "items": list(e.items), "audience": list(e.audience)}
            for e in entries
        ],
    }
    _check("release", _as_read(data), "release", vocab)
    text = schema_comment(target, settings.root, "release") + dump_yaml(data)
    _write_atomically(target, text)
    written = parse_yaml(target.read_text(encoding="utf-8"), str(target))
    if written.findings or len(written.value.get("entries", [])) != len(entries):
        raise AuthoringError(f"{target} did not read back as written; the pool was left untouched")
    removed = []
    for entry in entries:
        pool_file = settings.root / entry.origin.path
        pool_file.unlink()
        removed.append(pool_file)
    shipped, not_shipped = [], []
    for ident in sorted({i for e in entries for i in e.items}):
        item = pb.roadmap.get(ident)
        if item is None or vocab.is_done(item.status):
            continue
        path = settings.root / item.origin.path
        nearest = vocab.horizons[0] if vocab.horizons else None
        if ship_items and mark_shipped(path, vocab.done_status, on=date, horizon=nearest):
            shipped.append(path)
        else:
            not_shipped.append(ident)
    return Cut(target, len(entries), removed, shipped, not_shipped)


def _refuse_if_broken(loaded: Loaded, settings: Settings, *dirs: Path) -> None:
    prefixes = tuple(d.relative_to(settings.root).as_posix() + "/" for d in dirs)
    problems = [f for f in loaded.findings if f.path.startswith(prefixes)]
    if problems:
        listed = "\n  ".join(f.format() for f in problems[:10])
        raise AuthoringError(f"fix the release data first; nothing was written:\n  {listed}")


def _write_atomically(target: Path, text: str) -> None:
    """Write to a temporary file, then link it to `target`; fails if `target` exists."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with temp.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    try:
        os.link(temp, target)
    except FileExistsError:
        raise AuthoringError(f"{target} already exists; nothing was written") from None
    finally:
        temp.unlink()


# ---- Scaffolds --------------------------------------------------------------------------------


def _taken(loaded: Loaded) -> set[str]:
    return set(loaded.ids) | loaded.broken_ids


def new_roadmap_item(
    settings: Settings, title: str, theme: str, owner: str, today: dt.date
) -> Path:
    loaded = load_playbook(settings)
    pb = loaded.playbook
    vocab = settings.vocabulary
    _known([theme], pb.themes, "theme")
    _known_owner(owner, pb, vocab)
    ident = free_id(slugify(title, max_words=6), _taken(loaded))
    quarter_end = _quarter_end(today)
    metric = next((k.id for k in pb.kpis.values() if k.category == "product"), None)
    metric = metric or next(iter(pb.kpis), None)
    data: dict[str, Any] = {
        "id": ident,
        "title": title,
        "summary": f"{TODO} One or two sentences a customer would understand.",
        "theme": theme,
        "status": vocab.first_status,
        "horizon": vocab.horizons[-1],
        "quarter": _quarter(quarter_end),
        "owner": owner,
        "target": quarter_end,
        "depends_on": [],
        "processes": [],
        "problem": f"{TODO} The customer problem, in the customer's words.",
        "metrics": [metric] if metric else [],
    }
    for key in ("summary", "problem", "metrics"):
        if vocab.is_optional("roadmap-item", key) and (key != "metrics" or not metric):
            del data[key]
    _check("roadmap-item", _as_read(data), "roadmap item", vocab)
    directory = settings.data_path / ROADMAP_DIR
    path = directory / f"{ident}.yml"
    return create_file(path, schema_comment(path, settings.root, "roadmap-item") + dump_yaml(data))


def _quarter(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarter_end(day: dt.date) -> dt.date:
    month = ((day.month - 1) // 3 + 1) * 3
    next_month = dt.date(day.year + month // 12, month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


def new_page(
    settings: Settings,
    kind: str,
    title: str,
    owner: str,
    today: dt.date,
    stage: str = "plan",
    directory: str | None = None,
) -> Path:
    """A process or template page with today's review date and the required sections to fill in."""
    loaded = load_playbook(settings)
    pb = loaded.playbook
    vocab = settings.vocabulary
    _known_owner(owner, pb, vocab)
    if kind == "process" and stage not in vocab.stages:
        raise AuthoringError(f"stage must be one of: {', '.join(vocab.stages)}; got '{stage}'")
    ident = free_id(slugify(title, max_words=6), _taken(loaded))
    meta: dict[str, Any] = {
        "kind": kind,
        "id": ident,
        "title": title,
        "summary": f"{TODO} One sentence: what this {kind} achieves.",
        "owner": owner,
        "status": vocab.draft_status,
    }
    if kind == "process":
        meta["stage"] = stage
        meta.update({"last_reviewed": today, "review_interval_days": 180})
        meta["raci"] = scaffold_raci(tuple(pb.roles))
        meta.update({"templates": [], "related": [], "kpis": [], "tools": [], "tags": []})
    else:
        meta["purpose"] = f"{TODO} What the template is for and when to use it."
        meta.update({"last_reviewed": today, "review_interval_days": 365, "tags": []})
    sections = vocab.sections(kind)
    guidance = {
        "Purpose": "Why this process exists: the problem it prevents and the outcome it produces.",
        "When to use": "The situations that call for it, and those that do not.",
        "Steps": "Numbered steps: who does what, when, with which template.",
        "Roles": "What each role in the RACI does here.",
        "Outputs": "The artefacts the process produces and where they live.",
        "How to use": "When to use the template, who fills it in and where it is stored.",
        "Template": "The template itself, ready to copy.",
    }
    body = "\n".join(
        f"## {name}\n\n{TODO} {guidance.get(name, 'What belongs in this section.')}\n"
        for name in sections
    )
    _check(kind, _as_read(meta), kind, vocab)
    text = "---\n" + dump_yaml(meta) + "---\n\n" + body
    folder = directory or ("processes" if kind == "process" else "templates")
    path = settings.docs_path / folder / f"{ident}.md"
    return create_file(path, text)
