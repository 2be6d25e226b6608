"""One JSON Schema per kind of content, built from the vocabulary.

The same schema validates the data (`validate`), is exported for editors (`playbook schema
export`, `schemas/*.schema.json`), renders the data-format reference page and fills the
scaffolding templates (each property's first example).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import fastjsonschema

from plugins.core import rules
from plugins.core import vocabulary as v
from plugins.core.yamlio import IsoDate
from plugins.core.yamlio import key_name as key_name  # re-exported: checks name key paths

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from jsonschema import ValidationError

    from plugins.core.findings import Finding
    from plugins.core.vocabulary import Vocabulary
    from plugins.core.yamlio import KeyPath, Marks

SCHEMA_BASE_URL = "https://playbook.invalid/schemas/"

# ---- Building blocks ----------------------------------------------------------------------------


#: Text (summaries, descriptions, release notes): at least one visible character, and no
#: control character other than tab, line feed and carriage return. `(?![\s\S])` is "end of
#: text" in both Python's and ECMAScript's regular expressions (`$` also matches before a final
#: line break in Python).
TEXT_PATTERN = r"^(?=\s*\S)[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]+(?![\s\S])"
#: One line (titles, names, terms): at least one visible character, no line break, no control
#: character.
LINE_PATTERN = r"^(?=\s*\S)[^\x00-\x1F\x7F-\x9F\u2028\u2029]+(?![\s\S])"


def _text(
    description: str, *examples: str, max_length: int, one_line: bool = False
) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": LINE_PATTERN if one_line else TEXT_PATTERN,
        "maxLength": max_length,
        "description": description,
        "examples": list(examples),
    }


def _id(description: str, *examples: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": v.ID_PATTERN,
        "maxLength": v.ID_MAX_LENGTH,
        "description": description,
        "examples": list(examples),
    }


def _ids(description: str, *examples: str, min_items: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "array",
        "items": {"type": "string", "pattern": v.ID_PATTERN, "maxLength": v.ID_MAX_LENGTH},
        "uniqueItems": True,
        "description": description,
        "examples": [list(examples)],
    }
    if min_items:
        schema["minItems"] = min_items
    return schema


def _enum(values: tuple[str, ...], description: str) -> dict[str, Any]:
    return {
        "type": "string",
        "enum": list(values),
        "description": description,
        "examples": [values[0]],
    }


def _date(description: str, example: str) -> dict[str, Any]:
    return {"type": "string", "format": "date", "description": description, "examples": [example]}


def _number(description: str, example: float) -> dict[str, Any]:
    return {"type": "number", "description": description, "examples": [example]}


def _measurement(description: str, value: float, date: str) -> dict[str, Any]:
    """A value and the date it was taken (`{value: 58, date: 2026-03-31}`)."""
    return {
        **_object(
            "Measurement",
            description,
            {
                "value": _number("The value, in the KPI's `unit`.", value),
                "date": _date("The date the value was taken (or the period it closes).", date),
            },
            ("value", "date"),
        ),
        "examples": [{"value": value, "date": date}],
    }


def _object(
    title: str,
    description: str,
    properties: dict[str, dict[str, Any]],
    required: tuple[str, ...],
) -> dict[str, Any]:
    return {
        "type": "object",
        "title": title,
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _registry(key: str, title: str, description: str, item: dict[str, Any]) -> dict[str, Any]:
    return _object(
        title,
        description,
        {key: {"type": "array", "items": item, "minItems": 1, "description": item["description"]}},
        (key,),
    )


def owner_pattern(vocab: Vocabulary) -> str:
    """The pattern an `owner` matches: the forms the vocabulary allows, as one regex."""
    forms = {
        "team": v.ID_PATTERN[1:-1],
        "github-team": v.GITHUB_TEAM_PATTERN,
        "github-user": v.GITHUB_USER_PATTERN,
    }
    alternatives = [forms[form] for form in vocab.owner_forms]
    if len(alternatives) == 1 and vocab.owner_forms == ("team",):
        return v.ID_PATTERN
    return "^(?:" + "|".join(alternatives) + ")$"


_OWNER_WORDS = {
    "team": "a team id (data/teams.yml)",
    "github-team": "a GitHub team '@org/team'",
    "github-user": "a GitHub user '@handle'",
}


def _owner(vocab: Vocabulary, description: str, example: str) -> dict[str, Any]:
    pattern = owner_pattern(vocab)
    if pattern == v.ID_PATTERN:
        return _id(description, example)
    words = [_OWNER_WORDS[form] for form in vocab.owner_forms]
    either = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    PATTERN_WORDS.setdefault(pattern, either)
    return {
        "type": "string",
        "pattern": pattern,
        "maxLength": 100,
        "description": f"Owner: {either}.",
        "examples": [
            example
            if "team" in vocab.owner_forms
            else f"@example/{example}"
            if "github-team" in vocab.owner_forms
            else f"@{example}"
        ],
    }


def _either(values: tuple[str, ...]) -> str:
    """`Now, next or later` for ('now', 'next', 'later')."""
    text = values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
    return text.capitalize()


def _required(vocab: Vocabulary, kind: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(key for key in keys if not vocab.is_optional(kind, key))


#: Front-matter keys MkDocs and Material understand, allowed on every page.
_ENGINE_KEYS: dict[str, dict[str, Any]] = {
    "hide": {
        "type": "array",
        "items": {"type": "string"},
        "description": "Material: hide navigation, toc or footer.",
    },
    "search": {"type": "object", "description": "Material: search settings, e.g. `exclude: true`."},
    "icon": {"type": "string", "description": "Material: page icon."},
    "description": {"type": "string", "description": "Meta description for search engines."},
    "render_macros": {"type": "boolean", "description": "Render `{{ macros }}` in this page."},
    "template": {"type": "string", "description": "MkDocs: a custom page template."},
}

_REVIEW: dict[str, dict[str, Any]] = {
    "last_reviewed": _date("When the owner team last confirmed the page is current.", "2026-10-06"),
    "review_interval_days": {
        "type": "integer",
        "minimum": v.REVIEW_INTERVAL_MIN_DAYS,
        "maximum": v.REVIEW_INTERVAL_MAX_DAYS,
        "description": "Days after `last_reviewed` by which the page must be reviewed again.",
        "examples": [180],
    },
}

# ---- The schemas --------------------------------------------------------------------------------

#: Names of the schemas, in the order they are exported and documented.
NAMES = (
    "process",
    "template",
    "teams",
    "roles",
    "kpis",
    "tools",
    "glossary",
    "themes",
    "facts",
    "roadmap-item",
    "release",
    "release-entry",
    "maturity",
)


@functools.cache
def schemas_for(vocab: Vocabulary) -> dict[str, dict[str, Any]]:
    """Every schema, built from one vocabulary (cached: a vocabulary is hashable)."""
    limits = vocab.text_limits
    long, title, summary, name = limits.text, limits.title, limits.summary, limits.name
    status_pages = _enum(vocab.page_status_ids, "Lifecycle status of the page.")
    process = _object(
        "Process page",
        "Front matter of a process page under `playbook/` (`kind: process`).",
        {
            "kind": {
                "const": "process",
                "description": "Marks the page as a process.",
                "examples": ["process"],
            },
            "id": _id(
                "Stable id, unique across the playbook; other pages refer to it.",
                "launch-management",
            ),
            "title": _text(
                "Page title.", "Launch and release management", max_length=title, one_line=True
            ),
            "summary": _text(
                "One sentence: what the process achieves.",
                "How we take a change from code complete to customers.",
                max_length=summary,
            ),
            "owner": _owner(vocab, "Owner team id (data/teams.yml).", "product-ops"),
            "status": status_pages,
            "stage": _enum(vocab.stages, "Product lifecycle stage the process belongs to."),
            **_REVIEW,
            "raci": _object(
                "RACI",
                "Who is Responsible, Accountable, Consulted and Informed (role ids, data/roles.yml).",
                {key: _ids(f"Roles {key}.", "product-manager", min_items=1) for key in v.RACI_KEYS},
                v.RACI_KEYS,
            ),
            "templates": _ids("Template ids the process uses.", "launch-checklist"),
            "related": _ids("Ids of related processes.", "post-launch-review"),
            "kpis": _ids("KPI ids the process moves (data/kpis.yml).", "time-to-ship"),
            "tools": _ids("Tool ids the process uses (data/tools.yml).", "jira"),
            "tags": _ids("Free tags, lowercase-kebab-case.", "launch"),
            "replaced_by": _id(
                "For a deprecated or retired page: the id of its replacement.", "launch-management"
            ),
            **_ENGINE_KEYS,
        },
        (
            "kind",
            "id",
            "title",
            "summary",
            "owner",
            "status",
            "stage",
            "last_reviewed",
            "review_interval_days",
            "raci",
        ),
    )
    template = _object(
        "Template page",
        "Front matter of a template page under `playbook/` (`kind: template`). 'Used by' is derived from the processes that list it.",
        {
            "kind": {
                "const": "template",
                "description": "Marks the page as a template.",
                "examples": ["template"],
            },
            "id": _id("Stable id, unique across the playbook.", "launch-checklist"),
            "title": _text("Page title.", "Launch checklist", max_length=title, one_line=True),
            "summary": _text(
                "One line describing the template.",
                "Everything that must be true before a launch.",
                max_length=summary,
            ),
            "owner": _owner(vocab, "Owner team id (data/teams.yml).", "product-ops"),
            "status": status_pages,
            "purpose": _text(
                "What the template is for and when to use it.",
                "Use for every tier 1 and tier 2 launch.",
                max_length=long,
            ),
            **_REVIEW,
            "tags": _ids("Free tags.", "launch"),
            "replaced_by": _id(
                "For a deprecated or retired template: its replacement.", "launch-checklist"
            ),
            **_ENGINE_KEYS,
        },
        (
            "kind",
            "id",
            "title",
            "summary",
            "owner",
            "status",
            "purpose",
            "last_reviewed",
            "review_interval_days",
        ),
    )
    team = _object(
        "Team",
        "A team that owns pages, data and roadmap items.",
        {
            "id": _id("Team id.", "core-product"),
            "name": _text("Display name.", "Core Product", max_length=name, one_line=True),
            "description": _text(
                "What the team owns.", "Accounts, sign-in and billing.", max_length=long
            ),
            "members": {
                "type": "array",
                "items": {"type": "string", "pattern": v.HANDLE_PATTERN},
                "uniqueItems": True,
                "minItems": 1,
                "description": "Repository (GitHub) handles of the members, without '@'.",
                "examples": [["amara-okafor"]],
            },
            "channel": {
                "type": "string",
                "pattern": v.CHANNEL_PATTERN,
                "description": "Chat channel.",
                "examples": ["#core-product"],
            },
            "maintains_site": {
                "type": "boolean",
                "description": "This team maintains the site build (CODEOWNERS for plugins/, mkdocs.yml, .github/).",
                "examples": [False],
            },
        },
        ("id", "name", "members", "channel"),
    )
    role = _object(
        "Role",
        "A role referred to in RACI assignments.",
        {
            "id": _id("Role id.", "product-manager"),
            "name": _text("Display name.", "Product manager", max_length=name, one_line=True),
            "summary": _text(
                "One sentence on the role.", "Owns the problem and the outcome.", max_length=long
            ),
            "responsibilities": {
                "type": "array",
                "items": {"type": "string", "minLength": 1},
                "minItems": 1,
                "description": "What the role is responsible for.",
                "examples": [["Writes the PRD."]],
            },
        },
        ("id", "name", "summary", "responsibilities"),
    )
    kpi = _object(
        "KPI",
        "A metric that processes move and roadmap items aim at.",
        {
            "id": _id("KPI id.", "time-to-ship"),
            "name": _text("Display name.", "Time to ship", max_length=name, one_line=True),
            "category": _enum(
                vocab.kpi_categories, "Whether it measures the product organisation or the product."
            ),
            "definition": _text(
                "What it measures.",
                "Days from PRD approval to general availability.",
                max_length=long,
            ),
            "formula": _text(
                "How it is computed.",
                "Median over items shipped in the month of (GA date - PRD approval date).",
                max_length=long,
            ),
            "unit": _text("Unit of the value.", "days", max_length=40),
            "direction": _enum(v.KPI_DIRECTIONS, "Which way is good."),
            "target": _text(
                "The target in words, as people say it (the numbers are `target_value` and "
                "`target_by`).",
                "Median under 45 days",
                max_length=200,
            ),
            "target_value": _number("The target as a number, in `unit`.", 45),
            "target_by": _date("The date the target should be reached by.", "2027-03-31"),
            "baseline": _measurement(
                "The value the KPI started from, and the date it was taken.", 58, "2026-03-31"
            ),
            "current": _measurement(
                "The latest value and the date it is as of. May be left out when `history` "
                "is given: its last point is the current value.",
                49,
                "2026-10-31",
            ),
            "history": {
                "type": "array",
                "items": _measurement("One past value.", 52, "2026-09-30"),
                "minItems": 1,
                "description": "Past values, oldest first (dates increasing); drawn as the trend "
                "chart on the KPIs page.",
                "examples": [[{"date": "2026-09-30", "value": 52}]],
            },
            "owner": _owner(vocab, "Owner team id.", "product-ops"),
            "source": _id("Tool id the data comes from.", "jira"),
            "source_note": _text(
                "The report, dashboard or query in the source tool the values are read from.",
                "Delivery dashboard, 'Time to ship' tile",
                max_length=200,
                one_line=True,
            ),
            "cadence": _enum(vocab.kpi_cadences, "How often it is reported."),
        },
        (
            "id",
            "name",
            "category",
            "definition",
            "formula",
            "unit",
            "direction",
            "owner",
            "source",
            "cadence",
        ),
    )
    tool = _object(
        "Tool",
        "A tool in the product organisation's stack.",
        {
            "id": _id("Tool id.", "jira"),
            "name": _text("Display name.", "Jira", max_length=name, one_line=True),
            "category": _enum(vocab.tool_categories, "What kind of tool it is."),
            "owner": _owner(vocab, "Owner team id.", "product-ops"),
            "status": _enum(vocab.tool_statuses, "Where the tool is in its lifecycle."),
            "purpose": _text(
                "What it is used for, and what not.",
                "Delivery tracking for every squad.",
                max_length=long,
            ),
            "url": {
                "type": "string",
                "pattern": "^https://",
                "description": "Vendor or internal address.",
                "examples": ["https://www.atlassian.com/software/jira"],
            },
        },
        ("id", "name", "category", "owner", "status", "purpose"),
    )
    term = _object(
        "Glossary term",
        "A term of the product organisation's vocabulary.",
        {
            "id": _id("Term id.", "rice"),
            "term": _text("The term as written.", "RICE", max_length=name, one_line=True),
            "definition": _text(
                "What it means here.", "Reach x Impact x Confidence / Effort.", max_length=long
            ),
            "see_also": _ids("Related term ids.", "wsjf"),
        },
        ("id", "term", "definition"),
    )
    theme = _object(
        "Roadmap theme",
        "A theme that groups roadmap items.",
        {
            "id": _id("Theme id.", "onboarding"),
            "name": _text("Display name.", "Onboarding", max_length=name, one_line=True),
            "description": _text(
                "What the theme covers.",
                "Everything between sign-up and the first success.",
                max_length=long,
            ),
            "owner": _owner(vocab, "Owner team id.", "core-product"),
        },
        ("id", "name", "description", "owner"),
    )
    fact = _object(
        "Fact",
        'A policy value that several pages quote with `{{ fact("id") }}`, so a change is one edit.',
        {
            "id": _id('Fact id, quoted in pages as `{{ fact("id") }}`.', "breaking-change-notice"),
            "value": _text(
                "The value as pages show it, written to read well inside a sentence.",
                "60 days",
                max_length=300,
            ),
            "description": _text(
                "What the value governs and where it is decided.",
                "Minimum notice to customers before a breaking change takes effect.",
                max_length=long,
            ),
        },
        ("id", "value", "description"),
    )
    roadmap_item = _object(
        "Roadmap item",
        "One roadmap item, in its own file data/roadmap/<id>.yml.",
        {
            "id": _id("Item id; the file name is <id>.yml.", "bulk-export"),
            "title": _text("Title.", "Bulk export of reports", max_length=title, one_line=True),
            "summary": _text(
                "What it is, in a customer's words.",
                "Export every report at once, as one archive.",
                max_length=long,
            ),
            "theme": _id("Theme id (data/themes.yml).", "onboarding"),
            "status": _enum(vocab.status_ids, "Delivery status."),
            "horizon": _enum(vocab.horizons, _either(vocab.horizons) + "."),
            "quarter": {
                "type": "string",
                "pattern": v.QUARTER_PATTERN,
                "description": "Target quarter, YYYY-Qn.",
                "examples": ["2027-Q1"],
            },
            "owner": _owner(vocab, "Owner team id.", "core-product"),
            "start": _date("Start date.", "2026-12-01"),
            "target": _date("Target date, inside `quarter`.", "2027-03-15"),
            "depends_on": _ids("Ids of roadmap items that must ship first.", "single-sign-on"),
            "related": _ids(
                "Ids of related roadmap items (unlike `depends_on`, implying no order).",
                "usage-reports",
            ),
            "processes": _ids("Ids of processes that govern the work.", "launch-management"),
            "problem": _text(
                "The customer problem.",
                "Exporting reports one by one takes an hour each month.",
                max_length=long,
            ),
            "metrics": _ids("KPI ids that measure success.", "time-to-ship", min_items=1),
        },
        _required(
            vocab,
            "roadmap-item",
            (
                "id",
                "title",
                "summary",
                "theme",
                "status",
                "horizon",
                "quarter",
                "owner",
                "target",
                "problem",
                "metrics",
            ),
        ),
    )
    release_entry = _object(
        "Release entry",
        "One change in a release; also one file in data/releases/unreleased/.",
        {
            "type": _enum(vocab.entry_type_ids, "Kind of change."),
            "text": _text(
                "What changed, for the audience; Markdown inline code allowed.",
                "Reports can be exported all at once.",
                max_length=long,
            ),
            "items": _ids("Roadmap item ids this change delivers.", "bulk-export"),
            "audience": {
                "type": "array",
                "items": {"type": "string", "enum": list(vocab.audiences)},
                "uniqueItems": True,
                "minItems": 1,
                "description": "Who the change matters to.",
                "examples": [[vocab.audiences[0]]],
            },
        },
        ("type", "text", "audience"),
    )
    release = _object(
        "Release",
        "One released version, in its own file data/releases/<version>.yml.",
        {
            "version": {
                "type": "string",
                "pattern": v.VERSION_PATTERN,
                "description": "Semantic version; the file name is <version>.yml. Quote it.",
                "examples": ["3.6.0"],
            },
            "date": _date("Release date (not in the future).", "2026-12-08"),
            "summary": _text(
                "Headline of the release.", "Bulk export for every report.", max_length=long
            ),
            "entries": {
                "type": "array",
                "items": release_entry,
                "minItems": 1,
                "description": "The changes.",
            },
        },
        _required(vocab, "release", ("version", "date", "summary", "entries")),
    )
    maturity = _maturity(vocab)
    return {
        "process": process,
        "template": template,
        "teams": _registry("teams", "Teams", "data/teams.yml: the teams.", team),
        "roles": _registry("roles", "Roles", "data/roles.yml: the roles.", role),
        "kpis": _registry("kpis", "KPIs", "data/kpis.yml: the metrics.", kpi),
        "tools": _registry("tools", "Tools", "data/tools.yml: the tool stack.", tool),
        "glossary": _registry("terms", "Glossary", "data/glossary.yml: the glossary.", term),
        "themes": _registry("themes", "Themes", "data/themes.yml: roadmap themes.", theme),
        "facts": _registry("facts", "Facts", "data/facts.yml: policy values pages quote.", fact),
        "roadmap-item": roadmap_item,
        "release": release,
        "release-entry": release_entry,
        "maturity": maturity,
    }


#: Fewest and most days `reassess_every_days` may be, and its default.
REASSESS_MIN_DAYS = 30
REASSESS_MAX_DAYS = 730
DEFAULT_REASSESS_DAYS = 183
#: The lists of the maturity model file, each validated item by item.
MATURITY_LISTS = ("levels", "dimensions", "assessments")


def _maturity(vocab: Vocabulary) -> dict[str, Any]:
    """The maturity model file: levels, dimensions with a descriptor per level, assessments."""
    limits = vocab.text_limits
    level = _object(
        "Maturity level",
        "One step of the maturity scale. Levels are listed lowest first.",
        {
            "id": _id("Level id, used by descriptors and scores.", "repeatable"),
            "name": _text("Display name.", "Repeatable", max_length=limits.name, one_line=True),
            "summary": _text(
                "One line: what this level means in every dimension.",
                "The same steps are followed each time, by habit rather than by rule.",
                max_length=limits.summary,
            ),
        },
        ("id", "name", "summary"),
    )
    dimension = _object(
        "Maturity dimension",
        "One capability the model assesses, and what each level of it looks like.",
        {
            "id": _id("Dimension id, used by scores.", "roadmapping"),
            "name": _text(
                "Display name.",
                "Roadmapping and prioritisation",
                max_length=limits.name,
                one_line=True,
            ),
            "summary": _text(
                "What the dimension covers.",
                "How work is chosen, sequenced and published.",
                max_length=limits.text,
            ),
            "owner": _owner(vocab, "Owner team id: who improves it.", "product-ops"),
            "processes": _ids("Ids of the processes that serve it.", "roadmapping"),
            "templates": _ids("Ids of the templates that serve it.", "roadmap-item-proposal"),
            "kpis": _ids("Ids of the KPIs that show it working.", "on-time-delivery-rate"),
            "descriptors": {
                "type": "object",
                "additionalProperties": _text(
                    "What you would see at this level (Markdown).",
                    "Every Now item has an owner and a target date.",
                    max_length=limits.text,
                ),
                "minProperties": 1,
                "description": "For each level id, what you would observe in a team at that "
                "level: concrete and checkable, not an adjective (Markdown).",
                "examples": [{"repeatable": "Every Now item has an owner and a target date."}],
            },
        },
        ("id", "name", "owner", "descriptors"),
    )
    score = _object(
        "Maturity score",
        "The level one dimension reached in an assessment.",
        {
            "dimension": _id("Dimension id.", "roadmapping"),
            "level": _id("Level id reached: every descriptor up to it is true.", "repeatable"),
            "evidence": _text(
                "What shows it (Markdown): numbers, links, examples.",
                "The roadmap is reviewed weekly; 11 of 12 Now items have a target.",
                max_length=limits.text,
            ),
            "target": _id("Level id aimed at next.", "defined"),
            "target_date": _date("When the target level should be reached.", "2027-06-30"),
        },
        ("dimension", "level"),
    )
    assessment = _object(
        "Maturity assessment",
        "A dated self-assessment: one score per dimension.",
        {
            "date": _date("Day of the assessment (not in the future).", "2026-11-12"),
            "assessed_by": _text(
                "Who assessed, and where.",
                "Product ops and the PM group, in the monthly product review",
                max_length=200,
                one_line=True,
            ),
            "note": _text(
                "Context of the assessment (Markdown).",
                "First assessment after the launch process changed.",
                max_length=limits.text,
            ),
            "scores": {
                "type": "array",
                "items": score,
                "minItems": 1,
                "description": "One score per dimension.",
            },
        },
        ("date", "scores"),
    )
    return _object(
        "Maturity model",
        "The maturity model: its levels, the dimensions assessed with what each level looks "
        "like, and the dated assessments. Optional: without the file there is no maturity page.",
        {
            "reassess_every_days": {
                "type": "integer",
                "minimum": REASSESS_MIN_DAYS,
                "maximum": REASSESS_MAX_DAYS,
                "description": "Days after the latest assessment by which the next is due "
                f"(default {DEFAULT_REASSESS_DAYS}).",
                "examples": [DEFAULT_REASSESS_DAYS],
            },
            "levels": {
                "type": "array",
                "items": level,
                "minItems": 2,
                "description": "The levels, lowest first.",
            },
            "dimensions": {
                "type": "array",
                "items": dimension,
                "minItems": 1,
                "description": "The dimensions assessed.",
            },
            "assessments": {
                "type": "array",
                "items": assessment,
                "description": "Dated assessments, in any order.",
            },
        },
        ("levels", "dimensions"),
    )


@functools.cache
def maturity_outline(vocab: Vocabulary) -> dict[str, Any]:
    """The maturity schema with its lists' items unchecked: the file's own keys, validated
    apart from its items (each item is validated alone, so one bad item hides no other)."""
    full = schemas_for(vocab)["maturity"]
    properties = dict(full["properties"])
    for key in MATURITY_LISTS:
        properties[key] = {k: val for k, val in properties[key].items() if k != "items"}
    return {**full, "properties": properties}


# ---- The vocabulary file's own schema ----------------------------------------------------------


def _id_list(description: str, example: tuple[str, ...]) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "pattern": v.ID_PATTERN, "maxLength": v.ID_MAX_LENGTH},
        "uniqueItems": True,
        "minItems": 1,
        "description": description,
        "examples": [list(example)],
    }


def _label() -> dict[str, Any]:
    return {"type": "string", "minLength": 1, "maxLength": 80, "description": "Display label."}


def _vocabulary_schema() -> dict[str, Any]:
    d = v.DEFAULT
    limit = {"type": "integer", "minimum": 1, "maximum": 1_000_000}
    return _object(
        "Vocabulary",
        "The organisation's vocabulary: every value the data may use, and what it means. Every "
        "key is optional; a missing key keeps the generic default.",
        {
            "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 80,
                "description": "The product or organisation named in generated text.",
                "examples": [d.name],
            },
            "entry_types": {
                "type": "array",
                "minItems": 1,
                "description": "Kinds of release entry, each with its heading, display order "
                "(lower first, unique; default: its position), whether it must cite a roadmap "
                "item and its semantic-version impact.",
                "items": _object(
                    "Entry type",
                    "A kind of release entry.",
                    {
                        "id": _id("Entry type id.", "feature"),
                        "heading": {**_label(), "description": "Heading on release pages."},
                        "order": {
                            "type": "integer",
                            "minimum": 0,
                            "description": "Display position, lower first.",
                        },
                        "requires_item": {
                            "type": "boolean",
                            "description": "Each entry must cite a roadmap item.",
                        },
                        "semver": _enum(v.SEMVER_IMPACTS, "What it does to the version number."),
                    },
                    ("id", "heading"),
                ),
                "examples": [[{"id": "feature", "heading": "New features", "semver": "minor"}]],
            },
            "audiences": _id_list("Who a release entry may matter to.", d.audiences),
            "roadmap_statuses": {
                "type": "array",
                "minItems": 2,
                "description": "Roadmap item statuses in the order an item moves through them, "
                "each meaning open (on the board), done (shipped) or dropped.",
                "items": _object(
                    "Roadmap status",
                    "A roadmap item status.",
                    {
                        "id": _id("Status id.", "planned"),
                        "label": _label(),
                        "meaning": _enum(v.STATUS_MEANINGS, "What the status means."),
                        "colour": {
                            "type": "string",
                            "pattern": "^#[0-9a-fA-F]{6}$",
                            "description": "Colour of its bars on the timeline.",
                        },
                    },
                    ("id", "meaning"),
                ),
                "examples": [[{"id": "planned", "meaning": "open"}]],
            },
            "horizons": _id_list("Board columns, nearest first.", d.horizons),
            "page_statuses": {
                "type": "array",
                "minItems": 1,
                "description": "Lifecycle statuses of process and template pages, each meaning "
                "draft, active, deprecated (replaced, still shown) or retired (hidden).",
                "items": _object(
                    "Page status",
                    "A page lifecycle status.",
                    {
                        "id": _id("Status id.", "active"),
                        "label": _label(),
                        "meaning": _enum(v.PAGE_MEANINGS, "What the status means."),
                    },
                    ("id", "meaning"),
                ),
                "examples": [[{"id": "active", "meaning": "active"}]],
            },
            "stages": _id_list("Lifecycle stages of processes, in order.", d.stages),
            "required_sections": _object(
                "Required sections",
                "Level-2 headings each kind of page must have, in order.",
                {
                    kind: {
                        "type": "array",
                        "items": {"type": "string", "minLength": 1},
                        "uniqueItems": True,
                        "description": f"Sections of a {kind} page.",
                        "examples": [list(d.sections(kind))],
                    }
                    for kind in v.PAGE_KINDS
                },
                (),
            ),
            "optional_keys": _object(
                "Optional keys",
                "Keys that need not be written, per kind of data.",
                {
                    kind: {
                        "type": "array",
                        "items": {"type": "string", "enum": list(keys)},
                        "uniqueItems": True,
                        "description": f"Optional keys of a {kind}.",
                        "examples": [[keys[-1]]],
                    }
                    for kind, keys in v.OPTIONAL_KEYS.items()
                },
                (),
            ),
            "text_limits": _object(
                "Text limits",
                "Most characters per kind of text field.",
                {
                    "text": {**limit, "description": "Long text: descriptions, summaries, notes."},
                    "title": {**limit, "description": "Titles of pages and roadmap items."},
                    "summary": {**limit, "description": "One-line summaries of pages."},
                    "name": {**limit, "description": "Display names in the registries."},
                },
                (),
            ),
            "owners": {
                "type": "array",
                "items": {"type": "string", "enum": list(v.OWNER_FORMS)},
                "uniqueItems": True,
                "minItems": 1,
                "description": "Forms an `owner` may take: a team id, a GitHub team "
                "`@org/team`, a GitHub user `@handle`.",
                "examples": [list(d.owner_forms)],
            },
            "id_scope": _enum(
                v.ID_SCOPES,
                "Whether ids are unique across every kind (global) or within each kind.",
            ),
            "versioning": _enum(
                v.VERSIONINGS,
                "semver: a release must move its version as far as its entry types' `semver` "
                "impacts call for (rule PB411); free: versions only have to increase.",
            ),
            "kpi_categories": _id_list("Categories of KPIs.", d.kpi_categories),
            "kpi_cadences": _id_list("How often KPIs are reported.", d.kpi_cadences),
            "tool_statuses": _id_list("Lifecycle statuses of tools.", d.tool_statuses),
            "tool_categories": _id_list("Categories of tools.", d.tool_categories),
            "labels": {
                "type": "object",
                "additionalProperties": _label(),
                "description": "Display labels of values whose capitalised form is not right.",
                "examples": [dict(d.labels)],
            },
        },
        (),
    )


VOCABULARY_FILE = _vocabulary_schema()

#: Human wording of the patterns, for messages and the reference page.
PATTERN_WORDS = {
    v.ID_PATTERN: "lowercase words joined by hyphens, like 'bulk-export'",
    v.VERSION_PATTERN: "a version MAJOR.MINOR.PATCH, like '3.6.0'",
    v.QUARTER_PATTERN: "a quarter YYYY-Qn, like '2027-Q1'",
    v.HANDLE_PATTERN: "a GitHub handle without '@', like 'amara-okafor'",
    v.CHANNEL_PATTERN: "a channel name starting with '#', like '#product-ops'",
    "^https://": "an https:// address",
    "^#[0-9a-fA-F]{6}$": "a colour #RRGGBB",
    TEXT_PATTERN: "text with at least one visible character and no control characters",
    LINE_PATTERN: "one line with at least one visible character and no control characters",
}


def _text_problem(name: str, value: str, one_line: bool) -> tuple[str, str]:
    """What is wrong with a text that does not match TEXT_PATTERN or LINE_PATTERN, and the fix."""
    if not value.strip():
        what = "is empty" if not value else "holds only whitespace"
        return f"'{name}' {what}", f"Write the {name}, or remove the key if it is optional."
    for index, char in enumerate(value, start=1):
        if one_line and char in "\n\r\u2028\u2029":
            return (
                f"'{name}' must be one line; found a line break at character {index}",
                f"Write the {name} on one line.",
            )
        if one_line and char == "\t":
            return (
                f"'{name}' must be one line; found a tab at character {index}",
                "Replace the tab with a space.",
            )
        if unicodedata.category(char) == "Cc" and char not in "\t\n\r":
            return (
                (f"'{name}' contains the control character U+{ord(char):04X} at character {index}"),
                "Remove it: control characters are invisible and break pages and feeds.",
            )
    return f"'{name}' is not valid text", "Write plain text."


def export(name: str, vocab: Vocabulary) -> dict[str, Any]:
    """The schema `name` (or `vocabulary`) as a standalone JSON Schema document (for editors)."""
    schema = VOCABULARY_FILE if name == "vocabulary" else schemas_for(vocab)[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{SCHEMA_BASE_URL}{name}.schema.json",
        **schema,
    }


def export_text(name: str, vocab: Vocabulary) -> str:
    return json.dumps(export(name, vocab), indent=2, ensure_ascii=False) + "\n"


# ---- Validation ---------------------------------------------------------------------------------


def _type_keyword(
    validator: Any, types: str | list[str], instance: Any, schema: dict[str, Any]
) -> Iterator[ValidationError]:
    """`type`, except that an unquoted date is not text unless the field is a date."""
    from jsonschema import ValidationError

    wanted = [types] if isinstance(types, str) else types
    if isinstance(instance, IsoDate) and "string" in wanted and schema.get("format") != "date":
        yield ValidationError(
            "bare date", validator="type", validator_value=types, instance=instance
        )
        return
    if not any(validator.is_type(instance, t) for t in wanted):
        yield ValidationError(f"{instance!r} is not of type {types!r}")


_VALIDATORS: dict[int, Any] = {}
_FAST: dict[int, Callable[[Any], Any]] = {}


def _real_date(value: Any) -> bool:
    """The `date` format, strictly: YYYY-MM-DD and a day that exists."""
    if not isinstance(value, str) or not _DATE_TEXT.match(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _fast_for(schema: dict[str, Any]) -> Callable[[Any], Any]:
    """The schema compiled to Python by fastjsonschema: answers "valid?" several times faster
    than jsonschema; only invalid documents go on to jsonschema for the detailed errors."""
    fast = _FAST.get(id(schema))
    if fast is None:
        unique: list[KeyPath] = []
        quick = fastjsonschema.compile(
            _without_annotations(schema, (), unique), formats={"date": _real_date}
        )
        fast = _with_unique(quick, tuple(unique)) if unique else quick
        _FAST[id(schema)] = fast
    return fast


def _with_unique(quick: Callable[[Any], Any], paths: tuple[KeyPath, ...]) -> Callable[[Any], Any]:
    """`quick`, then `uniqueItems` at `paths` (left out of `quick`'s schema): fastjsonschema
    builds a function and a frozen copy of every item of each such list, where a set of text
    is enough. A list of anything but text is left to jsonschema."""

    def check(instance: Any) -> Any:
        quick(instance)
        for path in paths:
            value = instance
            for key in path:
                if not isinstance(value, dict) or key not in value:
                    break
                value = value[key]
            else:
                if isinstance(value, list) and not (
                    all(isinstance(item, str) for item in value) and len(set(value)) == len(value)
                ):
                    raise fastjsonschema.JsonSchemaException(f"{key_name(path)}: not unique")
        return instance

    return check


#: Keywords that document a schema and validate nothing (fastjsonschema writes each subschema
#: into its code as text: these would make the code twice as long to generate and compile).
_ANNOTATIONS = frozenset({"title", "description", "examples", "$comment"})
#: Where subschemas sit: by name, alone, or in a list.
_NAMED = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_ALONE = frozenset(
    {
        "additionalProperties",
        "items",
        "not",
        "if",
        "then",
        "else",
        "contains",
        "propertyNames",
        "additionalItems",
        "unevaluatedProperties",
        "unevaluatedItems",
    }
)
_LISTED = frozenset({"allOf", "anyOf", "oneOf", "prefixItems", "items"})


def _without_annotations(
    schema: Any, path: KeyPath | None = None, unique: list[KeyPath] | None = None
) -> Any:
    """`schema` without its annotation keywords (`_ANNOTATIONS`), which change no answer: the
    same keys are kept where they are names (a property called `title`) or values (`const`).

    With `unique`, a `uniqueItems: true` reached from the root through `properties` alone (at
    `path`: where every keyword must hold, whatever the others say) is left out too, and its
    key path added to `unique`, for the caller to test (`_with_unique`)."""
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in _ANNOTATIONS:
            continue
        if key == "uniqueItems" and value is True and path is not None and unique is not None:
            unique.append(path)
            continue
        if key == "properties" and isinstance(value, dict) and path is not None:
            value = {
                name: _without_annotations(sub, (*path, name), unique)
                for name, sub in value.items()
            }
        elif key in _NAMED and isinstance(value, dict):
            value = {name: _without_annotations(sub) for name, sub in value.items()}
        elif key in _LISTED and isinstance(value, list):
            value = [_without_annotations(sub) for sub in value]
        elif key in _ALONE:
            value = _without_annotations(value)
        out[key] = value
    return out


def _dates_in_text_fields(schema: dict[str, Any], marks: Marks, base: KeyPath) -> bool:
    """Whether an unquoted date sits in a field that is not a date (YAML 1.1 trap)."""
    for path in marks.dates:
        if path[: len(base)] != base:
            continue
        node: dict[str, Any] = schema
        for part in path[len(base) :]:
            node = (
                node.get("items", {})
                if isinstance(part, int)
                else node.get("properties", {}).get(part, {})
            )
        if node.get("format") != "date":
            return True
    return False


def _validator_for(schema: dict[str, Any]) -> Any:
    """jsonschema's validator, for the detailed errors of an invalid document (imported only then:
    valid documents never need it)."""
    validator = _VALIDATORS.get(id(schema))
    if validator is None:
        from jsonschema import Draft202012Validator, validators

        extended = validators.extend(Draft202012Validator, validators={"type": _type_keyword})  # type: ignore[no-untyped-call]
        validator = extended(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        _VALIDATORS[id(schema)] = validator
    return validator


@dataclass(frozen=True, slots=True)
class _Ctx:
    marks: Marks
    base: KeyPath


def validate(
    name: str, instance: Any, marks: Marks, base: KeyPath = (), *, vocab: Vocabulary
) -> list[Finding]:
    """Validate `instance` (found at `base` in a document) against schema `name` of `vocab`."""
    return validate_with(_schemas_of(vocab)[name], instance, marks, base)


#: `schemas_for`, without hashing the vocabulary for every document validated.
_schemas_of = v.per_vocabulary(schemas_for)


def validate_with(
    schema: dict[str, Any], instance: Any, marks: Marks, base: KeyPath = ()
) -> list[Finding]:
    """Validate `instance` against a (sub)schema of ours; findings carry lines from `marks`."""
    try:
        _fast_for(schema)(instance)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        if not _dates_in_text_fields(schema, marks, base):
            return []
    validator = _validator_for(schema)
    if validator.is_valid(instance):
        return []
    ctx = _Ctx(marks, base)
    findings: list[Finding] = []
    for error in validator.iter_errors(instance):
        findings.extend(_translate(error, ctx))
    return list(dict.fromkeys(findings))


def describe(value: Any) -> str:
    """How a found value is named in messages."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


_TYPE_WORDS = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of keys to values",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


def suggest(word: str, choices: Any) -> str:
    """`; did you mean 'x'?` or the empty string."""
    matches = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{matches[0]}'?" if matches else ""


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


#: Simple repairs tried, in order, on a value that does not match its pattern; the first that
#: matches is proposed in the fix.
_REPAIRS: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("without '@'", lambda s: s.lstrip("@")),
    ("without the spaces around it", str.strip),
    ("in lowercase", str.lower),
    ("with hyphens for spaces", lambda s: re.sub(r"[\s_]+", "-", s.strip())),
    ("in lowercase with hyphens", lambda s: re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")),
    ("starting with '#'", lambda s: "#" + s.strip()),
    ("starting with https://", lambda s: "https://" + s.removeprefix("http://")),
)


def _pattern_hint(pattern: str, words: str, value: Any) -> str:
    """The fix of a value that does not match `pattern`: a corrected value when an obvious
    repair matches, else what the pattern means."""
    if isinstance(value, str):
        try:
            regex = re.compile(pattern)
        except re.error:
            regex = None
        if regex is not None:
            for how, repair in _REPAIRS:
                fixed = repair(value)
                if fixed and fixed != value and regex.search(fixed):
                    return f"Write it {how}: '{fixed}'."
    return f"Write {words}."


_TYPE_FIXES = {
    "string": "Write text; put it in quotes if YAML reads it as something else.",
    "array": "Write a list: `[a, b]`, or one `- item` per line.",
    "object": "Write a mapping: one `key: value` per line, indented under the key.",
    "integer": "Write a whole number, without quotes.",
    "number": "Write a number, without quotes.",
    "boolean": "Write true or false, without quotes.",
}


def _translate(error: ValidationError, ctx: _Ctx) -> Iterator[Finding]:
    path: KeyPath = (*ctx.base, *error.absolute_path)
    marks = ctx.marks
    # Full key paths: `teams[12].members[83]`, not `members[83]`.
    name = key_name(path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    instance: Any = error.instance
    expected: Any = error.validator_value

    if kind == "required" and isinstance(instance, dict):
        # jsonschema reports `required` once per missing key: report that key only.
        key = _missing_key(error, expected, instance)
        if key is None:
            return
        known = schema.get("properties", {})
        unknown = [k for k in instance if k not in known]
        if difflib.get_close_matches(key, unknown, n=1, cutoff=0.6):
            return  # the unknown key's "did you mean" already says it
        prop = known.get(key, {})
        what = prop.get("description", "")
        where = f" in {name}" if path else ""
        yield rules.MISSING_KEY.at(
            marks.at(path),
            f"missing required key '{key}'{where}" + (f": {what}" if what else ""),
            f"Add `{key}:` and its value{where}; `playbook schema` and the data reference page "
            "describe every key.",
        )
        return
    if kind == "additionalProperties" and isinstance(instance, dict):
        known = schema.get("properties", {})
        for key in instance:
            if key not in known:
                hint = suggest(key, known)
                yield rules.UNKNOWN_KEY.at(
                    marks.at((*path, key), key=True),
                    f"unknown key '{key}'" + (f" in {name}" if path else "") + hint,
                    f"Rename it{' as suggested' if hint else ''} or remove it. Allowed keys: "
                    + ", ".join(known)
                    + ".",
                )
        return
    if kind == "type":
        yield _type_finding(error, path, name, marks)
        return
    location = marks.at(path)
    if kind in ("enum", "const"):
        allowed = expected if kind == "enum" else [expected]
        close = suggest(str(instance), allowed) if isinstance(instance, str) else ""
        best = difflib.get_close_matches(str(instance), [str(a) for a in allowed], n=1, cutoff=0.6)
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}' must be one of: {', '.join(map(str, allowed))}; found {describe(instance)}"
            + close,
            f"Change it to '{best[0]}'."
            if best and isinstance(instance, str)
            else "Use one of the values listed in the message.",
        )
    elif kind == "pattern" and expected in (TEXT_PATTERN, LINE_PATTERN):
        yield rules.BAD_VALUE.at(
            location, *_text_problem(name, str(instance), expected == LINE_PATTERN)
        )
    elif kind == "pattern":
        words = PATTERN_WORDS.get(str(expected), f"text matching the pattern {expected}")
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}' must be {words}; found {describe(instance)}",
            _pattern_hint(str(expected), words, instance),
        )
    elif kind == "format":
        real = isinstance(instance, str) and not re.match(r"^\d{4}-\d{2}-\d{2}$", instance)
        problem = "" if real else " (not a real calendar date)"
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}' must be a date YYYY-MM-DD; found {describe(instance)}{problem}",
            "Write the date as YYYY-MM-DD, for example 2027-03-15."
            if real
            else "Use a day that exists in that month, as YYYY-MM-DD.",
        )
    elif kind == "minLength":
        if expected <= 1:
            yield rules.BAD_VALUE.at(
                location, f"'{name}' must not be empty", "Write a value between the quotes."
            )
        else:
            yield rules.BAD_VALUE.at(
                location,
                f"'{name}' must be at least {_plural(expected, 'character')}; "
                f"found {len(instance)}",
                f"Write at least {_plural(expected - len(instance), 'more character')}.",
            )
    elif kind == "maxLength":
        over = len(instance) - expected
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}' must be at most {_plural(expected, 'character')}; found {len(instance)}",
            f"Shorten it by {_plural(over, 'character')}, to at most {expected}; longer "
            "explanations belong on a page.",
        )
    elif kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        bounds = (
            f"between {low} and {high}"
            if low is not None and high is not None
            else f"at least {low}"
            if low is not None
            else f"at most {high}"
        )
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}' must be {bounds}; found {describe(instance)}",
            f"Use a number {bounds}.",
        )
    elif kind == "minItems":
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}' needs at least {_plural(expected, 'item')}; found {len(instance)}",
            f"Add {_plural(expected - len(instance), 'item')} to the list.",
        )
    elif kind == "maxItems":
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}' allows at most {_plural(expected, 'item')}; found {len(instance)}",
            f"Remove {_plural(len(instance) - expected, 'item')} from the list.",
        )
    elif kind == "uniqueItems":
        values = [str(x) for x in instance]
        dupes = sorted({x for x in values if values.count(x) > 1})
        listed = ", ".join(repr(d) for d in dupes)
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}' lists {listed} twice",
            f"Keep one of each: remove the repeated {listed}.",
        )
    else:
        yield rules.BAD_VALUE.at(
            location,
            f"'{name}': {error.message}",
            "Change the value as the message says; `playbook schema` describes every key.",
        )


def _missing_key(error: ValidationError, expected: Any, instance: dict[str, Any]) -> str | None:
    """The one missing key a `required` error is about (jsonschema names it in its message)."""
    missing = [key for key in expected if key not in instance]
    for key in missing:
        if error.message == f"{key!r} is a required property":
            return str(key)
    return str(missing[0]) if missing else None


def _type_finding(error: ValidationError, path: KeyPath, name: str, marks: Marks) -> Finding:
    types: Any = error.validator_value
    wanted = [types] if isinstance(types, str) else list(types)
    expected = " or ".join(_TYPE_WORDS.get(t, t) for t in wanted)
    instance = error.instance
    location = marks.at(path)
    implicit = marks.implicit(path)
    if instance is None:
        return rules.WRONG_TYPE.at(
            location,
            f"'{name}' has no value; expected {expected}",
            f"Write a value after `{name.rsplit('.', 1)[-1]}:`, or remove the key if it is optional.",
        )
    if "string" in wanted and implicit is not None:
        if isinstance(instance, IsoDate):
            reading = "a date"
        elif isinstance(instance, bool):
            reading = f"the boolean {str(instance).lower()}"
        else:
            reading = f"the number {instance}"
        return rules.YAML_TRAP.at(
            location,
            f"'{name}' must be text, but YAML 1.1 reads the unquoted {implicit} as {reading}",
            f'Put it in quotes: {name.rsplit(".", 1)[-1]}: "{implicit}"',
        )
    return rules.WRONG_TYPE.at(
        location,
        f"'{name}' must be {expected}; found {describe(instance)}",
        _TYPE_FIXES.get(wanted[0], rules.WRONG_TYPE.hint) if len(wanted) == 1 else None,
    )
