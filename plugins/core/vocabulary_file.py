"""Reading the organisation's vocabulary file (`data/vocabulary.yml` by default).

The file is read by our line-keeping YAML loader and validated against `schemas.VOCABULARY_FILE`
(exported as `schemas/vocabulary.schema.json` for editors); then what a schema cannot say is
checked (duplicate ids, clashing display orders, a status of every needed meaning). Any mistake
is one `VocabularyError` listing every problem with its file and line: a build cannot go on with
a vocabulary it does not understand.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from plugins.core import rules, schemas
from plugins.core import vocabulary as v
from plugins.core.vocabulary import (
    EntryType,
    PageStatus,
    RequiredSections,
    RoadmapStatus,
    TextLimits,
    Vocabulary,
)
from plugins.core.yamlio import parse_yaml, read_text

if TYPE_CHECKING:
    from pathlib import Path

    from plugins.core.findings import Finding
    from plugins.core.yamlio import Marks

#: The file's name in the data directory, unless the `playbook` plugin's `vocabulary` says otherwise.
DEFAULT_FILE = "vocabulary.yml"


class VocabularyError(Exception):
    """The vocabulary file cannot be used; `findings` say where and why."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        lines = [f.format() + (f"\n    fix: {f.hint}" if f.hint else "") for f in findings]
        super().__init__(
            "the vocabulary file has "
            + (f"{len(findings)} problems" if len(findings) > 1 else "a problem")
            + ":\n  "
            + "\n  ".join(lines)
        )


def load_vocabulary(path: Path, rel: str) -> Vocabulary:
    """The vocabulary in `path` (shown as `rel`), or the generic defaults when there is no file."""
    if not path.is_file():
        return v.DEFAULT
    text, problems = read_text(path, rel)
    if text is None or problems:
        raise VocabularyError(problems)
    parsed = parse_yaml(text, rel, empty_ok=True)
    if parsed.findings:
        raise VocabularyError(parsed.findings)
    if parsed.value is None:
        return v.DEFAULT
    return vocabulary_from(parsed.value, parsed.marks)


def vocabulary_from(data: Any, marks: Marks) -> Vocabulary:
    """Build a vocabulary from a parsed vocabulary file; raise `VocabularyError` on any mistake."""
    findings = schemas.validate_with(schemas.VOCABULARY_FILE, data, marks)
    if findings:
        raise VocabularyError(findings)
    findings = list(_semantic_problems(data, marks))
    if findings:
        raise VocabularyError(findings)
    return _build(data)


def _build(d: dict[str, Any]) -> Vocabulary:
    vocab = v.DEFAULT
    changes: dict[str, Any] = {}
    if "name" in d:
        changes["name"] = d["name"]
    if "entry_types" in d:
        changes["entry_types"] = tuple(
            EntryType(
                e["id"],
                e["heading"],
                e.get("order", position),
                bool(e.get("requires_item", False)),
                e.get("semver", "minor"),
            )
            for position, e in enumerate(d["entry_types"], start=1)
        )
    if "roadmap_statuses" in d:
        changes["roadmap_statuses"] = tuple(
            RoadmapStatus(
                s["id"],
                s.get("label") or vocab.label(s["id"]),
                s["meaning"],
                s.get("colour") or _PALETTE[position % len(_PALETTE)],
            )
            for position, s in enumerate(d["roadmap_statuses"])
        )
    if "page_statuses" in d:
        changes["page_statuses"] = tuple(
            PageStatus(s["id"], s.get("label") or vocab.label(s["id"]), s["meaning"])
            for s in d["page_statuses"]
        )
    for key in (
        "audiences",
        "horizons",
        "stages",
        "kpi_categories",
        "kpi_cadences",
        "tool_statuses",
        "tool_categories",
    ):
        if key in d:
            changes[key] = tuple(d[key])
    if "required_sections" in d:
        given = d["required_sections"]
        changes["required_sections"] = tuple(
            RequiredSections(kind, tuple(given.get(kind, vocab.sections(kind))))
            for kind in v.PAGE_KINDS
        )
    if "optional_keys" in d:
        changes["optional_keys"] = tuple(
            (kind, key) for kind, keys in d["optional_keys"].items() for key in keys
        )
    if "text_limits" in d:
        changes["text_limits"] = replace(TextLimits(), **d["text_limits"])
    if "owners" in d:
        changes["owner_forms"] = tuple(d["owners"])
    if "id_scope" in d:
        changes["id_scope"] = d["id_scope"]
    if "versioning" in d:
        changes["versioning"] = d["versioning"]
    if "labels" in d:
        changes["labels"] = (*vocab.labels, *((str(k), val) for k, val in d["labels"].items()))
    return replace(vocab, **changes)


#: Timeline colours of statuses given none: distinguishable, readable on light and dark.
_PALETTE = ("#9e9e9e", "#3f51b5", "#fb8c00", "#2e7d32", "#8e24aa", "#00838f", "#c62828")


def _semantic_problems(d: dict[str, Any], marks: Marks) -> list[Finding]:
    out: list[Finding] = []
    for key in ("entry_types", "roadmap_statuses", "page_statuses"):
        seen: dict[str, int] = {}
        for index, entry in enumerate(d.get(key, [])):
            ident = entry["id"]
            if ident in seen:
                out.append(
                    rules.DUPLICATE_ID.at(
                        marks.at((key, index, "id")),
                        f"{key}: id '{ident}' is already used at "
                        f"{marks.at((key, seen[ident], 'id'))}",
                    )
                )
            else:
                seen[ident] = index
    orders: dict[int, int] = {}
    for index, entry in enumerate(d.get("entry_types", [])):
        order = entry.get("order", index + 1)
        if order in orders:
            other = d["entry_types"][orders[order]]["id"]
            out.append(
                rules.BAD_VALUE.at(
                    marks.at(("entry_types", index, "order" if "order" in entry else "id")),
                    f"entry type '{entry['id']}' has display order {order}, "
                    f"like entry type '{other}'",
                    "Give every entry type its own `order` (lower shows first), or leave "
                    "`order` out everywhere to use the list's order.",
                )
            )
        else:
            orders[order] = index
    statuses = d.get("roadmap_statuses")
    if statuses is not None:
        meanings = {s["meaning"] for s in statuses}
        out.extend(
            rules.BAD_VALUE.at(
                marks.at(("roadmap_statuses",)),
                f"roadmap_statuses: no status means '{needed}'",
                "An item must be able to be on the board (open) and to ship (done).",
            )
            for needed in ("open", "done")
            if needed not in meanings
        )
    pages = d.get("page_statuses")
    if pages is not None and not any(s["meaning"] == "active" for s in pages):
        out.append(
            rules.BAD_VALUE.at(
                marks.at(("page_statuses",)),
                "page_statuses: no status means 'active'",
                "Add a status with `meaning: active`: the one a page in use has.",
            )
        )
    return out
