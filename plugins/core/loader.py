"""Loading a playbook from disk into the model, collecting every finding on the way.

Loading never raises on bad content: each problem becomes a finding and the object it concerns is
left out of the model (its id stays known, so references to it do not cascade into more errors).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from plugins.core import parsecache, rules, schemas
from plugins.core import vocabulary as v
from plugins.core.findings import Finding, Location, Severity
from plugins.core.folder_meta import (
    META_FILE,
    FolderMeta,
    chain,
    folder_of,
    load_folder_meta,
    merged,
    standard_defaults,
)
from plugins.core.markdown import first_heading, scan_macros, split_page
from plugins.core.mdconfig import MarkdownConfig
from plugins.core.model import (
    Fact,
    Kpi,
    MaturityAssessment,
    MaturityDimension,
    MaturityLevel,
    MaturityModel,
    MaturityScore,
    Measurement,
    Origin,
    Page,
    Playbook,
    Process,
    Raci,
    Release,
    ReleaseEntry,
    Review,
    RoadmapItem,
    Role,
    Team,
    Template,
    Term,
    Theme,
    Tool,
    index_releases,
    index_template_users,
)
from plugins.core.pagescan import PageScanner, Scanned, scanner_for
from plugins.core.vocabulary import PAGE_KINDS, UNWRITTEN_MARKER
from plugins.core.walk import leads_outside, walk
from plugins.core.yamlio import (
    MAX_PAGE_BYTES,
    KeyPath,
    Marks,
    Parsed,
    parse_yaml,
    read_text,
    standard_values,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from plugins.core.settings import Settings
    from plugins.core.vocabulary import Vocabulary

#: Registry files under the data directory: file name, schema, top-level key.
REGISTRIES = {
    "teams": ("teams.yml", "teams", "teams", "team"),
    "roles": ("roles.yml", "roles", "roles", "role"),
    "kpis": ("kpis.yml", "kpis", "kpis", "KPI"),
    "tools": ("tools.yml", "tools", "tools", "tool"),
    "terms": ("glossary.yml", "glossary", "terms", "glossary term"),
    "themes": ("themes.yml", "themes", "themes", "theme"),
    "facts": ("facts.yml", "facts", "facts", "fact"),
}
#: The maturity model, in the data directory (optional).
MATURITY_FILE = "maturity.yml"
ROADMAP_DIR = "roadmap"
RELEASES_DIR = "releases"
UNRELEASED_DIR = "releases/unreleased"


@dataclass(slots=True)
class Loaded:
    """A loaded playbook and the findings of loading it."""

    playbook: Playbook
    findings: list[Finding]
    #: Ids defined by files that failed validation: they exist, but are not in the model.
    broken_ids: set[str] = field(default_factory=set)
    #: Every id defined, with the kind that defined it and where (marks and key path).
    ids: dict[str, tuple[str, Marks, KeyPath]] = field(default_factory=dict)
    #: Roadmap item ids cited by release files that failed validation.
    cited_by_broken: set[str] = field(default_factory=set)
    #: Pages' front matter as a standard YAML loader reads it, for a site builder to reuse
    #: instead of parsing it again (`load_playbook(..., keep_front_matter=True)`).
    front_matter: dict[str, FrontMatter] = field(default_factory=dict)
    #: Front-matter defaults of each folder that has any (`.meta.yml` files, merged, as a
    #: standard YAML loader reads them), by folder key (`folder_meta.folder_of`): what a site
    #: builder merges each page's own front matter onto.
    folder_defaults: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: What could not be used and is not in the model (each with the findings that say why).
    left_out: list[LeftOut] = field(default_factory=list)
    #: Process and template pages whose front matter was refused, by id: the page is still
    #: built (and linkable), outside the model and the navigation.
    refused_pages: dict[str, str] = field(default_factory=dict)
    #: Pages not read yet (`load_playbook(..., defer_scans=True)`), by `src_uri`. Complete the
    #: model with `complete_scans`.
    deferred: dict[str, DeferredScan] = field(default_factory=dict)
    #: What reading the pages gave this load, for a later load of the same pages
    #: (`load_playbook(..., keep_pages_read=True)`); None when not kept.
    pages_read: PagesRead | None = None


@dataclass(frozen=True, slots=True)
class PagesRead:
    """What reading the pages under the docs directory gave one load: a later load under the same
    settings is given it again (`load_playbook(..., pages_from=...)`) and reads only the pages its
    caller says changed since (no page added or removed, no `.meta.yml` changed). That is
    everything the pages add to a load: each page's outcome (`PageOutcome`), the findings of
    walking the folder and reading its `.meta.yml` files, and the folders' front-matter defaults.
    Not the pages' front matter (`Loaded.front_matter`), which a builder consumes: a load given
    this has none."""

    settings: Settings
    #: By `src_uri`, in the order the pages are read.
    outcomes: dict[str, PageOutcome]
    findings: tuple[Finding, ...]
    chains: dict[str, tuple[FolderMeta, ...]]
    folder_defaults: dict[str, dict[str, Any]]


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What one page added to a load (`_read_page`)."""

    path: Path
    rel: str
    #: Its findings, but a clash of its id, which claiming the id again reports again.
    findings: tuple[Finding, ...]
    #: None when the file could not be read; else the page, with its process or template.
    page: Page | None
    #: The id it claimed (kind, id, marks), and whether it got it.
    claim: tuple[str, str, Marks] | None
    granted: bool
    #: Ids it leaves broken (defined, not in the model).
    broken: tuple[str, ...]
    #: Its id, listed among the refused pages' until the page is built into the model.
    refusable: str | None
    #: The parse cache's entries it was read from (kept for the next generation when given again).
    keys: frozenset[bytes]


@dataclass(frozen=True, slots=True)
class DeferredScan:
    """A page whose scan is owed: where it is, and what identifies the body that was loaded
    (a builder's text is that body when `matches` says so; then `body` rebuilds it exactly)."""

    path: str
    rel: str
    first_line: int
    #: Blank lines before the body's text (a builder may strip them).
    leading: int
    digest: bytes

    @classmethod
    def of(cls, path: str, rel: str, body: str, first_line: int) -> DeferredScan:
        text = body.lstrip("\n")
        return cls(path, rel, first_line, len(body) - len(text), _text_digest(text))

    def matches(self, markdown: str) -> bool:
        return _text_digest(markdown.lstrip("\n")) == self.digest

    def body(self, markdown: str) -> str:
        return "\n" * self.leading + markdown.lstrip("\n")


def _text_digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A data object the loader could not use: where it starts, and what it is."""

    location: Location
    what: str


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """A page's front matter, read once: its YAML text and the values a standard YAML loader
    (`yaml.safe_load`) reads from it. Only pages whose front matter has no finding have one."""

    yaml: str
    values: dict[str, Any]


class _Ids:
    """The id namespace: ids are unique across every kind, or (with the vocabulary's
    `id_scope: per-kind`) only among objects of the same kind."""

    def __init__(self, findings: list[Finding], broken: set[str], *, per_kind: bool) -> None:
        self.defined: dict[str, tuple[str, Marks, KeyPath]] = {}
        self.by_kind: dict[tuple[str, str], tuple[str, Marks, KeyPath]] = {}
        self.findings = findings
        self.broken = broken
        self.per_kind = per_kind

    def taken(self, kind: str, ident: str) -> bool:
        """Whether `ident` is already defined (for `kind`, with per-kind ids)."""
        return ((kind, ident) in self.by_kind) if self.per_kind else ident in self.defined

    def claim(
        self, kind: str, ident: str, marks: Marks, key_path: KeyPath, hint: str | None = None
    ) -> bool:
        """Register an id; a second definition is reported, naming both places, and refused.

        The id stays resolvable, so references to it do not add errors to the duplicate's.
        """
        if self.per_kind:
            previous = self.by_kind.get((kind, ident))
            if previous is None:
                self.by_kind[kind, ident] = (kind, marks, key_path)
                self.defined.setdefault(ident, (kind, marks, key_path))
                return True
        else:
            previous = self.defined.get(ident)
            if previous is None:
                self.defined[ident] = (kind, marks, key_path)
                return True
        prev_kind, prev_marks, prev_path = previous
        self.broken.add(ident)
        self.findings.append(
            rules.DUPLICATE_ID.at(
                marks.at(key_path),
                f"id '{ident}' of this {kind} is already used by the {prev_kind} at {prev_marks.at(prev_path)}",
                hint,
            )
        )
        return False


def for_rendering(loaded: Loaded) -> Loaded:
    """The model a site is rendered from once the checks have run: without what only checks read.

    Each page's headings and links, the table of defined ids and the source text behind every
    position are dropped (the source text in place: `loaded` can no longer locate findings
    either). At thousands of pages they are most of the model's memory, held otherwise until the
    last page is written. The source text stays when the pages are kept for a later load
    (`Loaded.pages_read`), whose findings need it.
    """
    pb = loaded.playbook
    if loaded.pages_read is None:
        for origin in pb.origins():
            origin.marks.release()
    pages = {uri: replace(page, headings=(), links=(), macros=()) for uri, page in pb.pages.items()}
    return replace(loaded, playbook=replace(pb, pages=pages), ids={})


def complete_scans(loaded: Loaded, scans: Mapping[str, Scanned], scanner: PageScanner) -> Loaded:
    """`loaded` with the headings, links and ids of its deferred pages: from `scans` (a site
    builder's conversion of the page, `pagescan.Collector`), else read now."""
    if not loaded.deferred:
        return loaded
    pages = dict(loaded.playbook.pages)
    for uri, owed in loaded.deferred.items():
        page = pages.get(uri)
        if page is None:
            continue
        scanned = scans.get(uri)
        if scanned is None:  # not converted by the builder (a draft, say): read it now
            text, _problems = read_text(Path(owed.path), owed.rel, max_bytes=MAX_PAGE_BYTES)
            split = split_page(text or "", owed.rel)
            scanned = scanner.scan_exact(split.body, split.body_line)
        pages[uri] = replace(
            page, headings=scanned.headings, links=scanned.links, other_ids=scanned.other_ids
        )
    return replace(loaded, playbook=replace(loaded.playbook, pages=pages), deferred={})


def same_doc(a: Process | Template | None, b: Process | Template | None) -> bool:
    """Whether two loads of a page declare the same process or template: every field equal
    but where it was defined (`for_rendering` releases one load's source positions)."""
    if a is None or b is None:
        return a is b
    return type(a) is type(b) and all(
        getattr(a, f.name) == getattr(b, f.name) for f in fields(a) if f.name != "origin"
    )


def load_playbook(
    settings: Settings,
    *,
    keep_front_matter: bool = False,
    defer_scans: bool = False,
    keep_pages_read: bool = False,
    pages_from: PagesRead | None = None,
    changed_pages: Iterable[str] = (),
) -> Loaded:
    """Load everything under the settings' docs and data directories.

    With `keep_front_matter`, the values of every page's front matter are kept too
    (`Loaded.front_matter`), for a site builder that would otherwise parse them again.

    With `defer_scans`, a page whose title is known without converting it (its front matter's
    `title`, or a plain `# Title` first line) and that the fast path cannot read is not converted:
    its headings, links and ids are left empty and the page listed in `Loaded.deferred`, for a
    site builder that converts every page anyway to read them then (`complete_scans`).

    With `keep_pages_read`, what reading the pages gave is kept (`Loaded.pages_read`), for a later
    load to be given as `pages_from` by a caller that knows which pages changed since
    (`changed_pages`, by `src_uri`) and that nothing else under the docs directory did (a live
    preview): that load reads only those. It reads every page when given a read it cannot use:
    one made under other settings, or one whose pages would now claim their ids differently (an
    edit took or freed an id)."""
    findings: list[Finding] = []
    left_out: list[LeftOut] = []
    broken: set[str] = set()
    vocab = settings.vocabulary
    ids = _Ids(findings, broken, per_kind=vocab.id_scope == "per-kind")
    root = settings.root
    data = settings.data_path
    data_rel = _rel(data, root)

    registries: dict[str, dict[str, Any]] = {}
    for attr, (filename, schema, key, kind) in REGISTRIES.items():
        if leads_outside(data / filename, root):  # a link out of the repository: PB107
            registries[attr] = {}
            continue
        registries[attr] = _load_registry(
            data / filename,
            f"{data_rel}/{filename}",
            (schema, key, kind),
            _BUILDERS[attr],
            vocab,
            ids,
            broken,
            findings,
            left_out,
        )

    maturity = None
    if not leads_outside(data / MATURITY_FILE, root):  # a link out of the repository: PB107
        maturity = _load_maturity(
            data / MATURITY_FILE, f"{data_rel}/{MATURITY_FILE}", vocab, findings, left_out
        )

    front_matter: dict[str, FrontMatter] | None = {} if keep_front_matter else None
    deferred: dict[str, DeferredScan] | None = {} if defer_scans else None
    try:
        read = _read_pages(
            settings,
            ids,
            front_matter,
            deferred,
            None if defer_scans else pages_from,
            frozenset(changed_pages),
        )
    except _ReadAgain:
        return load_playbook(
            settings,
            keep_front_matter=keep_front_matter,
            defer_scans=defer_scans,
            keep_pages_read=keep_pages_read,
        )
    findings.extend(read.findings)
    pages: dict[str, Page] = {}
    processes: dict[str, Process] = {}
    templates: dict[str, Template] = {}
    refused: dict[str, str] = {}
    for src_uri, outcome in read.outcomes.items():
        findings.extend(outcome.findings)
        broken.update(outcome.broken)
        if outcome.refusable is not None:
            refused.setdefault(outcome.refusable, src_uri)  # until the page is in the model
        page = outcome.page
        if page is None:
            continue
        pages[src_uri] = page
        doc = page.doc
        if doc is not None:
            if refused.get(doc.id) == src_uri:
                del refused[doc.id]
            if isinstance(doc, Process):
                processes[doc.id] = doc
            else:
                templates[doc.id] = doc
    folder_defaults = dict(read.folder_defaults)
    findings.extend(scan_data_dir(data, data_rel, root))
    roadmap = _load_roadmap(
        data / ROADMAP_DIR,
        root,
        f"{data_rel}/{ROADMAP_DIR}",
        vocab,
        ids,
        broken,
        findings,
        left_out,
    )
    cited_by_broken: set[str] = set()
    releases = _load_releases(
        data / RELEASES_DIR,
        root,
        f"{data_rel}/{RELEASES_DIR}",
        vocab,
        broken,
        cited_by_broken,
        findings,
        left_out,
    )
    unreleased = _load_unreleased(
        data / UNRELEASED_DIR, root, f"{data_rel}/{UNRELEASED_DIR}", vocab, findings, left_out
    )

    playbook = Playbook(
        teams=registries["teams"],
        roles=registries["roles"],
        kpis=registries["kpis"],
        tools=registries["tools"],
        terms=registries["terms"],
        themes=registries["themes"],
        facts=registries["facts"],
        pages=pages,
        processes=processes,
        templates=templates,
        roadmap=roadmap,
        releases=releases,
        unreleased=unreleased,
        nav=settings.nav,
        vocabulary=vocab,
        shipped_in=index_releases(releases),
        template_users=index_template_users(processes),
        maturity=maturity,
    )
    return Loaded(
        playbook,
        findings,
        broken,
        ids.defined,
        cited_by_broken,
        front_matter or {},
        folder_defaults,
        left_out,
        refused,
        deferred or {},
        read if keep_pages_read else None,
    )


def _read_pages(
    settings: Settings,
    ids: _Ids,
    front_matter: dict[str, FrontMatter] | None,
    deferred: dict[str, DeferredScan] | None,
    given: PagesRead | None,
    changed: frozenset[str],
) -> PagesRead:
    """Read the pages (`_load_pages`), or, given an earlier read, only those `changed`."""
    if given is None or given.settings is not settings:
        return _load_pages(settings, ids, front_matter, deferred)
    outcomes: dict[str, PageOutcome] = {}
    scanner = scanner_for(settings.markdown)
    for src_uri, before in given.outcomes.items():
        if src_uri in changed:
            outcomes[src_uri] = _read_page(
                before.path, src_uri, before.rel, settings, scanner, ids, given.chains, None, None
            )
            continue
        if before.claim is not None and ids.claim(*before.claim, ("id",)) is not before.granted:
            raise _ReadAgain  # an edit took or freed the id: every page decides anew
        parsecache.keep(before.keys)
        outcomes[src_uri] = before
    return replace(given, outcomes=outcomes)


class _ReadAgain(Exception):
    """Pages given again would not be read alike: the load starts over and reads them."""


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _yaml_files(directory: Path, root: Path) -> list[Path]:
    try:
        entries = list(os.scandir(directory))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(
        Path(e.path)
        for e in entries
        if e.name.endswith((".yml", ".yaml"))
        and e.is_file()
        and not (e.is_symlink() and leads_outside(e.path, root))
    )


#: Folders of the data directory that are read, relative to it ("" is the directory itself).
_READ_DATA_DIRS = frozenset(("", ROADMAP_DIR, RELEASES_DIR, UNRELEASED_DIR))


def scan_data_dir(data: Path, data_rel: str, root: Path) -> list[Finding]:
    """PB106 for YAML files under `data` that no loader reads, PB107 for links leading outside
    the repository (never followed)."""
    findings: list[Finding] = []
    for folder, path in walk(data, _is_yaml, root=root, refused=findings):
        if folder in _READ_DATA_DIRS:
            continue
        rel = f"{data_rel}/{folder}/{path.name}"
        findings.append(
            rules.UNREAD_FILE.at(
                Location(rel),
                f"{rel} is not read: {_read_from(folder)}",
                f"Move it to {data_rel}/{_kind_dir(folder)}/, or out of {data_rel}/ if it"
                " is not playbook data.",
            )
        )
    return findings


def _is_yaml(name: str) -> bool:
    return name.endswith((".yml", ".yaml")) and not name.startswith(".")


def _kind_dir(folder: str) -> str:
    for known in (UNRELEASED_DIR, RELEASES_DIR, ROADMAP_DIR):
        if folder.startswith(known + "/"):
            return known
    return ROADMAP_DIR if folder == ROADMAP_DIR else folder.split("/", 1)[0]


def _read_from(folder: str) -> str:
    kind = _kind_dir(folder)
    if kind == ROADMAP_DIR:
        return f"roadmap items are read from {ROADMAP_DIR}/ itself, not from its subfolders"
    if kind == UNRELEASED_DIR:
        return f"upcoming entries are read from {UNRELEASED_DIR}/ itself, not from its subfolders"
    if kind == RELEASES_DIR:
        return f"releases are read from {RELEASES_DIR}/ itself, not from its subfolders"
    return f"the playbook reads no folder '{folder}' in the data directory"


_ID_LINE = re.compile(r"^id:[ \t]*['\"]?([a-z0-9-]+)", re.MULTILINE)


def unwritten(text: str, rel: str) -> list[Finding]:
    """PB115 for every line still holding the scaffold marker."""
    if UNWRITTEN_MARKER not in text:
        return []
    return [
        rules.UNWRITTEN.at(
            Location(rel, number, line.index(UNWRITTEN_MARKER) + 1),
            "text left to write: " + line.strip()[:80],
        )
        for number, line in enumerate(text.split("\n"), start=1)
        if UNWRITTEN_MARKER in line
    ]


_ANY_ID_LINE = re.compile(r"^[ \t-]*(?:id|version):[ \t]*['\"]?([a-z0-9.-]+)", re.MULTILINE)
_ITEMS_LINE = re.compile(r"^[ \t-]*items:[ \t]*\[([^\]]*)\]", re.MULTILINE)


def _read_yaml(
    path: Path,
    rel: str,
    findings: list[Finding],
    broken: set[str] | None = None,
    cited: set[str] | None = None,
) -> Parsed | None:
    """Read and parse a data file. When it cannot be parsed, the ids it declares (and the items
    it cites) are recovered from its text into `broken` (and `cited`), so that references to them
    are not reported as dangling on top of the syntax error."""
    return _read_checked_yaml(path, rel, findings, broken, cited)[0]


def _read_checked_yaml(
    path: Path,
    rel: str,
    findings: list[Finding],
    broken: set[str] | None = None,
    cited: set[str] | None = None,
    schema: tuple[str, Vocabulary] | None = None,
) -> tuple[Parsed | None, list[Finding] | None]:
    """`_read_yaml`, plus the document's findings against `schema` (a schema name of a
    vocabulary) when it parsed cleanly (computed with the parse, so a cache keeps them with it)."""
    text, problems = read_text(path, rel)
    findings.extend(problems)
    if text is None:
        return None, None

    def parse() -> tuple[list[Finding], Parsed, list[Finding] | None]:
        parsed = parse_yaml(text, rel)
        checked = None
        if schema is not None and parsed.value is not None and not parsed.findings:
            checked = schemas.validate(schema[0], parsed.value, parsed.marks, vocab=schema[1])
        return unwritten(text, rel), parsed, checked

    unwritten_findings, parsed, checked = parsecache.cached(
        f"yaml:{schema[0] if schema else ''}", rel, text, parse
    )
    findings.extend(unwritten_findings)
    findings.extend(parsed.findings)
    findings.extend(parsed.notes)
    if parsed.value is None:
        if broken is not None:
            broken.update(_ANY_ID_LINE.findall(text))
        if cited is not None:
            for listed in _ITEMS_LINE.findall(text):
                cited.update(part.strip(" '\"") for part in listed.split(",") if part.strip())
        return None, None
    return parsed, checked


# ---- Conversions of validated values ---------------------------------------------------------


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _opt_date(value: Any) -> dt.date | None:
    return None if value is None else _date(value)


# ---- Registries ------------------------------------------------------------------------------


def _team(d: dict[str, Any], origin: Origin) -> Team:
    return Team(
        d["id"],
        d["name"],
        d.get("description", ""),
        _strs(d["members"]),
        d["channel"],
        bool(d.get("maintains_site", False)),
        origin,
    )


def _role(d: dict[str, Any], origin: Origin) -> Role:
    return Role(d["id"], d["name"], d["summary"], _strs(d["responsibilities"]), origin)


def _kpi(d: dict[str, Any], origin: Origin) -> Kpi:
    return Kpi(
        d["id"],
        d["name"],
        d["category"],
        d["definition"],
        d["formula"],
        d["unit"],
        d["direction"],
        d.get("target", ""),
        d["owner"],
        d["source"],
        d["cadence"],
        origin,
        target_value=d.get("target_value"),
        target_by=_opt_date(d.get("target_by")),
        baseline=_measurement(d.get("baseline")),
        current=_measurement(d.get("current")),
        history=tuple(m for m in map(_measurement, d.get("history") or ()) if m is not None),
        source_note=d.get("source_note", ""),
    )


def _measurement(value: Any) -> Measurement | None:
    if not isinstance(value, dict):
        return None
    return Measurement(value["value"], _date(value["date"]))


def _tool(d: dict[str, Any], origin: Origin) -> Tool:
    return Tool(
        d["id"],
        d["name"],
        d["category"],
        d["owner"],
        d["status"],
        d["purpose"],
        d.get("url", ""),
        origin,
    )


def _term(d: dict[str, Any], origin: Origin) -> Term:
    return Term(d["id"], d["term"], d["definition"], _strs(d.get("see_also")), origin)


def _theme(d: dict[str, Any], origin: Origin) -> Theme:
    return Theme(d["id"], d["name"], d["description"], d["owner"], origin)


def _fact(d: dict[str, Any], origin: Origin) -> Fact:
    return Fact(d["id"], d["value"], d["description"], origin)


_BUILDERS: dict[str, Callable[[dict[str, Any], Origin], Any]] = {
    "teams": _team,
    "roles": _role,
    "kpis": _kpi,
    "tools": _tool,
    "terms": _term,
    "themes": _theme,
    "facts": _fact,
}


def _load_registry(
    path: Path,
    rel: str,
    spec: tuple[str, str, str],
    build: Callable[[dict[str, Any], Origin], Any],
    vocab: Vocabulary,
    ids: _Ids,
    broken: set[str],
    findings: list[Finding],
    left_out: list[LeftOut],
) -> dict[str, Any]:
    schema, key, kind = spec
    if not path.is_file():
        return {}
    parsed = _read_yaml(path, rel, findings, broken)
    if parsed is None:
        left_out.append(LeftOut(Location(rel), f"every {kind} in {rel}"))
        return {}
    value, marks = parsed.value, parsed.marks
    if not isinstance(value, dict) or not isinstance(value.get(key), list):
        findings.extend(schemas.validate(schema, value, marks, vocab=vocab))
        left_out.append(LeftOut(Location(rel), f"every {kind} in {rel}"))
        return {}
    # Validate item by item so one bad item does not hide the others.
    top = {k: val for k, val in value.items() if k != key}
    if top:
        findings.extend(schemas.validate(schema, {key: [], **top}, marks, vocab=vocab))
    item_schema = schemas.schemas_for(vocab)[schema]["properties"][key]["items"]
    out: dict[str, Any] = {}
    for index, item in enumerate(value[key]):
        problems = schemas.validate_with(item_schema, item, marks, (key, index))
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not ids.claim(kind, ident, marks, (key, index, "id")):
            findings.extend(problems if not isinstance(ident, str) else [])
            left_out.append(LeftOut(marks.at((key, index)), f"{kind} {key}[{index}]"))
            continue
        if problems:
            findings.extend(problems)
            broken.add(ident)
            left_out.append(LeftOut(marks.at((key, index)), f"{kind} '{ident}'"))
            continue
        out[ident] = build(item, Origin(marks, (key, index)))
    return out


# ---- Maturity model ---------------------------------------------------------------------------


def _load_maturity(
    path: Path,
    rel: str,
    vocab: Vocabulary,
    findings: list[Finding],
    left_out: list[LeftOut],
) -> MaturityModel | None:
    """The maturity model, or None without the file (or when it cannot be used at all).

    Each level, dimension and assessment is validated alone: a bad one is left out (its id stays
    known, so references to it are not reported on top of its own finding) and the others
    stay."""
    if not path.is_file():
        return None
    parsed, checked = _read_checked_yaml(path, rel, findings, schema=("maturity", vocab))
    if parsed is None or parsed.findings:
        left_out.append(LeftOut(Location(rel), "the maturity model"))
        return None
    value, marks = parsed.value, parsed.marks
    if checked:  # some part is invalid: find which, key by key and item by item
        outline = schemas.validate_with(schemas.maturity_outline(vocab), value, marks)
        findings.extend(outline)
        lists_ok = isinstance(value, dict) and all(
            isinstance(value.get(key, []), list) for key in schemas.MATURITY_LISTS
        )
        if not lists_ok or not isinstance(value.get("levels"), list):
            left_out.append(LeftOut(Location(rel), "the maturity model"))
            return None
    items = schemas.schemas_for(vocab)["maturity"]["properties"]
    usable: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    refused: dict[str, set[str]] = {}
    for key, what, ident_key in (
        ("levels", "maturity level", "id"),
        ("dimensions", "maturity dimension", "id"),
        ("assessments", "maturity assessment", "date"),
    ):
        usable[key], refused[key] = [], set()
        seen: dict[str, int] = {}
        for index, item in enumerate(value.get(key) or ()):
            problems = (
                schemas.validate_with(items[key]["items"], item, marks, (key, index))
                if checked
                else []
            )
            ident = item.get(ident_key) if isinstance(item, dict) else None
            if problems:
                findings.extend(problems)
                if isinstance(ident, str):
                    refused[key].add(ident)
                left_out.append(LeftOut(marks.at((key, index)), f"{what} {key}[{index}]"))
                continue
            if ident_key == "id" and isinstance(ident, str) and ident in seen:
                findings.append(
                    rules.MATURITY_DUPLICATE.at(
                        marks.at((key, index, "id")),
                        f"{what} id '{ident}' is already defined at "
                        f"{marks.at((key, seen[ident], 'id'))}",
                    )
                )
                left_out.append(LeftOut(marks.at((key, index)), f"{what} '{ident}'"))
                continue
            if ident_key == "id" and isinstance(ident, str):
                seen[ident] = index
            usable[key].append((index, item))
    levels = tuple(
        MaturityLevel(d["id"], d["name"], d["summary"], Origin(marks, ("levels", i)))
        for i, d in usable["levels"]
    )
    dimensions = tuple(
        MaturityDimension(
            id=d["id"],
            name=d["name"],
            summary=d.get("summary", ""),
            owner=d["owner"],
            processes=_strs(d.get("processes")),
            templates=_strs(d.get("templates")),
            kpis=_strs(d.get("kpis")),
            descriptors=tuple((str(k), str(text)) for k, text in d["descriptors"].items()),
            origin=Origin(marks, ("dimensions", i)),
        )
        for i, d in usable["dimensions"]
    )
    assessments = tuple(
        MaturityAssessment(
            date=_date(d["date"]),
            assessed_by=d.get("assessed_by", ""),
            note=d.get("note", ""),
            scores=tuple(
                MaturityScore(
                    dimension=s["dimension"],
                    level=s["level"],
                    evidence=s.get("evidence", ""),
                    target=s.get("target"),
                    target_date=_opt_date(s.get("target_date")),
                    origin=Origin(marks, ("assessments", i, "scores", j)),
                )
                for j, s in enumerate(d["scores"])
            ),
            origin=Origin(marks, ("assessments", i)),
        )
        for i, d in usable["assessments"]
    )
    reassess = value.get("reassess_every_days")
    return MaturityModel(
        levels=levels,
        dimensions=dimensions,
        assessments=assessments,
        reassess_every_days=reassess
        if isinstance(reassess, int)
        and not isinstance(reassess, bool)
        and schemas.REASSESS_MIN_DAYS <= reassess <= schemas.REASSESS_MAX_DAYS
        else schemas.DEFAULT_REASSESS_DAYS,
        origin=Origin(marks),
        refused_levels=frozenset(refused["levels"]),
        refused_dimensions=frozenset(refused["dimensions"]),
    )


# ---- Pages -----------------------------------------------------------------------------------


def _is_page(name: str) -> bool:
    return name.endswith(".md") and not name.startswith(".")


def load_page(
    path: Path, src_uri: str, rel: str, scanner: PageScanner | None = None
) -> tuple[Page | None, dict[str, Any], Marks | None, list[Finding], str | None]:
    """Read one page: the page, its front matter and marks, findings, and the front matter's
    YAML text when its values are the ones a standard YAML loader reads (`SplitPage.standard`)."""
    text, problems = read_text(path, rel, max_bytes=MAX_PAGE_BYTES)
    if text is None:
        return None, {}, None, problems, None
    page, meta, marks, found, yaml_text = parsecache.cached(
        "page",
        f"{src_uri}\x00{rel}",
        text,
        lambda: _parse_page(text, src_uri, rel, scanner or scanner_for(MarkdownConfig())),
    )
    return page, meta, marks, [*problems, *found], yaml_text


def _load_checked_page(
    path: Path,
    src_uri: str,
    rel: str,
    vocab: Vocabulary,
    scanner: PageScanner,
    deferred: dict[str, DeferredScan] | None = None,
) -> tuple[
    Page | None, dict[str, Any], Marks | None, list[Finding], str | None, list[Finding] | None
]:
    """`load_page`, plus the front matter's schema findings when it declares a known kind
    (computed with the parse, so a cache keeps them with it)."""
    text, problems = read_text(path, rel, max_bytes=MAX_PAGE_BYTES)
    if text is None:
        return None, {}, None, problems, None, None

    def parse() -> tuple[
        Page, dict[str, Any], Marks | None, list[Finding], str | None, list[Finding] | None
    ]:
        page, meta, marks, found, yaml_text = _parse_page(
            text, src_uri, rel, scanner, deferred, path
        )
        kind = meta.get("kind")
        checked = (
            schemas.validate(kind, meta, marks, vocab=vocab)
            if marks is not None and isinstance(kind, str) and kind in PAGE_KINDS
            else None
        )
        return page, meta, marks, found, yaml_text, checked

    if deferred is not None:  # a result owed to the builder is never cached
        page, meta, marks, found, yaml_text, checked = parse()
    else:
        page, meta, marks, found, yaml_text, checked = parsecache.cached(
            "checked-page", f"{src_uri}\x00{rel}", text, parse
        )
    return page, meta, marks, [*problems, *found], yaml_text, checked


def _parse_page(
    text: str,
    src_uri: str,
    rel: str,
    scanner: PageScanner,
    deferred: dict[str, DeferredScan] | None = None,
    path: Path | None = None,
) -> tuple[Page, dict[str, Any], Marks | None, list[Finding], str | None]:
    split = split_page(text, rel)
    problems = [*split.findings, *unwritten(text, rel)]
    meta = split.meta
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    leading = scanner.leading_h1(split.body) if deferred is not None and not title else None
    defer = deferred is not None and bool(title or leading)
    scanned = scanner.scan(split.body, split.body_line, defer=defer)
    if scanned.deferred and deferred is not None:
        deferred[src_uri] = DeferredScan.of(str(path), rel, split.body, split.body_line)
    headings, links = scanned.headings, scanned.links
    renders_macros = meta.get("render_macros") is True
    macros = scan_macros(split.body, split.body_line) if renders_macros else ()
    title = (
        title
        or first_heading(headings)
        or leading
        or Path(src_uri).stem.replace("-", " ").capitalize()
    )
    page = Page(
        src_uri,
        rel,
        title,
        headings,
        links,
        split.body_line,
        macros=macros,
        other_ids=scanned.other_ids,
        renders_macros=renders_macros,
    )
    if split.findings and not meta:
        # The front matter did not parse: keep what id it declares, so references to the page are
        # not reported as dangling on top of the syntax error.
        head = text[: len(text) - len(split.body)] or text[:4096]  # unclosed: the whole head
        declared = _ID_LINE.search(head)
        if declared:
            meta = {"id": declared.group(1)}
    return page, meta, split.marks, problems, (split.yaml if split.standard else None)


def _load_pages(
    settings: Settings,
    ids: _Ids,
    front_matter: dict[str, FrontMatter] | None = None,
    deferred: dict[str, DeferredScan] | None = None,
) -> PagesRead:
    docs = settings.docs_path
    docs_rel = _rel(docs, settings.root)
    findings: list[Finding] = []
    # One walk for the pages and the `.meta.yml` files, so a link out of the repository is
    # reported once and neither kind is read through one.
    walked = walk(
        docs, lambda name: name == META_FILE or _is_page(name), root=settings.root, refused=findings
    )
    metas, problems = load_folder_meta(
        [path for _, path in walked if path.name == META_FILE], docs, docs_rel
    )
    findings.extend(problems)
    chains: dict[str, tuple[FolderMeta, ...]] = {}
    for folder in {folder_of(f"{parent}/x" if parent else "x") for parent, _ in walked}:
        chains[folder] = chain(metas, folder) if metas else ()
    folder_defaults = {
        folder: standard_defaults(layers) for folder, layers in chains.items() if layers
    }
    outcomes: dict[str, PageOutcome] = {}
    scanner = scanner_for(settings.markdown)  # read_settings has built it once already
    for parent, path in walked:
        if path.name == META_FILE:
            continue
        src_uri = f"{parent}/{path.name}" if parent else path.name  # relative to the docs
        rel = f"{docs_rel}/{src_uri}"
        outcomes[src_uri] = _read_page(
            path, src_uri, rel, settings, scanner, ids, chains, front_matter, deferred
        )
    return PagesRead(settings, outcomes, tuple(findings), chains, folder_defaults)


def _read_page(
    path: Path,
    src_uri: str,
    rel: str,
    settings: Settings,
    scanner: PageScanner,
    ids: _Ids,
    chains: Mapping[str, tuple[FolderMeta, ...]],
    front_matter: dict[str, FrontMatter] | None,
    deferred: dict[str, DeferredScan] | None,
) -> PageOutcome:
    """Read one page into what it adds to the model, claiming its id."""
    with parsecache.recording() as keys:
        page, meta, marks, problems, yaml_text, checked = _load_checked_page(
            path, src_uri, rel, settings.vocabulary, scanner, deferred
        )
    findings = list(problems)
    broken: list[str] = []

    def outcome(
        page: Page | None,
        claim: tuple[str, str, Marks] | None = None,
        granted: bool = False,
        refusable: str | None = None,
    ) -> PageOutcome:
        if standard is not None:  # the model is built: dates become `datetime.date`
            standard_values(*standard)
        return PageOutcome(
            path,
            rel,
            tuple(findings),
            page,
            claim,
            granted,
            tuple(broken),
            refusable,
            frozenset(keys),
        )

    standard = None
    if page is None:
        return outcome(None)
    if front_matter is not None and yaml_text is not None and marks is not None:
        front_matter[src_uri] = FrontMatter(yaml_text, meta)
        standard = (meta, marks.dates)
    layers = chains.get(folder_of(src_uri))
    if layers and marks is not None:
        meta, marks, conflicts = merged(layers, meta, marks)
        findings.extend(conflicts)  # the nearer value is used: the page still loads
        checked = None  # made for the page's own front matter: validate the merged one
    kind = meta.get("kind")
    damaged = any(p.severity is Severity.ERROR for p in problems)
    ident = meta.get("id")
    refusable = ident if isinstance(ident, str) and kind is not None else None
    if damaged and isinstance(ident, str):
        # Unreadable, ambiguous (duplicate keys) or undecodable: the page still exists as a
        # link target and its id stays known, but it is not built into the model.
        broken.append(ident)
        return outcome(page, refusable=refusable)
    if kind is None or marks is None:
        return outcome(page, refusable=refusable)
    if kind not in PAGE_KINDS:
        if isinstance(meta.get("id"), str):
            broken.append(meta["id"])
        findings.append(
            rules.BAD_VALUE.at(
                marks.at(("kind",)),
                f"'kind' must be one of: {', '.join(PAGE_KINDS)}; found {schemas.describe(kind)}"
                + (schemas.suggest(kind, PAGE_KINDS) if isinstance(kind, str) else ""),
                "Use `kind: process` or `kind: template`, or remove `kind` for a plain page.",
            )
        )
        return outcome(page, refusable=refusable)
    problems = (
        checked
        if checked is not None
        else schemas.validate(kind, meta, marks, vocab=settings.vocabulary)
    )
    claim = (kind, ident, marks) if isinstance(ident, str) else None
    granted = claim is not None and ids.claim(*claim, ("id",))
    if claim is not None and not granted:
        return outcome(page, claim, granted, refusable)
    if problems:
        findings.extend(problems)
        if isinstance(ident, str):
            broken.append(ident)
        return outcome(page, claim, granted, refusable)
    doc = _doc(kind, meta, src_uri, Origin(marks))
    return outcome(replace(page, title=doc.title, doc=doc), claim, granted, refusable)


def _doc(kind: str, meta: dict[str, Any], src_uri: str, origin: Origin) -> Process | Template:
    common: dict[str, Any] = {
        "kind": kind,
        "id": meta["id"],
        "title": meta["title"],
        "summary": meta["summary"],
        "owner": meta["owner"],
        "status": meta["status"],
        "review": Review(_date(meta["last_reviewed"]), int(meta["review_interval_days"])),
        "tags": _strs(meta.get("tags")),
        "replaced_by": meta.get("replaced_by"),
        "src_uri": src_uri,
        "origin": origin,
    }
    if kind == "template":
        return Template(**common, purpose=meta["purpose"])
    raci = meta["raci"]
    return Process(
        **common,
        stage=meta["stage"],
        raci=Raci(
            *(_strs(raci[key]) for key in ("responsible", "accountable", "consulted", "informed"))
        ),
        templates=_strs(meta.get("templates")),
        related=_strs(meta.get("related")),
        kpis=_strs(meta.get("kpis")),
        tools=_strs(meta.get("tools")),
    )


# ---- Roadmap and releases --------------------------------------------------------------------


def _load_roadmap(
    directory: Path,
    root: Path,
    rel_dir: str,
    vocab: Vocabulary,
    ids: _Ids,
    broken: set[str],
    findings: list[Finding],
    left_out: list[LeftOut],
) -> dict[str, RoadmapItem]:
    items: dict[str, RoadmapItem] = {}
    readable: list[tuple[Path, Any, Marks, list[Finding] | None]] = []
    for path in _yaml_files(directory, root):
        rel = f"{rel_dir}/{path.name}"
        parsed, checked = _read_checked_yaml(
            path, rel, findings, broken, schema=("roadmap-item", vocab)
        )
        if parsed is None or parsed.findings:
            broken.add(path.stem)  # unreadable or ambiguous: its file name still names the item
            left_out.append(LeftOut(Location(rel), f"roadmap item '{path.stem}'"))
            continue
        readable.append((path, parsed.value, parsed.marks, checked))
    # A file named after its id claims the id first: a copy that kept the id is the duplicate.
    readable.sort(key=lambda entry: not _named_after_id(entry[0], entry[1]))
    for path, d, marks, checked in readable:
        rel = f"{rel_dir}/{path.name}"
        problems = (
            checked
            if checked is not None
            else schemas.validate("roadmap-item", d, marks, vocab=vocab)
        )
        ident = d.get("id") if isinstance(d, dict) else None
        if not isinstance(ident, str):
            findings.extend(problems)
            left_out.append(LeftOut(Location(rel), f"roadmap item '{path.stem}'"))
            continue
        hint = None
        if path.stem != ident:
            hint = _rename_hint(path, ident, "id", v.ID_PATTERN)
            # A copied file that kept its id is one defect: reported once, as the clash.
            if not ids.taken("roadmap item", ident):
                findings.append(
                    rules.ID_FILE_MISMATCH.at(
                        marks.at(("id",)),
                        f"roadmap item id '{ident}' differs from its file name '{path.name}'",
                        hint,
                    )
                )
        if not ids.claim("roadmap item", ident, marks, ("id",), hint):
            left_out.append(LeftOut(Location(rel), f"roadmap item '{ident}'"))
            continue
        if problems:
            findings.extend(problems)
            broken.add(ident)
            left_out.append(LeftOut(Location(rel), f"roadmap item '{ident}'"))
            continue
        items[ident] = RoadmapItem(
            id=ident,
            title=d["title"],
            summary=d.get("summary", ""),
            theme=d["theme"],
            status=d["status"],
            horizon=d["horizon"],
            quarter=d["quarter"],
            owner=d["owner"],
            start=_opt_date(d.get("start")),
            target=_date(d["target"]),
            depends_on=_strs(d.get("depends_on")),
            processes=_strs(d.get("processes")),
            problem=d.get("problem", ""),
            metrics=_strs(d.get("metrics")),
            origin=Origin(marks),
            related=_strs(d.get("related")),
        )
    return items


def _named_after_id(path: Path, data: Any) -> bool:
    return isinstance(data, dict) and data.get("id") == path.stem


def _rename_hint(path: Path, wanted: str, key: str, pattern: str) -> str:
    """How to make a file name and its id (or version) agree, without proposing a file name
    that is already taken."""
    directory = path.parent

    def free(stem: str) -> bool:
        return not any((directory / f"{stem}{ext}").exists() for ext in (".yml", ".yaml"))

    value = f'"{path.stem}"' if key == "version" else path.stem
    keep_name = f"set `{key}: {value}` to match the file name"
    if free(wanted):
        if re.fullmatch(pattern, path.stem):
            return f"Rename the file to {wanted}.yml, or {keep_name}."
        return f"Rename the file to {wanted}.yml."
    taken = f"{wanted}.yml already exists"
    if re.fullmatch(pattern, path.stem):
        return f"{taken}: {keep_name}."
    if key == "version":
        return f"{taken}: give this release its own version, and name the file after it."
    number = 2
    while not free(f"{wanted}-{number}"):
        number += 1
    new = f"{wanted}-{number}"
    return f"{taken}: set `{key}: {new}` and rename the file to {new}.yml."


def _entry(d: dict[str, Any], origin: Origin, slug: str = "") -> ReleaseEntry:
    return ReleaseEntry(
        d["type"], d["text"], _strs(d.get("items")), _strs(d["audience"]), origin, slug
    )


def _cited_items(release: Any) -> set[str]:
    """Item ids a (possibly invalid) release cites, read as leniently as possible."""
    entries = release.get("entries") if isinstance(release, dict) else None
    cited: set[str] = set()
    for entry in entries if isinstance(entries, list) else []:
        items = entry.get("items") if isinstance(entry, dict) else None
        cited.update(i for i in (items if isinstance(items, list) else []) if isinstance(i, str))
    return cited


def _load_releases(
    directory: Path,
    root: Path,
    rel_dir: str,
    vocab: Vocabulary,
    broken: set[str],
    cited_by_broken: set[str],
    findings: list[Finding],
    left_out: list[LeftOut],
) -> tuple[Release, ...]:
    releases: list[Release] = []
    seen: dict[str, Marks] = {}
    for path in _yaml_files(directory, root):
        rel = f"{rel_dir}/{path.name}"
        parsed = _read_yaml(path, rel, findings, broken, cited_by_broken)
        if parsed is None or parsed.findings:
            broken.add(path.stem)
            left_out.append(LeftOut(Location(rel), f"release {path.stem}"))
            if parsed is not None:
                cited_by_broken.update(_cited_items(parsed.value))
            continue
        d, marks = parsed.value, parsed.marks
        problems = schemas.validate("release", d, marks, vocab=vocab)
        findings.extend(problems)
        version = d.get("version") if isinstance(d, dict) else None
        if isinstance(version, str) and path.stem != version and version not in seen:
            findings.append(
                rules.ID_FILE_MISMATCH.at(
                    marks.at(("version",)),
                    f"release version '{version}' differs from its file name '{path.name}'",
                    _rename_hint(path, version, "version", v.VERSION_PATTERN),
                )
            )
        if isinstance(version, str) and version in seen:
            findings.append(
                rules.DUPLICATE_ID.at(
                    marks.at(("version",)),
                    f"version {version} is already released in {seen[version].at(('version',))}",
                )
            )
            left_out.append(LeftOut(Location(rel), f"release {version} in {path.name}"))
            continue
        if problems or not isinstance(version, str):
            if isinstance(version, str):
                broken.add(version)
            cited_by_broken.update(_cited_items(d))
            entries = d.get("entries") if isinstance(d, dict) else None
            count = f" ({len(entries)} entries)" if isinstance(entries, list) else ""
            left_out.append(LeftOut(Location(rel), f"release {version or path.stem}{count}"))
            continue
        seen[version] = marks
        entries = tuple(
            _entry(e, Origin(marks, ("entries", i))) for i, e in enumerate(d["entries"])
        )
        releases.append(
            Release(version, _date(d["date"]), d.get("summary", ""), entries, Origin(marks))
        )
    releases.sort(key=lambda r: r.key, reverse=True)
    return tuple(releases)


def _load_unreleased(
    directory: Path,
    root: Path,
    rel_dir: str,
    vocab: Vocabulary,
    findings: list[Finding],
    left_out: list[LeftOut],
) -> tuple[ReleaseEntry, ...]:
    entries: list[ReleaseEntry] = []
    for path in _yaml_files(directory, root):
        rel = f"{rel_dir}/{path.name}"
        parsed = _read_yaml(path, rel, findings)
        if parsed is None or parsed.findings:
            left_out.append(LeftOut(Location(rel), f"upcoming entry {path.name}"))
            continue
        problems = schemas.validate("release-entry", parsed.value, parsed.marks, vocab=vocab)
        if problems:
            findings.extend(problems)
            left_out.append(LeftOut(Location(rel), f"upcoming entry {path.name}"))
            continue
        entries.append(_entry(parsed.value, Origin(parsed.marks), path.stem))
    return tuple(entries)
