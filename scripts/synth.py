#!/usr/bin/env python3
"""Generate a deterministic synthetic playbook, for tests and benchmarks.

    python scripts/synth.py OUT_DIR --pages N --items M --releases R [--commits C] [--seed S]
        [--today YYYY-MM-DD] [--plugins all|none] [--git-plugin] [--rich] [--prose]

writes into OUT_DIR (which must be absent or empty) a complete playbook that `playbook check
--root OUT_DIR --today TODAY` reports clean:

- `playbook/`: N Markdown pages in nested directories. About 80% are processes
  (`processes/<stage>/<area>/<id>.md`), 10% templates (`templates/<area>/<id>.md`) and 10% plain
  guides (`index.md` and `guides/<topic>/<id>.md`). Each page has 40-120 lines of prose, lists, a
  table, a code block and 3-8 headings (the required sections of its kind, in order), links to 2-5
  other pages (some at a heading anchor of the target), and front matter whose references resolve.
  Every page is linked from another one.
- `data/`: the registries (teams, roles, KPIs, tools, themes, glossary), M roadmap items with
  coherent statuses, dates and acyclic dependencies on earlier items, R releases dated in the past
  in version order citing exactly the shipped items, and a few unreleased entries.
- `mkdocs.yml`: the repository's theme, Markdown extensions and validation, MkDocs' automatic
  navigation; `--plugins all` lists `search`, `playbook` and `playbook-checks`, `--plugins none`
  only `search` (Material alone, the baseline); `--git-plugin` adds `git-revision-date-localized`.
- `--rich`: release notes and roadmap text at the scale of real projects: 60 entries per release,
  multi-paragraph Markdown (emphasis, links, bare URLs, lists, fenced code) in entries, release
  summaries and item summaries and problems, and one theme per 35 items.
- `--prose`: pages shaped like a real company handbook instead of short ones: 250-600 lines each,
  long sections with subsections, 8-20 relative links per page (many to a heading of the target),
  pipe tables, raw HTML blocks (tables with row ids, `<details>`), HTML comments, block quotes,
  nested lists, footnotes and code. Raw HTML and footnotes are what real prose has and what sends
  a page through the full Markdown parser rather than the checks' fast scanner.
- `--commits C` (C > 0): OUT_DIR becomes a Git repository of C commits, written with a single
  `git fast-import` stream: files are added progressively, then pages and items are edited; the
  last commit's tree is exactly the generated files.

The same arguments always give byte-identical files (and commits): everything comes from
`random.Random` seeded with the arguments, never from the clock or from set order.
Importable: `generate(...)` writes a playbook, `build_files(...)` returns its files as a dict.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import posixpath
import random
import re
import string
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

DEFAULT_TODAY = dt.date(2026, 11, 23)

# ---- Vocabulary: the project's own, so generated content cannot drift from what the checks accept

from plugins.core.vocabulary import DEFAULT, ID_MAX_LENGTH, RACI_KEYS  # noqa: E402

AUDIENCES = DEFAULT.audiences
ENTRY_TYPES = DEFAULT.entry_type_ids
KPI_CADENCES = DEFAULT.kpi_cadences
KPI_CATEGORIES = DEFAULT.kpi_categories
REQUIRED_SECTIONS = {r.kind: r.sections for r in DEFAULT.required_sections}
ROADMAP_STATUSES = DEFAULT.status_ids
STAGES = DEFAULT.stages
TOOL_CATEGORIES = DEFAULT.tool_categories
TOOL_STATUSES = DEFAULT.tool_statuses

# ---- Word pools ---------------------------------------------------------------------------------

AREAS = (
    "scheduling",
    "dispatch",
    "mobile",
    "payments",
    "invoicing",
    "platform",
    "integrations",
    "analytics",
    "onboarding",
    "security",
    "growth",
    "support",
    "billing",
    "search",
    "notifications",
    "reporting",
    "administration",
    "api",
    "data",
    "pricing",
    "accessibility",
    "localisation",
    "marketplace",
    "inventory",
)

PROCESS_ADJECTIVES = (
    "Quarterly",
    "Weekly",
    "Tiered",
    "Lightweight",
    "Cross-team",
    "Continuous",
    "Structured",
    "Async",
    "Monthly",
    "Rapid",
    "Shared",
    "Staged",
    "Guided",
    "Risk-based",
)

PROCESS_NOUNS = {
    "discover": (
        "customer interviews",
        "opportunity assessment",
        "problem framing",
        "feedback triage",
        "market scan",
        "usability study",
        "discovery sprint",
        "jobs-to-be-done mapping",
    ),
    "plan": (
        "roadmap review",
        "capacity planning",
        "prioritisation",
        "scope negotiation",
        "dependency mapping",
        "OKR alignment",
        "business case review",
    ),
    "build": (
        "design review",
        "spec handoff",
        "feature flag rollout",
        "QA sign-off",
        "accessibility review",
        "technical design",
        "backlog refinement",
    ),
    "launch": (
        "launch readiness",
        "release communication",
        "beta programme",
        "go-to-market sync",
        "pricing change",
        "migration rollout",
        "documentation update",
    ),
    "measure": (
        "post-launch review",
        "experiment analysis",
        "metric review",
        "funnel audit",
        "adoption tracking",
        "cohort analysis",
    ),
    "operate": (
        "incident review",
        "tool stack audit",
        "support escalation",
        "feature deprecation",
        "vendor review",
        "on-call handover",
        "playbook upkeep",
    ),
}

TEMPLATE_DOCS = (
    "PRD",
    "Launch checklist",
    "Experiment brief",
    "One-pager",
    "Decision record",
    "Interview guide",
    "Retrospective agenda",
    "Risk register",
    "Release note draft",
    "Status update",
    "Research plan",
    "Pricing memo",
    "Incident report",
    "Handover note",
    "Roadmap item proposal",
    "Stakeholder map",
)

GUIDE_FORMS = (
    "Getting started with {x}",
    "A field guide to {x}",
    "Lessons learned in {x}",
    "Questions people ask about {x}",
    "How we work on {x}",
    "Principles of {x}",
    "Onboarding notes for {x}",
    "A short history of {x}",
)

GUIDE_TOPICS = (
    "product ops",
    "roadmapping",
    "discovery",
    "launches",
    "experiments",
    "feedback",
    "metrics",
    "tooling",
    "governance",
    "writing",
)

EXTRA_HEADINGS = (
    "Background",
    "Why it matters",
    "Common pitfalls",
    "Worked example",
    "Checklist",
    "Metrics to watch",
    "Escalation path",
    "Frequently asked questions",
    "History",
    "Tips for new teams",
    "Timeline",
    "Inputs",
    "Decision rules",
    "Tooling",
    "Edge cases",
    "Anti-patterns",
    "Examples from the field",
    "Variations",
    "Handover",
    "Further reading",
    "Open questions",
    "Cadence",
    "Definitions",
    "Exceptions",
    "Quality bar",
    "Communication plan",
    "Risks",
    "Dependencies",
    "Success criteria",
    "In practice",
    "A short example",
    "What good looks like",
    "What to avoid",
    "Variants by tier",
)

TEAM_BASES = (
    "Product Ops",
    "Core Product",
    "Payments",
    "Mobile",
    "Platform",
    "Growth",
    "Data",
    "Integrations",
    "Design Systems",
    "Customer Experience",
    "Scheduling",
    "Billing",
    "Search",
    "Reliability",
    "Marketplace",
    "Insights",
)

ROLES = (
    ("product-manager", "Product manager", "Owns the problem and the outcome."),
    ("engineering-lead", "Engineering lead", "Owns how the work is built and delivered."),
    ("product-designer", "Product designer", "Owns the experience and its research."),
    ("data-analyst", "Data analyst", "Owns the numbers and how they are read."),
    ("product-ops-manager", "Product operations manager", "Owns the processes and the tools."),
    ("head-of-product", "Head of product", "Owns the portfolio and the strategy."),
    ("customer-success-manager", "Customer success manager", "Owns the customer relationship."),
    ("product-marketing-manager", "Product marketing manager", "Owns positioning and launches."),
    ("qa-lead", "QA lead", "Owns the quality bar before release."),
    ("support-lead", "Support lead", "Owns what support hears and how it is passed on."),
    ("ux-researcher", "UX researcher", "Owns the research plan and its synthesis."),
    ("security-officer", "Security officer", "Owns security review and risk acceptance."),
)

RESPONSIBILITIES = (
    "Writes the first draft and keeps it current.",
    "Signs off before the change reaches customers.",
    "Runs the review meeting and records the decision.",
    "Checks the numbers against their targets.",
    "Tells the affected teams what changed.",
    "Keeps the evidence linked from the decision.",
    "Escalates blockers older than a week.",
    "Reviews the process once a quarter.",
)

KPI_BASES = (
    ("Time to ship", "days", "down", "Days from approval to general availability."),
    ("Feature adoption", "%", "up", "Share of active accounts using a feature."),
    ("Activation rate", "%", "up", "Share of new accounts reaching their first success."),
    ("Churn rate", "%", "down", "Share of accounts leaving in a period."),
    ("Support contact rate", "contacts per account", "down", "Support contacts per account."),
    ("Experiment velocity", "experiments", "up", "Experiments concluded per month."),
    ("Cycle time", "days", "down", "Days from work started to work shipped."),
    ("First-time fix rate", "%", "up", "Share of jobs fixed at the first visit."),
    ("Roadmap predictability", "%", "up", "Share of items shipped in their quarter."),
    ("Release frequency", "releases", "up", "Releases per month."),
    ("Defect escape rate", "%", "down", "Share of defects found after release."),
    ("Stakeholder satisfaction", "points", "up", "Average score of the quarterly survey."),
    ("Net revenue retention", "%", "up", "Revenue kept and grown from existing accounts."),
    ("Review freshness", "%", "up", "Share of pages reviewed on time."),
)

TOOL_NAMES = (
    "Jira",
    "Linear",
    "Amplitude",
    "Productboard",
    "Dovetail",
    "Figma",
    "Slack",
    "Notion",
    "Zendesk",
    "LaunchDarkly",
    "Looker",
    "Mixpanel",
    "Confluence",
    "Miro",
    "Optimizely",
    "Intercom",
    "Snowflake",
    "Metabase",
    "PagerDuty",
    "GitHub",
    "Loom",
    "Typeform",
    "Hotjar",
    "Statuspage",
)

THEME_BASES = (
    ("Scheduling and dispatch", "Getting the right technician to the right job."),
    ("Mobile field work", "Everything a technician does on site."),
    ("Payments and invoicing", "Getting paid quickly and correctly."),
    ("Platform and API", "What integrators and admins build on."),
    ("Insights and reporting", "Numbers customers use to run their business."),
    ("Security and administration", "Keeping accounts safe and manageable."),
    ("Growth and onboarding", "From first visit to first success."),
    ("Integrations", "Working with the tools customers already use."),
)

GLOSSARY_BASES = (
    ("RICE", "Reach times impact times confidence, divided by effort."),
    ("WSJF", "Weighted shortest job first: cost of delay divided by job size."),
    ("GA", "General availability: every customer can use it."),
    ("Beta", "Available to some customers, with support and a feedback channel."),
    ("MVP", "The smallest release that tests the riskiest assumption."),
    ("OKR", "An objective with measurable key results for a quarter."),
    ("North star", "The one metric that best captures the value customers get."),
    ("PRD", "Product requirements document: the problem, the goal and the scope."),
    ("Dogfooding", "Using our own product before customers do."),
    ("Feature flag", "A switch that turns a change on for some accounts only."),
    ("Canary", "A release to a small share of traffic first."),
    ("Cohort", "Accounts grouped by when they started."),
    ("JTBD", "Jobs to be done: what the customer is trying to get done."),
    ("Tier", "How big a launch is, which decides how much process it needs."),
    ("Discovery", "Work that decides what to build, before building it."),
    ("Definition of done", "What must be true before work counts as finished."),
)

TAGS = (
    "launch",
    "discovery",
    "planning",
    "metrics",
    "customers",
    "quality",
    "governance",
    "research",
    "communication",
    "experiments",
    "tooling",
    "security",
    "pricing",
    "roadmap",
    "feedback",
    "onboarding",
)

FIRST_NAMES = (
    "ana",
    "bo",
    "cy",
    "dara",
    "eli",
    "farah",
    "gus",
    "hana",
    "ivo",
    "jun",
    "kemi",
    "lars",
    "mia",
    "nils",
    "omar",
    "pia",
    "quinn",
    "rosa",
    "sami",
    "tariq",
    "uma",
    "vik",
    "wen",
    "yara",
)
LAST_NAMES = (
    "lopes",
    "okafor",
    "berg",
    "santos",
    "kim",
    "novak",
    "haddad",
    "meyer",
    "rossi",
    "tanaka",
    "ali",
    "costa",
)

ITEM_ADJECTIVES = (
    "Bulk edit of",
    "Offline",
    "Saved",
    "Smart",
    "Faster",
    "Self-serve",
    "Automated",
    "Shared",
    "Scheduled",
    "Real-time",
    "Bulk import of",
    "Audit trail for",
    "Custom",
    "Recurring",
    "Mobile",
    "Configurable",
)
ITEM_OBJECTS = (
    "jobs",
    "invoices",
    "filters",
    "routes",
    "reports",
    "checklists",
    "notifications",
    "payments",
    "permissions",
    "dashboards",
    "exports",
    "webhooks",
    "schedules",
    "quotes",
    "contracts",
    "assets",
)

PERSONAS = ("dispatchers", "technicians", "admins", "finance teams", "developers", "customers")

RELEASE_SUMMARIES = (
    "A release focused on {a} and {b}.",
    "New {a} for {p}, and fixes across {b}.",
    "Faster {a}, clearer {b} and a round of fixes.",
    "{A} improvements for {p}.",
    "The {a} work lands for {p}, with smaller changes to {b}.",
)

AUTHORS = (
    ("Amara Okafor", "amara.okafor@example.org", "+0100", 9),
    ("Zoë Ångström", "zoe.angstrom@example.org", "+0100", 7),
    ("José Núñez", "jose.nunez@example.org", "-0300", 6),
    ("Łukasz Wróblewski", "lukasz.wroblewski@example.org", "+0100", 5),
    ("Søren Kjær", "soren.kjaer@example.org", "+0100", 4),
    ("Nguyễn Thị Minh", "minh.nguyen@example.org", "+0700", 4),
    ("李娜", "li.na@example.org", "+0800", 3),
    ("Priya Raghunathan", "priya.r@example.org", "+0530", 5),
    ("Björn Þórsson", "bjorn.thorsson@example.org", "+0000", 2),
    ("Chloé Dubois", "chloe.dubois@example.org", "+0100", 3),
    ("Kenji Satō", "kenji.sato@example.org", "+0900", 2),
    ("Mary O'Neil", "mary.oneil@example.org", "-0500", 3),
    ("Dmitri Иванов", "dmitri.ivanov@example.org", "+0300", 1),
    ("Ana Lopes", "ana.lopes@example.org", "+0000", 6),
)

# ---- Prose --------------------------------------------------------------------------------------

SENTENCES = (
    "The {role} owns this step and keeps the {noun} short enough to read in five minutes.",
    "Most teams spend about {num} minutes here; the ones that skip it pay for it later in rework.",
    "We track the effect through {kpi}, which {team} reports every {period}.",
    "If anything is blocked for more than {num} days, raise it with the {role} at the {cadence} sync.",
    "{tool} holds the working copy, while this playbook holds the agreed version.",
    "This is a conversation rather than a gate: the goal is a shared understanding of the {noun}.",
    "Write down what you decided and why, because the next person to touch {area} will ask.",
    "Small changes in {area} can skip the formal review, but they still need an owner and a date.",
    "When in doubt, ask {team} before starting; a short question saves a long thread.",
    "The {role} checks the draft against the last {num} decisions to keep the reasoning consistent.",
    "Good {noun} notes name the customer problem first and the solution second.",
    "Keep the evidence next to the claim: a link to {tool}, a chart of {kpi}, or a customer quote.",
    "Every {period} the {role} looks back at what changed and removes steps that no longer help.",
    "Nobody needs permission to start; the process only asks that the work is visible.",
    "Decisions made here are recorded in {tool} with the date and the names of the people involved.",
    "We review the {noun} at the end of each {period} and archive anything older than {num} weeks.",
    "The checklist is a floor, not a ceiling: add what your {area} context needs.",
    "Teams new to this usually underestimate the handover; budget at least {num} hours for it.",
    "If {kpi} moves the wrong way for two periods in a row, the {role} reopens the decision.",
    "For anything customer-facing, the {role} signs off before the change leaves the team.",
    "Prefer one clear owner over a committee; the RACI in the header says who that is.",
    "The first run takes longer than later ones; by the third {period} most teams need half the time.",
    "Share the result with {team} so that the people affected hear it first.",
    "Treat the numbers as a prompt for questions, not as a verdict on the team.",
    "Where two processes overlap, follow the stricter one and mention the other.",
    "A short written summary beats a long meeting, and it survives people changing teams.",
    "Expect around {num} open questions at this stage; write them down instead of answering them all.",
    "We tried a heavier version of this once and dropped it: the lighter one actually gets used.",
    "The {role} may waive a step for urgent fixes, as long as the waiver is written down.",
    "Link the {noun} from the roadmap item so that reviewers find it without asking.",
    "In {area}, the usual trap is to start with the solution; start with the evidence instead.",
    "A {noun} that nobody reads is a cost, so keep only what someone uses.",
)

LINK_SENTENCES = (
    "See {link} for the details.",
    "This builds on {link}.",
    "{link} covers the step before this one.",
    "Teams often combine this with {link}.",
    "For a worked case, read {link}.",
    "If you are unsure, {link} explains the background.",
    "Compare with {link}, which solves a similar problem differently.",
)

LIST_ITEMS = (
    "Agree on the {noun} scope with the {role}",
    "Update {tool} with the decision and the date",
    "Check {kpi} against its target",
    "Tell {team} what changed and why",
    "Archive notes older than {num} weeks",
    "Book a {num}-minute review slot",
    "Write the summary in plain language",
    "Confirm the owner and the due date",
    "Attach the customer evidence",
    "List open risks and who holds each one",
    "Share the outcome with the {area} group",
    "Record the decision in the decision log",
    "Ask the {role} for a second opinion",
    "Remove steps that did not help last {period}",
    "Mark anything you could not verify",
)

STEP_NAMES = (
    "Prepare",
    "Frame",
    "Draft",
    "Review",
    "Decide",
    "Communicate",
    "Ship",
    "Measure",
    "Close",
    "Hand over",
)

TABLE_SHAPES = (
    ("Step", "Owner", "When"),
    ("Input", "Source", "Owner"),
    ("Signal", "Threshold", "Action"),
    ("Tier", "Review", "Approval"),
)
TABLE_VALUES = {
    "Step": STEP_NAMES,
    "When": ("Day 1", "Before kick-off", "Weekly", "At launch", "After 30 days", "Each quarter"),
    "Input": ("Customer quotes", "Usage data", "Support tickets", "Sales notes", "Survey scores"),
    "Signal": ("Adoption drops", "Tickets spike", "Error rate rises", "Churn risk flagged"),
    "Threshold": ("Below 20%", "Over 10 a day", "Above 1%", "Two weeks in a row", "Any"),
    "Action": ("Review the rollout", "Page the owner", "Pause the flag", "Open an incident"),
    "Tier": ("Tier 1", "Tier 2", "Tier 3"),
    "Review": ("Full review", "Async review", "Peer check", "None"),
    "Approval": ("Head of product", "Product manager", "Engineering lead", "Not needed"),
}

ADMONITIONS = ("tip", "note", "info", "warning", "example")

PERIODS = ("week", "sprint", "month", "quarter")
NUMBERS = ("2", "3", "5", "10", "15", "20", "30", "45", "60", "90")

ENTRY_TEXTS = {
    "breaking": (
        "The `{code}` endpoint now requires an API token with the `{scope}` scope.",
        "{Title} replaces the old behaviour; integrations must switch before the next release.",
    ),
    "security": (
        "Sessions for {persona} now expire after {num} hours of inactivity.",
        "Admins can require two-factor authentication for {persona}.",
    ),
    "deprecation": (
        "The legacy {obj} export is deprecated and will be removed in a later release.",
        "The `{code}` parameter is deprecated; use the new {obj} settings instead.",
    ),
    "feature": (
        "{Persona} can now use {title}.",
        "New: {title}, available to every account.",
    ),
    "improvement": (
        "{Title} is faster and easier to use for {persona}.",
        "{Persona} see clearer messages when working with {obj}.",
    ),
    "fix": (
        "Fixed {obj} that could be saved twice when the connection dropped.",
        "Fixed a rounding error in {obj} totals for {persona}.",
    ),
}

# ---- Helpers ------------------------------------------------------------------------------------

_PLAIN_SCALAR = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()/+-]*[A-Za-z0-9.)]\Z")
#: Values YAML 1.1 reads as booleans or null.
_YAML_WORDS = frozenset(("yes", "no", "y", "n", "true", "false", "on", "off", "null"))


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when that is safe, else double-quoted (JSON is valid YAML)."""
    if (
        _PLAIN_SCALAR.match(text)
        and ": " not in text
        and " #" not in text
        and text.lower() not in _YAML_WORDS
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(ids: Sequence[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def slugify(text: str) -> str:
    """The anchor Python-Markdown's `toc` gives a heading (also used for ids)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def wrap(tokens: Sequence[str], width: int = 100) -> list[str]:
    """Greedy word wrap; a token (a whole Markdown link) is never split."""
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for token in tokens:
        if current and length + 1 + len(token) > width:
            lines.append(" ".join(current))
            current, length = [], 0
        length += len(token) + (1 if current else 0)
        current.append(token)
    if current:
        lines.append(" ".join(current))
    return lines


class Ids:
    """The global id namespace: ids are unique across every kind."""

    def __init__(self) -> None:
        self.used: dict[str, None] = {}
        self.counters: dict[str, int] = {}

    def take(self, text: str) -> str:
        return self.named(text)[0]

    def named(self, title: str) -> tuple[str, str]:
        """A free id for `title`, and the title made unique the same way (`Title 2`)."""
        base = slugify(title)[: ID_MAX_LENGTH - 6].strip("-") or "item"
        ident, count = base, 1
        while ident in self.used:
            count = self.counters.get(base, 1) + 1
            self.counters[base] = count
            ident = f"{base}-{count}"
        self.used[ident] = None
        return ident, title if count == 1 else f"{title} {count}"


class SynthError(Exception):
    """The arguments cannot produce a playbook (or OUT_DIR is not empty)."""


# ---- The plan -----------------------------------------------------------------------------------


@dataclass
class Registry:
    teams: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    roles: list[tuple[str, str]] = field(default_factory=list)
    kpis: list[tuple[str, str]] = field(default_factory=list)
    tools: list[tuple[str, str]] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)  # data file -> YAML


@dataclass
class PagePlan:
    uri: str
    kind: str  # process, template, guide, home
    id: str
    title: str
    area: str
    headings: list[tuple[int, str]] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)
    status: str = "active"
    stage: str = ""
    links: list[tuple[int, str]] = field(default_factory=list)  # (page index, anchor)
    owner: str = ""
    meta: list[str] = field(default_factory=list)  # extra front-matter lines


@dataclass
class Summary:
    out_dir: Path
    files: int
    pages: int
    processes: int
    templates: int
    guides: int
    items: int
    statuses: dict[str, int]
    releases: int
    unreleased: int
    commits: int
    seconds: float

    def line(self) -> str:
        statuses = ", ".join(f"{n} {s}" for s, n in self.statuses.items() if n)
        return (
            f"synth: {self.pages} pages ({self.processes} processes, {self.templates} templates, "
            f"{self.guides} guides), {self.items} roadmap items ({statuses or 'none'}), "
            f"{self.releases} releases, {self.unreleased} unreleased entries, {self.files} files, "
            f"{self.commits} commits -> {self.out_dir} in {self.seconds:.2f}s"
        )


def _registries(
    rng: random.Random, ids: Ids, n_pages: int, n_items: int, rich: bool = False
) -> Registry:
    reg = Registry()

    n_teams = max(6, n_pages // 100)
    lines = ["teams:"]
    for i in range(n_teams):
        base = TEAM_BASES[i % len(TEAM_BASES)]
        name = base if i < len(TEAM_BASES) else f"{base} {i // len(TEAM_BASES) + 1}"
        ident = ids.take(name)
        members = rng.sample(
            [f"{f}-{last}" for f in FIRST_NAMES[i % 6 :: 3] for last in LAST_NAMES[:4]],
            rng.randint(2, 5),
        )
        lines += [
            f"  - id: {ident}",
            f"    name: {scalar(name)}",
            f"    description: {scalar(f'Owns {rng.choice(AREAS)} and {rng.choice(AREAS)} work.')}",
            f"    members: {flow(members)}",
            f"    channel: {scalar('#' + ident)}",
        ]
        if i == 0:
            lines.append("    maintains_site: true")
        reg.teams.append((ident, name))
    reg.text["teams.yml"] = "\n".join(lines) + "\n"
    team_ids = [t for t, _ in reg.teams]

    lines = ["roles:"]
    for ident, name, summary in ROLES:
        role_id = ids.take(ident)
        lines += [
            f"  - id: {role_id}",
            f"    name: {scalar(name)}",
            f"    summary: {scalar(summary)}",
            "    responsibilities:",
            *(f"      - {scalar(r)}" for r in rng.sample(RESPONSIBILITIES, rng.randint(2, 4))),
        ]
        reg.roles.append((role_id, name))
    reg.text["roles.yml"] = "\n".join(lines) + "\n"

    n_tools = max(8, n_pages // 100)
    lines = ["tools:"]
    for i in range(n_tools):
        base = TOOL_NAMES[i % len(TOOL_NAMES)]
        name = base if i < len(TOOL_NAMES) else f"{base} {AREAS[i % len(AREAS)].capitalize()}"
        ident = ids.take(name)
        lines += [
            f"  - id: {ident}",
            f"    name: {scalar(name)}",
            f"    category: {TOOL_CATEGORIES[i % len(TOOL_CATEGORIES)]}",
            f"    owner: {rng.choice(team_ids)}",
            f"    status: {rng.choices(TOOL_STATUSES, (2, 10, 1, 1))[0]}",
            f"    purpose: {scalar(f'Used for {rng.choice(AREAS)} work by every squad.')}",
        ]
        if i % 3 != 2:
            lines.append(f"    url: {scalar(f'https://tools.example.com/{ident}')}")
        reg.tools.append((ident, name))
    reg.text["tools.yml"] = "\n".join(lines) + "\n"
    tool_ids = [t for t, _ in reg.tools]

    n_kpis = max(8, n_pages // 50)
    lines = ["kpis:"]
    for i in range(n_kpis):
        base, unit, direction, definition = KPI_BASES[i % len(KPI_BASES)]
        name = base if i < len(KPI_BASES) else f"{base} in {AREAS[i % len(AREAS)]}"
        ident = ids.take(name)
        target = f"{'Under' if direction == 'down' else 'Above'} {rng.choice(NUMBERS)} {unit}"
        lines += [
            f"  - id: {ident}",
            f"    name: {scalar(name)}",
            f"    category: {KPI_CATEGORIES[i % 2]}",
            f"    definition: {scalar(definition)}",
            f"    formula: {scalar(f'{base} per {rng.choice(PERIODS)}, median over accounts.')}",
            f"    unit: {scalar(unit)}",
            f"    direction: {direction}",
            f"    target: {scalar(target)}",
            f"    owner: {rng.choice(team_ids)}",
            f"    source: {rng.choice(tool_ids)}",
            f"    cadence: {rng.choice(KPI_CADENCES)}",
        ]
        reg.kpis.append((ident, name))
    reg.text["kpis.yml"] = "\n".join(lines) + "\n"

    n_themes = max(6, n_items // (35 if rich else 50))
    lines = ["themes:"]
    for i in range(n_themes):
        base, description = THEME_BASES[i % len(THEME_BASES)]
        name = base if i < len(THEME_BASES) else f"{base} {i // len(THEME_BASES) + 1}"
        ident = ids.take(name)
        lines += [
            f"  - id: {ident}",
            f"    name: {scalar(name)}",
            f"    description: {scalar(description)}",
            f"    owner: {rng.choice(team_ids)}",
        ]
        reg.themes.append(ident)
    reg.text["themes.yml"] = "\n".join(lines) + "\n"

    n_terms = max(12, n_pages // 25)
    terms: list[tuple[str, str, str]] = []
    for i in range(n_terms):
        base, definition = GLOSSARY_BASES[i % len(GLOSSARY_BASES)]
        if i < len(GLOSSARY_BASES):
            term = base
        else:
            term = f"{base} ({AREAS[(i // len(GLOSSARY_BASES)) % len(AREAS)]})"
            definition = definition[:-1] + f", as used in {AREAS[i % len(AREAS)]}."
        terms.append((ids.take(term), term, definition))
    lines = ["terms:"]
    for i, (ident, term, definition) in enumerate(terms):
        lines += [
            f"  - id: {ident}",
            f"    term: {scalar(term)}",
            f"    definition: {scalar(definition)}",
        ]
        if i % 3 == 0:
            others = [t[0] for t in rng.sample(terms, min(3, len(terms))) if t[0] != ident]
            lines.append(f"    see_also: {flow(others[:2])}")
    reg.text["glossary.yml"] = "\n".join(lines) + "\n"
    return reg


def _page_counts(n_pages: int) -> tuple[int, int, int]:
    guides = max(1, round(n_pages * 0.1))
    templates = max(1, round(n_pages * 0.1))
    return n_pages - guides - templates, templates, guides


def _plan_pages(rng: random.Random, ids: Ids, n_pages: int, reg: Registry) -> list[PagePlan]:
    n_proc, n_tpl, n_guides = _page_counts(n_pages)
    pages: list[PagePlan] = [PagePlan("index.md", "home", "", "Synthetic playbook", "product ops")]

    per_dir = 40  # pages per directory, at most
    topics = len(GUIDE_TOPICS)
    for g in range(n_guides - 1):
        topic = GUIDE_TOPICS[g % topics]
        form = GUIDE_FORMS[(g // topics) % len(GUIDE_FORMS)]
        if g >= topics * len(GUIDE_FORMS):
            topic_text = f"{topic} in {AREAS[(g // topics) % len(AREAS)]}"
        else:
            topic_text = topic
        ident, title = ids.named(form.format(x=topic_text))
        folder = slugify(topic) + f"/part-{g // (topics * per_dir) + 1}"
        pages.append(PagePlan(f"guides/{folder}/{ident}.md", "guide", ident, title, topic))

    n_dirs = max(1, -(-n_tpl // per_dir))
    for t in range(n_tpl):
        area, folder = _area_dir(t % n_dirs, 7)
        doc = TEMPLATE_DOCS[(t // n_dirs) % len(TEMPLATE_DOCS)]
        ident, title = ids.named(f"{doc} for {area}")
        pages.append(PagePlan(f"templates/{folder}/{ident}.md", "template", ident, title, area))

    n_dirs = max(1, -(-n_proc // (len(STAGES) * per_dir)))
    for p in range(n_proc):
        stage = STAGES[p % len(STAGES)]
        area, folder = _area_dir((p // len(STAGES)) % n_dirs, 5 * STAGES.index(stage))
        noun = rng.choice(PROCESS_NOUNS[stage])
        ident, title = ids.named(f"{rng.choice(PROCESS_ADJECTIVES)} {noun} for {area}")
        plan = PagePlan(f"processes/{stage}/{folder}/{ident}.md", "process", ident, title, area)
        plan.stage = stage
        pages.append(plan)

    # Statuses: deprecated and retired pages name an active replacement of the same kind.
    for plan in pages:
        if plan.kind in ("process", "template"):
            plan.status = rng.choices(("active", "draft", "deprecated", "retired"), (86, 7, 5, 2))[
                0
            ]
    for kind in ("process", "template"):
        active = [p for p in pages if p.kind == kind and p.status == "active"]
        if not active:
            first = next(p for p in pages if p.kind == kind)
            first.status = "active"
            active = [first]
        for plan in pages:
            if plan.kind == kind and plan.status in ("deprecated", "retired"):
                replacement = rng.choice(active)
                if replacement is plan:
                    plan.status = "active"
                else:
                    plan.meta.append(f"replaced_by: {replacement.id}")

    for plan in pages:
        _plan_headings(rng, plan)
    return pages


def _area_dir(index: int, offset: int) -> tuple[str, str]:
    """The area and the directory of the `index`-th directory of a section."""
    area = AREAS[(index + offset) % len(AREAS)]
    turn = index // len(AREAS)
    return area, area if turn == 0 else f"{area}-{turn + 1}"


def _plan_headings(rng: random.Random, plan: PagePlan) -> None:
    if plan.kind in REQUIRED_SECTIONS:
        required = REQUIRED_SECTIONS[plan.kind]
        total = rng.randint(max(3, len(required)), 8 if plan.kind == "process" else 6)
        extras = rng.sample(EXTRA_HEADINGS, total - len(required))
        headings = [(2, name) for name in required]
        for extra in extras:
            position = rng.randint(1, len(headings))
            level = 3 if rng.random() < 0.5 else 2
            headings.insert(position, (level, extra))
    else:
        total = rng.randint(3, 8)
        headings = [(2, name) for name in rng.sample(EXTRA_HEADINGS, total)]
        for i in range(1, len(headings)):
            if rng.random() < 0.3 and headings[i - 1][0] == 2:
                headings[i] = (3, headings[i][1])
    plan.headings = headings
    plan.anchors = [slugify(text) for _, text in headings]


def _plan_links(rng: random.Random, pages: list[PagePlan], prose: bool = False) -> None:
    """2-5 links per page (8-20 with `prose`); a ring through every page makes each one
    reachable."""
    ring = list(range(1, len(pages)))
    rng.shuffle(ring)
    successor = dict(zip(ring, ring[1:] + ring[:1], strict=True))
    successor[0] = ring[0]
    by_id = {p.id: i for i, p in enumerate(pages) if p.id}
    for index, plan in enumerate(pages):
        targets = [successor[index]] if successor[index] != index else []
        wanted = rng.randint(8, 20) if prose else rng.randint(2, 5)
        preferred = [by_id[ident] for ident in _related_ids(plan) if ident in by_id]
        rng.shuffle(preferred)
        candidates = preferred + [rng.randrange(len(pages)) for _ in range(wanted * 2)]
        for target in candidates:
            if len(targets) >= wanted:
                break
            if target != index and target not in targets:
                targets.append(target)
        for target in targets:
            anchors = pages[target].anchors
            share = 0.7 if prose else 0.4
            anchor = rng.choice(anchors) if anchors and rng.random() < share else ""
            plan.links.append((target, anchor))


def _related_ids(plan: PagePlan) -> list[str]:
    out: list[str] = []
    for line in plan.meta:
        if line.startswith(("templates: [", "related: [")):
            out += [x for x in line.split("[", 1)[1].rstrip("]").split(", ") if x]
    return out


def _plan_front_matter(
    rng: random.Random, pages: list[PagePlan], reg: Registry, today: dt.date
) -> None:
    active_templates = [p.id for p in pages if p.kind == "template" and p.status == "active"]
    active_processes = [p.id for p in pages if p.kind == "process" and p.status == "active"]
    role_ids = [r for r, _ in reg.roles]
    team_ids = [t for t, _ in reg.teams]
    for plan in pages:
        if plan.kind not in ("process", "template"):
            continue
        plan.owner = rng.choice(team_ids)
        interval = rng.choice((90, 120, 180, 180, 270, 365, 365, 540, 730))
        reviewed = today - dt.timedelta(days=rng.randrange(interval))
        lines = [
            f"kind: {plan.kind}",
            f"id: {plan.id}",
            f"title: {scalar(plan.title)}",
            f"summary: {scalar(_summary(rng, plan))}",
            f"owner: {plan.owner}",
            f"status: {plan.status}",
        ]
        if plan.kind == "process":
            lines.append(f"stage: {plan.stage}")
        else:
            lines.append(
                f"purpose: {scalar(f'Use it for {plan.area} work, from the first draft.')}"
            )
        lines += [f"last_reviewed: {reviewed.isoformat()}", f"review_interval_days: {interval}"]
        if plan.kind == "process":
            lines.append("raci:")
            raci = {key: rng.sample(role_ids, rng.randint(1, 2)) for key in RACI_KEYS}
            if all(slot == raci["responsible"] and len(slot) == 1 for slot in raci.values()):
                # One role in every slot says nothing (PB602): inform the next role instead.
                only = raci["responsible"][0]
                raci["informed"] = [role_ids[(role_ids.index(only) + 1) % len(role_ids)]]
            for key in RACI_KEYS:
                lines.append(f"  {key}: {flow(raci[key])}")
            templates = rng.sample(active_templates, min(len(active_templates), rng.randint(0, 3)))
            related = [
                r
                for r in rng.sample(active_processes, min(len(active_processes), rng.randint(0, 4)))
                if r != plan.id
            ]
            kpis = [k for k, _ in rng.sample(reg.kpis, rng.randint(0, 3))]
            tools = [t for t, _ in rng.sample(reg.tools, rng.randint(0, 3))]
            for key, values in (
                ("templates", templates),
                ("related", related),
                ("kpis", kpis),
                ("tools", tools),
            ):
                if values:
                    lines.append(f"{key}: {flow(values)}")
        lines.append(f"tags: {flow(rng.sample(TAGS, rng.randint(1, 4)))}")
        plan.meta = lines + plan.meta


def _summary(rng: random.Random, plan: PagePlan) -> str:
    if plan.kind == "template":
        return f"A {plan.title.split(' for ')[0].lower()} ready to copy for {plan.area} work."
    verb = rng.choice(("How we run", "How teams do", "The way we handle", "What we do for"))
    return f"{verb} {plan.title.split(' for ')[0].lower()} in {plan.area}."


# ---- Rendering pages ----------------------------------------------------------------------------


_FORMATTER = string.Formatter()
_SLOTS: dict[str, tuple[str, ...]] = {}


class _Prose:
    """Block generators for one page, with slots filled from the page's own references."""

    def __init__(self, rng: random.Random, plan: PagePlan, reg: Registry) -> None:
        self.rng = rng
        self.plan = plan
        noun = plan.title.split(" for ")[0].lower()
        self.slots = {
            "role": [n.lower() for _, n in rng.sample(reg.roles, 3)],
            "team": [n for _, n in rng.sample(reg.teams, 2)],
            "tool": [n for _, n in rng.sample(reg.tools, 2)],
            "kpi": [n.lower() for _, n in rng.sample(reg.kpis, 2)],
            "area": [plan.area],
            "noun": [noun if len(noun) < 30 else "work"],
            "period": list(PERIODS),
            "cadence": list(KPI_CADENCES),
            "num": list(NUMBERS),
        }

    def fill(self, template: str) -> str:
        keys = _SLOTS.get(template)
        if keys is None:
            keys = _SLOTS[template] = tuple(
                dict.fromkeys(name for _, name, _, _ in _FORMATTER.parse(template) if name)
            )
        rng, slots = self.rng, self.slots
        return template.format(**{key: rng.choice(slots[key]) for key in keys})

    def sentence(self) -> str:
        return self.fill(self.rng.choice(SENTENCES))

    def paragraph(self, links: list[str], sentences: int = 0) -> list[str]:
        """Sentences wrapped into lines; may use up some of `links` (each kept on one line)."""
        rng = self.rng
        chosen = rng.sample(SENTENCES, sentences or rng.randint(2, 4))
        parts = [self.fill(sentence).split(" ") for sentence in chosen]
        while links and rng.random() < 0.6:
            link = links.pop()
            words = [w.replace("{link}", link) for w in rng.choice(LINK_SENTENCES).split(" ")]
            parts.insert(rng.randint(0, len(parts)), words)
        return wrap([word for words in parts for word in words])

    def bullets(self, numbered: bool = False) -> list[str]:
        rng = self.rng
        items = rng.sample(LIST_ITEMS, rng.randint(3, 6))
        if numbered:
            names = rng.sample(STEP_NAMES, len(items))
            return [
                f"{i}. **{name}.** {self.fill(item)}."
                for i, (name, item) in enumerate(zip(names, items, strict=True), 1)
            ]
        return [f"- {self.fill(item)}." for item in items]

    def table(self) -> list[str]:
        rng = self.rng
        shape = rng.choice(TABLE_SHAPES)
        rows = [
            "| " + " | ".join(shape) + " |",
            "|" + "|".join("---" for _ in shape) + "|",
        ]
        for _ in range(rng.randint(3, 5)):
            cells = []
            for column in shape:
                pool = TABLE_VALUES.get(column)
                if pool is None:
                    cells.append(rng.choice(self.slots["role"]).capitalize())
                else:
                    cells.append(rng.choice(pool))
            rows.append("| " + " | ".join(cells) + " |")
        return rows

    def code(self) -> list[str]:
        rng = self.rng
        plan = self.plan
        kind = rng.randrange(3)
        if kind == 0:
            body = [
                "review:",
                f"  page: {plan.id or 'home'}",
                f"  owner: {slugify(rng.choice(self.slots['team']))}",
                f"  cadence: {rng.choice(KPI_CADENCES)}",
                f"  checklist: [{', '.join(rng.sample(TAGS, 3))}]",
            ]
            if rng.random() < 0.5:
                body.append(f"  escalate_after_days: {rng.choice(NUMBERS)}")
            return ["```yaml", *body, "```"]
        if kind == 1:
            body = [
                f"git switch -c docs/{plan.id or 'home'}",
                "playbook check",
                f'git commit -am "Update {plan.area} notes"',
            ]
            if rng.random() < 0.5:
                body.insert(1, "$EDITOR " + posixpath.basename(plan.uri))
            return ["```bash", *body, "```"]
        body = [
            f"Title: {plan.title}",
            f"Owner: {rng.choice(self.slots['team'])}",
            f"Decision: {self.fill('{noun}')} approved for {plan.area}",
            f"Review: every {rng.choice(PERIODS)}",
        ]
        return ["```text", *body, "```"]

    def admonition(self) -> list[str]:
        kind = self.rng.choice(ADMONITIONS)
        return [f"!!! {kind}", *("    " + line for line in wrap(self.sentence().split(" "), 96))]

    def checklist(self) -> list[str]:
        items = self.rng.sample(LIST_ITEMS, self.rng.randint(3, 6))
        return [f"- [ ] {self.fill(item)}" for item in items]


def _link_token(plan: PagePlan, target: PagePlan, anchor: str) -> str:
    base = posixpath.dirname(plan.uri) or "."
    path = posixpath.relpath(target.uri, base)
    return f"[{target.title}]({path}{'#' + anchor if anchor else ''})"


def _render_page(rng: random.Random, plan: PagePlan, pages: list[PagePlan], reg: Registry) -> str:
    prose = _Prose(rng, plan, reg)
    if plan.kind in ("process", "template"):
        front = ["---", *plan.meta, "---"]
    else:
        description = f"Notes on {plan.area} for everyone in product."
        front = [
            "---",
            f"title: {scalar(plan.title)}",
            f"description: {scalar(description)}",
            "---",
        ]
    links = [_link_token(plan, pages[t], a) for t, a in plan.links]
    rng.shuffle(links)

    # Sections: blocks per heading; the first (index -1 here) is the intro before any heading.
    n = len(plan.headings)
    blocks: list[list[list[str]]] = [[] for _ in range(n + 1)]
    if plan.kind != "process" or rng.random() < 0.4:
        blocks[0].append(prose.paragraph(links, rng.randint(1, 3)))
    names = [text for _, text in plan.headings]
    for i, name in enumerate(names, start=1):
        if name == "Steps":
            blocks[i] += [prose.paragraph(links, 1), prose.bullets(numbered=True)]
        elif name in ("Outputs", "Checklist"):
            blocks[i].append(prose.bullets())
        elif name == "Template":
            blocks[i] += [prose.paragraph(links, 1), prose.checklist()]
        else:
            blocks[i].append(prose.paragraph(links, rng.randint(1, 3)))
    # Every page: at least one table, one code block and one list.
    for make in (prose.table, prose.code, prose.bullets):
        blocks[rng.randint(1, n)].append(make())

    target = rng.randint(44, 104)

    def count() -> int:
        body = sum(len(b) + 1 for section in blocks for b in section) + 2 * n
        return len(front) + 1 + body

    while count() < target:
        roll = rng.random()
        section = rng.randint(1, n)
        if roll < 0.6:
            blocks[section].append(prose.paragraph(links))
        elif roll < 0.8:
            blocks[section].append(prose.bullets())
        else:
            blocks[section].append(prose.admonition())
    if links:  # links not placed yet go into a final paragraph
        blocks[n].append(wrap([word for link in links for word in ("See", "also", link + ".")]))

    out = [*front, ""]
    for block in blocks[0]:
        out += [*block, ""]
    for (level, text), content in zip(plan.headings, blocks[1:], strict=True):
        out += ["#" * level + " " + text, ""]
        for block in content:
            out += [*block, ""]
    return "\n".join(out[:-1]) + "\n"


def _render_prose_page(
    rng: random.Random, plan: PagePlan, pages: list[PagePlan], reg: Registry
) -> str:
    """A page as long and as mixed as a real handbook's (`--prose`): every planned section
    grows subsections ("Case N", unique on the page, so the planned anchors other pages link to
    keep their ids), raw HTML, comments, quotes, nested lists, footnotes, tables and code."""
    short = _render_page(rng, plan, pages, reg)
    prose = _Prose(rng, plan, reg)
    links = [_link_token(plan, pages[t], a) for t, a in plan.links]
    lines = short.rstrip("\n").split("\n")
    target = rng.randint(250, 600)
    case = 0
    notes = 0
    extra: list[str] = []
    while len(lines) + len(extra) < target:
        case += 1
        extra += [f"### Case {case}: {plan.area} in practice", ""]
        for _ in range(rng.randint(1, 3)):
            extra += [*prose.paragraph(links or [], rng.randint(2, 5)), ""]
        roll = rng.random()
        if roll < 0.2:
            extra += [*_raw_table(rng, prose, plan, case), ""]
        elif roll < 0.3:
            extra += [
                "<details>",
                f"<summary>Why {plan.area} works this way</summary>",
                f"<p>{' '.join(prose.sentence() for _ in range(3))}</p>",
                "</details>",
                "",
            ]
        elif roll < 0.4:
            extra += [
                "<!--",
                f"  Editor's note (case {case}): check this section with the owner before the",
                "  next review. [Old link](retired-page.md) kept for reference.",
                "-->",
                "",
            ]
        elif roll < 0.55:
            extra += [f"> {line}" for line in prose.paragraph(links or [], 2)] + [""]
        elif roll < 0.7:
            items = prose.bullets()
            nested = [f"    - {prose.sentence()}" for _ in range(rng.randint(1, 3))]
            extra += [items[0], "", *nested, "", *items[1:], ""]
        elif roll < 0.8:
            notes += 1
            extra += [
                f"{prose.sentence()} The figure comes from the last review.[^n{notes}]",
                "",
                f"[^n{notes}]: {prose.sentence()}",
                "",
            ]
        elif roll < 0.9:
            extra += [*prose.table(), ""]
        else:
            extra += [*prose.code(), ""]
        if links and rng.random() < 0.5:
            extra += [*prose.paragraph([links[rng.randrange(len(links))]], 1), ""]
    return "\n".join([*lines, "", *extra]).rstrip("\n") + "\n"


def _raw_table(rng: random.Random, prose: _Prose, plan: PagePlan, case: int) -> list[str]:
    """A raw HTML table, as handbooks paste them from a wiki: a row id to link to, an external
    link, inline markup the Markdown parser leaves alone."""
    rows = []
    for row in range(rng.randint(3, 6)):
        role = rng.choice(prose.slots["role"]).capitalize()
        rows.append(
            f'    <tr id="case-{case}-row-{row}"><td>{role}</td>'
            f"<td>{prose.sentence()}</td>"
            f'<td><a href="https://wiki.example.org/{plan.area}/{case}">wiki</a></td></tr>'
        )
    return [
        '<table class="handbook">',
        "  <thead><tr><th>Who</th><th>What</th><th>Source</th></tr></thead>",
        "  <tbody>",
        *rows,
        "  </tbody>",
        "</table>",
    ]


# ---- Roadmap and releases -----------------------------------------------------------------------

#: Entries per release with `--rich` (real projects' releases carry 40-110 notes).
RICH_ENTRIES = 60
_FILLERS = {
    "area": "planning",
    "cadence": "weekly",
    "kpi": "cycle time",
    "period": "quarter",
    "team": "the platform team",
    "tool": "the tracker",
}
_RICH_LINKS = (
    "https://example.org/docs/upgrade",
    "https://example.org/docs/api#changes",
    "https://example.org/blog/release-notes?tab=all&lang=en",
)


class Rich:
    """Multi-paragraph Markdown text for `--rich`: a lead sentence, a paragraph with emphasis, a
    link or a bare URL, and sometimes a list or a fenced code block, written as a YAML literal
    block. Its own random stream, so the rest of the playbook is the same with or without it."""

    def __init__(self, seed: str) -> None:
        self.rng = random.Random(f"rich:{seed}")

    def text(self, lead: str) -> str:
        rng = self.rng
        paragraphs = [lead]
        for _ in range(rng.randint(1, 2)):
            sentences = [
                rng.choice(SENTENCES).format(
                    role="product manager",
                    noun=rng.choice(ITEM_OBJECTS),
                    num=rng.choice(NUMBERS),
                    **_FILLERS,
                )
                for _ in range(rng.randint(2, 3))
            ]
            head, _, rest = sentences[0].partition(" ")
            sentences[0] = f"_{head}_ {rest}"
            paragraphs.append(" ".join(sentences))
        link = rng.choice(_RICH_LINKS)
        paragraphs.append(
            rng.choice(
                (
                    f"See the [upgrade notes]({link}) before you switch.",
                    f"Details: {link}",
                    f"Affects `{rng.choice(ITEM_OBJECTS)}` and **{rng.choice(ITEM_OBJECTS)}**.",
                )
            )
        )
        roll = rng.random()
        if roll < 0.4:
            paragraphs.append(
                "\n".join(
                    f"- {rng.choice(ITEM_ADJECTIVES)} {rng.choice(ITEM_OBJECTS)}"
                    for _ in range(rng.randint(2, 4))
                )
            )
        elif roll < 0.6:
            obj = rng.choice(ITEM_OBJECTS)
            paragraphs.append(f"```shell\ncurl -X POST https://api.example.org/v2/{obj}\n```")
        return "\n\n".join(paragraphs)

    def block(self, lead: str, indent: str) -> str:
        """`lead` grown into a rich text, as a YAML literal block at `indent` + 2 spaces."""
        pad = indent + "  "
        lines = self.text(lead).split("\n")
        return "|-\n" + "\n".join(pad + line if line else "" for line in lines)


@dataclass
class Item:
    id: str
    title: str
    status: str
    target: dt.date
    start: dt.date | None = None
    depends_on: list[str] = field(default_factory=list)
    release: int = -1


def _next_version(rng: random.Random, version: tuple[int, int, int]) -> tuple[int, int, int]:
    major, minor, patch = version
    roll = rng.random()
    if roll < 0.15:
        return major, minor, patch + 1
    if roll < 0.22 and minor >= 4:
        return major + 1, 0, 0
    return major, minor + 1, 0


def _roadmap(
    rng: random.Random,
    ids: Ids,
    n_items: int,
    n_releases: int,
    reg: Registry,
    pages: list[PagePlan],
    today: dt.date,
    rich: Rich | None = None,
) -> tuple[dict[str, str], dict[str, int]]:
    """Roadmap items, releases and unreleased entries: data-relative path -> YAML."""
    files: dict[str, str] = {}
    day = dt.timedelta(days=1)

    # Releases first: their dates decide the shipped items' targets.
    span = 720
    first_day = today - dt.timedelta(days=730)
    last_gap = rng.randint(3, 10)
    dates = [
        first_day + dt.timedelta(days=(k + 1) * (span - last_gap) // n_releases)
        for k in range(n_releases)
    ]
    entry_counts = [rng.randint(5, 15) for _ in range(n_releases)]
    if rich is not None:
        entry_counts = [RICH_ENTRIES] * n_releases
    n_shipped = min(round(n_items * 0.4), 3 * sum(entry_counts))

    rest = n_items - n_shipped
    n_progress = round(rest * 0.25)
    n_planned = round(rest * 0.3)
    n_cancelled = round(rest * 0.1)
    n_proposed = rest - n_progress - n_planned - n_cancelled
    items: list[Item] = []

    def new_item(status: str, target: dt.date) -> Item:
        adjective = rng.choice(ITEM_ADJECTIVES)
        ident, title = ids.named(
            f"{adjective} {rng.choice(ITEM_OBJECTS)} for {rng.choice(PERSONAS)}"
        )
        return Item(ident, title, status, target)

    for j in range(n_shipped):
        release = j * n_releases // n_shipped
        item = new_item("shipped", dates[release] - rng.randint(0, 21) * day)
        item.release = release
        item.start = item.target - rng.randint(14, 150) * day
        items.append(item)
    groups = (
        ("in-progress", n_progress, 0, 120),
        ("planned", n_planned, 30, 400),
        ("proposed", n_proposed, 90, 700),
    )
    for status, count, low, high in groups:
        group = [new_item(status, today + rng.randint(low, high) * day) for _ in range(count)]
        group.sort(key=lambda it: (it.target, it.id))
        for item in group:
            if status == "in-progress":
                item.start = today - rng.randint(1, 120) * day
            elif status == "planned" and rng.random() < 0.7 and (item.target - today).days > 2:
                item.start = today + rng.randint(1, (item.target - today).days - 1) * day
        items += group
    for _ in range(n_cancelled):
        item = new_item("cancelled", today + rng.randint(-600, 400) * day)
        if rng.random() < 0.5:
            item.start = item.target - rng.randint(10, 90) * day
        items.insert(rng.randint(0, len(items)), item)

    # Dependencies: on earlier, not cancelled items whose target is not later.
    for position, item in enumerate(items):
        if rng.random() < 0.4:
            continue
        window = [
            other
            for other in items[max(0, position - 60) : position]
            if other.status != "cancelled" and other.target <= item.target
        ]
        for other in rng.sample(window, min(len(window), rng.randint(1, 3))):
            item.depends_on.append(other.id)

    team_ids = [t for t, _ in reg.teams]
    kpi_ids = [k for k, _ in reg.kpis]
    processes = [p.id for p in pages if p.kind == "process" and p.status == "active"]
    horizons = {"shipped": "now", "in-progress": "now", "planned": "next", "proposed": "later"}
    statuses = dict.fromkeys(ROADMAP_STATUSES, 0)
    for item in items:
        statuses[item.status] += 1
        area = rng.choice(AREAS)
        summary = f"{item.title} in {area}, without workarounds."
        lines = [
            f"id: {item.id}",
            f"title: {scalar(item.title)}",
            f"summary: {rich.block(summary, '') if rich else scalar(summary)}",
            f"theme: {rng.choice(reg.themes)}",
            f"status: {item.status}",
            f"horizon: {horizons.get(item.status) or rng.choice(('now', 'next', 'later'))}",
            f"quarter: {quarter_of(item.target)}",
            f"owner: {rng.choice(team_ids)}",
        ]
        if item.start is not None:
            lines.append(f"start: {item.start.isoformat()}")
        problem = f"Teams in {area} lose {rng.choice(NUMBERS)} minutes a day to this."
        lines += [
            f"target: {item.target.isoformat()}",
            f"depends_on: {flow(item.depends_on)}",
            f"processes: {flow(rng.sample(processes, min(len(processes), rng.randint(0, 2))))}",
            f"problem: {rich.block(problem, '') if rich else scalar(problem)}",
            f"metrics: {flow(rng.sample(kpi_ids, rng.randint(1, 2)))}",
        ]
        files[f"roadmap/{item.id}.yml"] = "\n".join(lines) + "\n"

    # Releases: each shipped item is cited by its release (and sometimes again by a later one).
    by_release: list[list[Item]] = [[] for _ in range(n_releases)]
    for item in items:
        if item.release >= 0:
            by_release[item.release].append(item)
    version = (1, 0, 0)
    shipped_before: list[Item] = []
    for k in range(n_releases):
        if k:
            version = _next_version(rng, version)
        name = ".".join(map(str, version))
        entries: list[tuple[str, list[Item]]] = [
            (rng.choices(ENTRY_TYPES, (1, 2, 1, 6, 5, 5))[0], []) for _ in range(entry_counts[k])
        ]
        for item in by_release[k]:
            rng.choice(entries)[1].append(item)
        for _, cited in entries:
            if shipped_before and rng.random() < 0.1:
                again = rng.choice(shipped_before)
                if again not in cited:
                    cited.append(again)
        themes = rng.sample(ITEM_OBJECTS, 2)
        summary = rng.choice(RELEASE_SUMMARIES).format(
            a=themes[0], b=themes[1], A=themes[0].capitalize(), p=rng.choice(PERSONAS)
        )
        lines = [
            f'version: "{name}"',
            f"date: {dates[k].isoformat()}",
            f"summary: {rich.block(summary, '') if rich else scalar(summary)}",
            "entries:",
        ]
        for entry_type, cited in entries:
            lines += _entry_lines(rng, entry_type, cited, "  - ", "    ", rich)[0]
        files[f"releases/{name}.yml"] = "\n".join(lines) + "\n"
        shipped_before += by_release[k]

    # A few upcoming entries, citing items in progress.
    in_progress = [it for it in items if it.status == "in-progress"]
    n_unreleased = 3 + n_releases // 25
    taken: dict[str, None] = {}
    for _ in range(n_unreleased):
        entry_type = rng.choices(ENTRY_TYPES, (1, 2, 1, 6, 5, 5))[0]
        cited = [rng.choice(in_progress)] if in_progress and rng.random() < 0.7 else []
        lines, text = _entry_lines(rng, entry_type, cited, "", "")
        stem = "-".join(slugify(text).split("-")[:6]).strip("-") or "entry"
        name, count = stem, 1
        while name in taken:
            count += 1
            name = f"{stem}-{count}"
        taken[name] = None
        files[f"releases/unreleased/{name}.yml"] = "\n".join(lines) + "\n"
    statuses["unreleased"] = n_unreleased
    return files, statuses


def _entry_lines(
    rng: random.Random,
    entry_type: str,
    cited: list[Item],
    first: str,
    indent: str,
    rich: Rich | None = None,
) -> tuple[list[str], str]:
    persona = rng.choice(PERSONAS)
    title = cited[0].title if cited else f"{rng.choice(ITEM_ADJECTIVES)} {rng.choice(ITEM_OBJECTS)}"
    text = rng.choice(ENTRY_TEXTS[entry_type]).format(
        Title=title,
        title=title[0].lower() + title[1:],
        persona=persona,
        Persona=persona.capitalize(),
        obj=rng.choice(ITEM_OBJECTS),
        code=f"/v2/{rng.choice(ITEM_OBJECTS)}",
        scope=f"{rng.choice(ITEM_OBJECTS)}:write",
        num=rng.choice(NUMBERS),
    )
    audience = rng.sample(AUDIENCES, rng.randint(1, 2))
    lines = [
        f"{first}type: {entry_type}",
        f"{indent}text: {rich.block(text, indent) if rich else scalar(text)}",
        f"{indent}items: {flow([it.id for it in cited])}",
        f"{indent}audience: {flow(audience)}",
    ]
    return lines, text


# ---- mkdocs.yml ---------------------------------------------------------------------------------

_MKDOCS_HEAD = """\
# Generated by scripts/synth.py ({description}). MkDocs' automatic navigation lists every page.
site_name: Synthetic Playbook
site_description: A generated playbook for tests and benchmarks.
site_url: https://example.org/synthetic-playbook/
repo_url: https://github.com/example/synthetic-playbook
repo_name: example/synthetic-playbook
edit_uri: edit/main/playbook/
docs_dir: playbook
# MkDocs excludes /templates/ by default (theme overrides live there); ours are playbook pages.
exclude_docs: |
  !/templates/
copyright: Synthetic content

theme:
  name: material
  language: en
  features:
    - navigation.prune        # keeps build time linear in the number of pages
    - navigation.sections
    - navigation.indexes
    - navigation.top
    - navigation.footer
    - search.suggest
    - search.highlight
    - content.action.edit
    - content.code.copy
    - toc.follow
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: indigo
      accent: indigo
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
  icon:
    edit: material/pencil
  font: false   # system fonts: no request to a font CDN, works offline

extra:
  status:
    deprecated: "Deprecated: a replacement exists"

plugins:
  - search
"""

_MKDOCS_GIT = """\
  - git-revision-date-localized:
      type: date
      enable_creation_date: true
      fallback_to_build_date: true
"""

_MKDOCS_PLAYBOOK = """\
  - playbook:
      data_dir: data
  - playbook-checks:
      review_grace_days: 30
      review_soon_days: 30

watch:
  - data
"""

_MKDOCS_TAIL = """
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn

markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight:
      anchor_linenums: true
  - pymdownx.inlinehilite
  - pymdownx.tasklist:
      custom_checkbox: true
"""


def mkdocs_yml(description: str, plugins: str, git_plugin: bool) -> str:
    text = _MKDOCS_HEAD.format(description=description)
    if git_plugin:
        text += _MKDOCS_GIT
    if plugins == "all":
        text += _MKDOCS_PLAYBOOK
    return text + _MKDOCS_TAIL


# ---- The whole playbook -------------------------------------------------------------------------


@dataclass
class Built:
    files: dict[str, str]  # OUT_DIR-relative posix path -> text
    counts: dict[str, int]
    statuses: dict[str, int]


def build_files(
    *,
    pages: int,
    items: int,
    releases: int,
    seed: int = 0,
    today: dt.date = DEFAULT_TODAY,
    plugins: str = "all",
    git_plugin: bool = False,
    rich: bool = False,
    prose: bool = False,
) -> Built:
    """Every file of the playbook, in memory. Pure: the same arguments give the same files."""
    if pages < 3:
        raise SynthError("--pages must be at least 3 (a guide, a template and a process)")
    if items < 0 or releases < 0:
        raise SynthError("--items and --releases must not be negative")
    if plugins not in ("all", "none"):
        raise SynthError("--plugins must be 'all' or 'none'")
    rng = random.Random(f"synth:{seed}:{pages}:{items}:{releases}:{today.isoformat()}")
    ids = Ids()
    reg = _registries(rng, ids, pages, items, rich)
    plans = _plan_pages(rng, ids, pages, reg)
    _plan_front_matter(rng, plans, reg, today)
    _plan_links(rng, plans, prose)
    files: dict[str, str] = {}
    description = f"seed {seed}, {pages} pages, {items} items, {releases} releases"
    if rich:
        description += ", rich notes"
    if prose:
        description += ", handbook prose"
    files["mkdocs.yml"] = mkdocs_yml(description, plugins, git_plugin)
    for name, text in reg.text.items():
        files[f"data/{name}"] = text
    render = _render_prose_page if prose else _render_page
    for plan in plans:
        files[f"playbook/{plan.uri}"] = render(rng, plan, plans, reg)
    notes = Rich(f"{seed}:{pages}:{items}:{releases}") if rich else None
    data, statuses = _roadmap(rng, ids, items, releases, reg, plans, today, notes)
    for rel, text in data.items():
        files[f"data/{rel}"] = text
    unreleased = statuses.pop("unreleased")
    n_proc, n_tpl, n_guides = _page_counts(pages)
    counts = {
        "pages": pages,
        "processes": n_proc,
        "templates": n_tpl,
        "guides": n_guides,
        "items": items,
        "releases": releases,
        "unreleased": unreleased,
    }
    return Built(files, counts, statuses)


def write_files(out_dir: Path, files: dict[str, str]) -> None:
    made: set[str] = set()
    for rel, text in files.items():
        folder = posixpath.dirname(rel)
        if folder not in made:
            (out_dir / folder).mkdir(parents=True, exist_ok=True)
            made.add(folder)
        with open(out_dir / rel, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)


def _refuse_non_empty(out_dir: Path) -> None:
    if out_dir.exists():
        if not out_dir.is_dir():
            raise SynthError(f"{out_dir} exists and is not a directory")
        if any(out_dir.iterdir()):
            raise SynthError(f"{out_dir} exists and is not empty; choose a new directory")


def generate(
    out_dir: Path | str,
    *,
    pages: int,
    items: int,
    releases: int,
    commits: int = 0,
    seed: int = 0,
    today: dt.date = DEFAULT_TODAY,
    plugins: str = "all",
    git_plugin: bool = False,
    rich: bool = False,
    prose: bool = False,
) -> Summary:
    """Write a synthetic playbook into `out_dir` (absent or empty), optionally with Git history."""
    started = time.perf_counter()
    out = Path(out_dir)
    _refuse_non_empty(out)
    if commits < 0:
        raise SynthError("--commits must not be negative")
    built = build_files(
        pages=pages,
        items=items,
        releases=releases,
        seed=seed,
        today=today,
        plugins=plugins,
        git_plugin=git_plugin,
        rich=rich,
        prose=prose,
    )
    out.mkdir(parents=True, exist_ok=True)
    write_files(out, built.files)
    if commits:
        write_history(out, built.files, commits, seed, today)
    c = built.counts
    return Summary(
        out,
        len(built.files),
        c["pages"],
        c["processes"],
        c["templates"],
        c["guides"],
        c["items"],
        built.statuses,
        c["releases"],
        c["unreleased"],
        commits,
        time.perf_counter() - started,
    )


# ---- Git history --------------------------------------------------------------------------------


def _variant(rng: random.Random, rel: str, text: str) -> str:
    """An earlier version of a file: a page missing a few prose lines, an item one status back."""
    if rel.endswith(".yml"):
        earlier = {"shipped": "in-progress", "in-progress": "planned", "planned": "proposed"}
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if line.startswith("status: ") and line[8:] in earlier:
                lines[i] = "status: " + earlier[line[8:]]
            elif line.startswith("summary: "):
                lines[i] = f"summary: Draft {rng.randint(1, 99)}, to be rewritten."
        return "\n".join(lines)
    lines = text.split("\n")
    body = text.find("\n---\n", 4)
    start = text.count("\n", 0, body) + 2 if body >= 0 else 0
    prose = [
        i
        for i in range(start, len(lines))
        if lines[i][:1].isalpha()
        and not lines[i].startswith(("See also",))
        and "](" not in lines[i]
    ]
    for i in sorted(rng.sample(prose, min(len(prose), rng.randint(1, 3))), reverse=True):
        del lines[i]
    return "\n".join(lines)


def _history(
    files: dict[str, str], commits: int, seed: int, today: dt.date
) -> Iterator[tuple[tuple[str, str, str], int, str, list[tuple[str, str]]]]:
    """(author, unix time, message, [(path, text)]) of every commit, oldest first."""
    rng = random.Random(f"synth-git:{seed}:{commits}:{today.isoformat()}")
    paths = list(files)
    infrastructure = [
        p for p in paths if p == "mkdocs.yml" or (p.startswith("data/") and p.count("/") == 1)
    ]
    infrastructure.append("playbook/index.md")
    first = set(infrastructure)
    rest = [p for p in paths if p not in first]
    rng.shuffle(rest)
    n_add = 1 if commits == 1 else max(1, min(len(rest), commits // 2))
    n_edit = commits - n_add
    editable = [p for p in rest if p.startswith(("playbook/", "data/roadmap/"))]
    edits = [rng.sample(editable, min(len(editable), rng.randint(1, 3))) for _ in range(n_edit)]
    last_touch: dict[str, int] = {}
    for index, touched in enumerate(edits):
        for path in touched:
            last_touch[path] = index

    span = 730 * 86400
    base = int(dt.datetime.combine(today, dt.time(), dt.UTC).timestamp()) - span
    slot = span / commits
    weights = [a[3] for a in AUTHORS]

    def when(index: int) -> int:
        return base + int(index * slot + rng.random() * slot * 0.9)

    def author() -> tuple[str, str, str]:
        name, email, tz, _ = rng.choices(AUTHORS, weights)[0]
        return name, email, tz

    groups = [rest[g * len(rest) // n_add : (g + 1) * len(rest) // n_add] for g in range(n_add)]
    groups[0] = infrastructure + groups[0]
    for index, group in enumerate(groups):
        changes = [(p, _variant(rng, p, files[p]) if p in last_touch else files[p]) for p in group]
        if index == 0:
            message = "Start the playbook: configuration, registries and home page"
        elif len(group) == 1:
            message = f"Add {posixpath.basename(group[0])}"
        else:
            message = f"Add {len(group)} files under {posixpath.dirname(group[0])}"
        yield author(), when(index), message, changes
    verbs = ("Update", "Refresh", "Fix typos in", "Review", "Clarify", "Rework")
    for index, touched in enumerate(edits):
        changes = [
            (p, files[p] if last_touch[p] == index else _variant(rng, p, files[p])) for p in touched
        ]
        stem = posixpath.splitext(posixpath.basename(touched[0]))[0]
        extra = f" and {len(touched) - 1} more" if len(touched) > 1 else ""
        message = f"{rng.choice(verbs)} {stem}{extra}"
        yield author(), when(n_add + index), message, changes


def fast_import_stream(
    files: dict[str, str], commits: int, seed: int, today: dt.date
) -> Iterator[bytes]:
    """The `git fast-import` stream of the history, one chunk per commit."""
    for (name, email, tz), stamp, message, changes in _history(files, commits, seed, today):
        ident = f"{name} <{email}> {stamp} {tz}\n".encode()
        body = message.encode() + b"\n"
        parts = [
            b"commit refs/heads/main\n",
            b"author " + ident,
            b"committer " + ident,
            b"data %d\n" % len(body),
            body,
        ]
        for path, text in changes:
            data = text.encode()
            parts += [b"M 100644 inline ", path.encode(), b"\ndata %d\n" % len(data), data, b"\n"]
        parts.append(b"\n")
        yield b"".join(parts)


def _git(out_dir: Path, *args: str, stdin: bytes | None = None) -> str:
    result = subprocess.run(
        ["git", "-c", "core.autocrlf=false", *args],
        cwd=out_dir,
        input=stdin,
        capture_output=True,
        check=False,
    )
    if result.returncode:
        raise SynthError(f"git {' '.join(args)} failed: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode()


def write_history(
    out_dir: Path, files: dict[str, str], commits: int, seed: int, today: dt.date
) -> None:
    """Make `out_dir` a Git repository of `commits` commits whose last tree is `files`."""
    _git(out_dir, "init", "-q", "-b", "main")
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            ["git", "fast-import", "--quiet"], cwd=out_dir, stdin=subprocess.PIPE, stderr=errors
        )
        stdin = process.stdin
        assert stdin is not None
        try:
            buffered: list[bytes] = []
            size = 0
            for chunk in fast_import_stream(files, commits, seed, today):
                buffered.append(chunk)
                size += len(chunk)
                if size > 1 << 22:
                    stdin.write(b"".join(buffered))
                    buffered, size = [], 0
            stdin.write(b"".join(buffered))
            stdin.close()
        except BrokenPipeError:
            pass  # fast-import stopped: its exit code and message say why
        if process.wait():
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise SynthError(f"git fast-import failed: {message}")
    _git(out_dir, "reset", "-q", "--mixed", "HEAD")
    status = _git(out_dir, "status", "--porcelain")
    if status:
        raise SynthError(f"the last commit differs from the generated files:\n{status[:2000]}")


# ---- Command line -------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="synth.py",
        description="Generate a deterministic synthetic playbook that `playbook check` finds clean.",
    )
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="absent or empty directory")
    parser.add_argument("--pages", type=int, required=True, help="Markdown pages (at least 3)")
    parser.add_argument("--items", type=int, required=True, help="roadmap items")
    parser.add_argument("--releases", type=int, required=True, help="released versions")
    parser.add_argument("--commits", type=int, default=0, help="Git commits (0: no repository)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=DEFAULT_TODAY,
        help=f"the date the playbook is valid on (default {DEFAULT_TODAY})",
    )
    parser.add_argument("--plugins", choices=("all", "none"), default="all")
    parser.add_argument(
        "--git-plugin",
        action="store_true",
        help="also list git-revision-date-localized in mkdocs.yml (not a project dependency)",
    )
    parser.add_argument(
        "--rich",
        action="store_true",
        help=f"release notes and roadmap text at real scale: {RICH_ENTRIES} entries per release, "
        "multi-paragraph Markdown (lists, links, code), one theme per 35 items",
    )
    parser.add_argument(
        "--prose",
        action="store_true",
        help="pages shaped like a real handbook: long, many links and anchors, tables, raw HTML",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        summary = generate(
            args.out_dir,
            pages=args.pages,
            items=args.items,
            releases=args.releases,
            commits=args.commits,
            seed=args.seed,
            today=args.today,
            plugins=args.plugins,
            git_plugin=args.git_plugin,
            rich=args.rich,
            prose=args.prose,
        )
    except SynthError as error:
        print(f"synth.py: {error}", file=sys.stderr)
        return 2
    print(summary.line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
