"""Reference pages generated from the code itself, so they cannot drift: the check rules (from the
rule catalogue) and the data formats (from the schemas).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from plugins.core import rules, schemas
from plugins.core import vocabulary as v
from plugins.core.render.pages import front
from plugins.core.render.text import html_code, html_escape, html_table, md_text

if TYPE_CHECKING:
    from plugins.core.vocabulary import Vocabulary

#: The schemas in the order the reference page documents them, with where each kind lives.
DOCUMENTED = (
    ("process", "Process pages", "`playbook/**/*.md` with `kind: process`"),
    ("template", "Template pages", "`playbook/**/*.md` with `kind: template`"),
    ("roadmap-item", "Roadmap items", "`data/roadmap/<id>.yml`, one item per file"),
    ("release", "Releases", "`data/releases/<version>.yml`, one release per file"),
    (
        "release-entry",
        "Release entries",
        "inside a release's `entries`, or one per file in `data/releases/unreleased/`",
    ),
    ("teams", "Teams", "`data/teams.yml`"),
    ("roles", "Roles", "`data/roles.yml`"),
    ("kpis", "KPIs", "`data/kpis.yml`"),
    ("tools", "Tools", "`data/tools.yml`"),
    ("glossary", "Glossary", "`data/glossary.yml`"),
    ("themes", "Roadmap themes", "`data/themes.yml`"),
    ("facts", "Facts", "`data/facts.yml`"),
    ("maturity", "Maturity model", "`data/maturity.yml` (optional)"),
)


#: How an existing handbook adopts the rules gradually (on the check rules page).
ADOPTING = """\
## Adopting the rules gradually {#adopting}

**Baseline.** `playbook baseline` records every error and warning of today in
`playbook-baseline.json` (another file with `playbook-checks: baseline: PATH` in `mkdocs.yml`).
`playbook check` and `mkdocs build --strict` then hold those back, fail only on findings that are
not in it, and say how many known ones remain. A finding is known by its rule, its file and its
message without numbers or suggestions, never by its line: editing a file keeps its known
findings known, and a third identical finding where two were recorded is new. When known findings
are fixed, both say so; `playbook baseline` again shrinks the file. Commit the file: reviewers see
it shrink. A baseline that cannot be read is [PB131](#pb131) and holds nothing back.

**Draft pages.** A process or template with `status: draft` (any status whose meaning is `draft` in
the vocabulary) joins the playbook before its text is restructured: its front matter is checked
as usual (owner, RACI, references, links), but [PB601](#pb601) (required sections) and the review
rules [PB501](#pb501) and [PB502](#pb502) do not apply to it. Readers see a notice on the page
saying it is a draft and which sections every page of its kind has. Set it `active` once it has
them.

**Folder defaults.** A `.meta.yml` file in a folder of the docs gives front matter to every page
below it (the convention of Material's meta plugin): nearer folders win, a page's own front matter
wins over all, mappings are merged and lists joined. A finding about an inherited value points at
its line in the `.meta.yml`; a file that is not a mapping, or a list merged with a single value, is
[PB130](#pb130). See [Data formats](data-formats.md#folder-defaults).
"""


def rules_page() -> str:
    out = [front("Check rules")]
    out.append(
        "Every rule `playbook check` and the build apply, generated from the rule catalogue. "
        "Change a rule's severity in `mkdocs.yml`:\n\n"
        "```yaml\nplugins:\n  - playbook-checks:\n      rules:\n        PB501: error   # error | warn | info | ignore\n```\n"
    )
    out.append(ADOPTING)
    group = None
    for rule in rules.CATALOGUE.values():
        if rule.group != group:
            group = rule.group
            out.append(f"## {group}\n")
        out.append(f"### {rule.id} {rule.name} {{#{rule.id.lower()}}}\n")
        out.append(f"**Default severity:** {rule.severity.word}\n")
        out.append(md_text(rule.summary) + "\n")
        out.append(f"**Fix:** {md_text(rule.hint)}\n")
        out.append(f"**Example:** `{rule.example.replace('`', '')}`\n")
    return "\n".join(out)


#: The columns of a table of keys. Tables of the reference pages are raw HTML (cells escaped
#: here): Python-Markdown passes it through instead of parsing hundreds of table rows per build.
_COLUMNS = ["Key", "Required", "Type", "Allowed", "Meaning", "Example"]


def _type_of(prop: dict[str, Any]) -> str:
    if "const" in prop:
        return html_code(str(prop["const"]))
    kind = prop.get("type", "")
    if kind == "array":
        items = prop.get("items", {})
        if items.get("type") == "object":
            return "list of mappings"
        inner = "id" if items.get("pattern") == v.ID_PATTERN else items.get("type", "value")
        return f"list of {inner}s"
    if kind == "string" and prop.get("format") == "date":
        return "date"
    if kind == "string" and prop.get("pattern") == v.ID_PATTERN:
        return "id"
    words: dict[str, str] = {
        "string": "text",
        "integer": "whole number",
        "number": "number",
        "boolean": "true/false",
        "object": "mapping",
    }
    return words.get(str(kind), str(kind))


def _allowed(prop: dict[str, Any]) -> str:
    values = prop.get("enum") or prop.get("items", {}).get("enum")
    if values:
        return ", ".join(html_code(str(value)) for value in values)
    pattern = prop.get("pattern") or prop.get("items", {}).get("pattern")
    if pattern:
        return html_escape(schemas.PATTERN_WORDS.get(pattern, pattern))
    if "minimum" in prop:
        if "maximum" in prop:
            return f"{prop['minimum']} to {prop['maximum']}"
        return f"at least {prop['minimum']}"
    return ""


def _rows(schema: dict[str, Any], prefix: str = "") -> list[list[str]]:
    rows = []
    required = set(schema.get("required", []))
    for key, prop in schema.get("properties", {}).items():
        name = f"{prefix}{key}"
        example = prop.get("examples", [None])[0] if prop.get("examples") else None
        shown = html_code(json.dumps(example, ensure_ascii=False)) if example is not None else ""
        rows.append(
            [
                html_code(name),
                "yes" if key in required else "",
                _type_of(prop),
                _allowed(prop),
                html_escape(prop.get("description", "")),
                shown,
            ]
        )
        if prop.get("type") == "object" and "properties" in prop:
            rows.extend(_rows(prop, f"{name}."))
        items = prop.get("items", {})
        if prop.get("type") == "array" and "properties" in items and key != "entries":
            rows.extend(_rows(items, f"{name}[]."))  # release entries have their own section
    return rows


def formats_page(vocab: Vocabulary, vocabulary_file: str = "data/vocabulary.yml") -> str:
    out = [front("Data formats")]
    out.append(
        "Every key of every kind of content, generated from the schemas that validate it. The same "
        "schemas are exported as JSON Schema in `schemas/` for editor completion, and fill the "
        "files `playbook new` writes.\n"
    )
    documented = schemas.schemas_for(vocab)
    for name, title, where in DOCUMENTED:
        schema = documented[name]
        out.append(f"## {title} {{#{name}}}\n")
        out.append(
            f"{md_text(schema.get('description', ''))} Lives in {where}. JSON Schema: `schemas/{name}.schema.json`.\n"
        )
        properties = schema.get("properties", {})
        if len(properties) == 1:  # a registry: document its items
            ((key, prop),) = properties.items()
            schema = prop["items"]
            out.append(f"A mapping with one key, `{key}`: a list of entries with these keys:\n")
        out.append(html_table(_COLUMNS, _rows(schema)))
        entries = schema.get("properties", {}).get("entries")
        if entries:
            out.append("Each of `entries` has the keys of a [release entry](#release-entry).\n")
    out.append(FOLDER_DEFAULTS)
    out.append(_vocabulary_section(vocab, vocabulary_file))
    return "\n".join(out)


#: The `.meta.yml` convention and the navigation's folder mounts (on the data formats page).
FOLDER_DEFAULTS = """\
## Folder defaults: `.meta.yml` {#folder-defaults}

Front matter for every page below a folder, in a file named `.meta.yml` in that folder (the file
Material's meta plugin reads; it is never published). It holds what a page's front matter would,
without the `---` lines. A whole imported folder can get an owner, a review interval or `search:
{exclude: true}` this way:

```yaml
# playbook/handbook/people/.meta.yml
owner: people-ops
last_reviewed: 2026-10-01
review_interval_days: 180
tags: [imported]
```

Nearer folders win over farther ones, and a page's own front matter wins over all; mappings are
merged key by key and lists are joined (`tags: [imported]` here and `tags: [hr]` in a page give
both). The checks and the build see the same merged front matter, and a finding about an inherited
value points at its line in the `.meta.yml`. A site that enables Material's `meta` plugin keeps
it: the build then leaves the merging to it.

## Navigation: folder mounts {#nav-mounts}

A `nav` entry naming a folder of the docs, ending in `/`, is replaced by every page of that folder,
arranged as MkDocs arranges a site without `nav` (index pages first, subfolders as sections):

```yaml
nav:
  - Home: index.md
  - Handbook: handbook/        # the imported tree, as one entry
  - Processes:
      - processes/index.md     # followed by every process, by stage
```

Generated sections (processes, templates, roadmap, releases) are still placed after their index
pages. A mount of a folder without pages is [PB704](rules.md#pb704). With no `nav` at all, MkDocs
lists every page, the generated ones included.
"""


def _codes(values: tuple[str, ...]) -> str:
    return ", ".join(html_code(value) for value in values)


def _vocabulary_section(vocab: Vocabulary, vocabulary_file: str) -> str:
    """The vocabulary file's keys, and the vocabulary this playbook uses."""
    schema = schemas.VOCABULARY_FILE
    out = ["## Vocabulary {#vocabulary}\n"]
    out.append(
        f"{md_text(schema['description'])} Lives in `{vocabulary_file}` (the `playbook` plugin's "
        "`vocabulary` option in `mkdocs.yml` names another file). JSON Schema: "
        "`schemas/vocabulary.schema.json`.\n"
    )
    out.append(html_table(_COLUMNS, _rows(schema)))
    out.append("### In use here {#vocabulary-in-use}\n")
    types = sorted(vocab.entry_types, key=lambda t: t.order)
    out.append(
        html_table(
            ["Entry type", "Heading", "Order", "Cites a roadmap item", "Version impact"],
            [
                [
                    html_code(t.id),
                    html_escape(t.heading),
                    str(t.order),
                    "required" if t.requires_item else "optional",
                    t.semver,
                ]
                for t in types
            ],
        )
    )
    for kind, statuses in (
        ("Roadmap status", vocab.roadmap_statuses),
        ("Page status", vocab.page_statuses),
    ):
        out.append(
            html_table(
                [kind, "Label", "Meaning"],
                [[html_code(s.id), html_escape(s.label), html_escape(s.meaning)] for s in statuses],
            )
        )
    optional = ", ".join(html_code(f"{kind}.{key}") for kind, key in vocab.optional_keys) or "none"
    limits = vocab.text_limits
    facts = [
        ("Name in generated text", html_escape(vocab.name)),
        ("Audiences", _codes(vocab.audiences)),
        ("Horizons", _codes(vocab.horizons)),
        ("Stages", _codes(vocab.stages)),
        *(
            (f"Sections of a {r.kind} page", ", ".join(html_escape(x) for x in r.sections))
            for r in vocab.required_sections
        ),
        ("Optional keys", optional),
        (
            "Text limits",
            (
                f"text {limits.text}, titles {limits.title}, page summaries {limits.summary}, "
                f"names {limits.name} characters"
            ),
        ),
        ("Owners", _codes(vocab.owner_forms)),
        ("Ids unique", "across every kind" if vocab.id_scope == "global" else "within each kind"),
        (
            "Versioning",
            "semantic: each release moves as far as its entries call for"
            if vocab.versioning == "semver"
            else "free: versions only increase",
        ),
        ("KPI categories", _codes(vocab.kpi_categories)),
        ("KPI cadences", _codes(vocab.kpi_cadences)),
        ("Tool statuses", _codes(vocab.tool_statuses)),
        ("Tool categories", _codes(vocab.tool_categories)),
    ]
    out.append(html_table(["Vocabulary", "Values"], [[name, value] for name, value in facts]))
    return "\n".join(out)
