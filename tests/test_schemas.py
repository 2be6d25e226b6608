"""Schema messages: file, line, key, what was expected, what was found, and a suggestion."""

from __future__ import annotations

import json
from pathlib import Path

import fastjsonschema
import pytest
from helpers import REPO, check, edit

from plugins.core import schemas
from plugins.core.settings import read_settings
from plugins.core.vocabulary import Vocabulary
from plugins.core.yamlio import parse_yaml


def messages(root: Path) -> list[str]:
    return [f.format() for f in check(root).findings]


def test_unknown_key_suggests_the_right_one(minimal: Path) -> None:
    edit(minimal, "data/roadmap/offline-mode.yml", "owner: core", "ownr: core")
    # One finding: the "did you mean" already says the required key is missing.
    assert messages(minimal) == [
        "data/roadmap/offline-mode.yml:8:1: PB111 unknown key 'ownr'; did you mean 'owner'?",
    ]


def test_enum_lists_the_allowed_values(minimal: Path) -> None:
    edit(minimal, "data/roadmap/offline-mode.yml", "status: proposed", "status: propsed")
    assert messages(minimal) == [
        (
            "data/roadmap/offline-mode.yml:5:9: PB113 'status' must be one of: proposed, planned, "
            "in-progress, shipped, cancelled; found 'propsed'; did you mean 'proposed'?"
        )
    ]


def test_yes_where_text_is_expected_says_to_quote(minimal: Path) -> None:
    edit(minimal, "data/roadmap/offline-mode.yml", "title: Offline mode", "title: yes")
    (finding,) = check(minimal).findings
    assert finding.format() == (
        "data/roadmap/offline-mode.yml:2:8: PB114 'title' must be text, but YAML 1.1 reads the "
        "unquoted yes as the boolean true"
    )
    assert finding.hint == 'Put it in quotes: title: "yes"'


def test_bare_date_in_a_text_field(minimal: Path) -> None:
    edit(
        minimal,
        "data/roadmap/offline-mode.yml",
        "problem: Basements have no signal.",
        "problem: 2026-01-05",
    )
    assert messages(minimal) == [
        (
            "data/roadmap/offline-mode.yml:12:10: PB114 'problem' must be text, but YAML 1.1 reads the "
            "unquoted 2026-01-05 as a date"
        )
    ]


def test_wrong_type_names_expected_and_found(minimal: Path) -> None:
    edit(
        minimal,
        "data/roadmap/offline-mode.yml",
        "depends_on: [saved-filters]",
        "depends_on: saved-filters",
    )
    assert messages(minimal) == [
        "data/roadmap/offline-mode.yml:10:13: PB112 'depends_on' must be a list; found 'saved-filters'"
    ]


def test_nested_keys_are_named_with_their_path(minimal: Path) -> None:
    edit(minimal, "data/releases/1.1.0.yml", "  - type: security", "  - type: secruity")
    assert messages(minimal) == [
        (
            "data/releases/1.1.0.yml:9:11: PB113 'entries[1].type' must be one of: breaking, security, "
            "deprecation, feature, improvement, fix; found 'secruity'; did you mean 'security'?"
        )
    ]


@pytest.mark.parametrize("name", sorted((*schemas.NAMES, "vocabulary")))
def test_exported_schema_files_are_current(name: str) -> None:
    """schemas/*.schema.json are what editors read; they must match the code that validates,
    with the default playbook's own vocabulary."""
    exported = REPO / "schemas" / f"{name}.schema.json"
    assert exported.is_file(), "run `playbook schema export`"
    vocab = read_settings(REPO).vocabulary
    assert json.loads(exported.read_text(encoding="utf-8")) == schemas.export(name, vocab)


def test_every_data_file_names_its_schema_for_editors() -> None:
    """VS Code (with the YAML extension) completes and underlines as the author types."""
    expected = {
        "data/roadmap": "roadmap-item",
        "data/releases/unreleased": "release-entry",
        "data/releases": "release",
    }
    for path in sorted((REPO / "data").rglob("*.yml")):
        folder = path.parent.relative_to(REPO).as_posix()
        name = expected.get(folder, path.stem)
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target == (REPO / "schemas" / f"{name}.schema.json").resolve(), path


def test_editor_settings_map_every_schema() -> None:
    text = (REPO / ".vscode" / "settings.json").read_text(encoding="utf-8")
    settings = json.loads(
        "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    )
    mapped = settings["yaml.schemas"]
    registries = {
        "teams",
        "roles",
        "kpis",
        "tools",
        "glossary",
        "themes",
        "facts",
        "maturity",
        "roadmap-item",
        "release",
        "release-entry",
        "vocabulary",
    }
    assert {Path(schema).name.removesuffix(".schema.json") for schema in mapped} == registries
    for schema in mapped:
        assert (REPO / schema).is_file()
    assert "redhat.vscode-yaml" in (REPO / ".vscode" / "extensions.json").read_text(
        encoding="utf-8"
    )


def _process_page(**fields: object) -> dict[str, object]:
    """A valid process page's front matter, with `fields` added or replaced."""
    page: dict[str, object] = {
        "kind": "process",
        "id": "p",
        "title": "P",
        "summary": "S.",
        "owner": "t",
        "status": "active",
        "stage": "plan",
        "last_reviewed": "2026-01-05",
        "review_interval_days": 90,
        "raci": {"responsible": ["r"], "accountable": ["r"], "consulted": ["r"], "informed": ["r"]},
    }
    return {**page, **fields}


def test_the_quick_validity_test_keeps_properties_named_like_annotations() -> None:
    """The quick "valid?" test (fastjsonschema) leaves out what only documents a schema (`title`,
    `description`, `examples`), not the properties a page may have under those names."""
    quick = schemas._fast_for(schemas.schemas_for(Vocabulary())["process"])
    page = _process_page(description="For search engines.")
    quick(page)  # valid: no exception
    for key, wrong in (("title", ["a"]), ("description", 5), ("summary", "")):
        with pytest.raises(fastjsonschema.JsonSchemaException):
            quick({**page, key: wrong})


def test_the_quick_validity_test_refuses_repeated_items() -> None:
    """`uniqueItems` is tested on its own (a set of the list's text), wherever it sits under
    nested properties; a repeated role is still a finding at its line."""
    vocab = Vocabulary()
    quick = schemas._fast_for(schemas.schemas_for(vocab)["process"])
    raci = {"responsible": ["r"], "accountable": ["r", "s"], "consulted": ["r"], "informed": ["r"]}
    page = _process_page(raci=raci, tags=["a", "b"])
    quick(page)
    for wrong in (
        {**page, "tags": ["a", "a"]},
        {**page, "raci": {**raci, "accountable": ["s", "r", "s"]}},
        {**page, "raci": {**raci, "informed": ["r", 1]}},
    ):
        with pytest.raises(fastjsonschema.JsonSchemaException):
            quick(wrong)
    text = (
        "kind: process\nid: p\ntitle: P\nsummary: S.\nowner: t\nstatus: active\nstage: plan\n"
        "last_reviewed: 2026-01-05\nreview_interval_days: 90\nraci:\n  responsible: [r]\n"
        "  accountable: [r, s, r]\n  consulted: [r]\n  informed: [r]\n"
    )
    parsed = parse_yaml(text, "playbook/p.md", line_offset=1)
    findings = schemas.validate("process", parsed.value, parsed.marks, vocab=vocab)
    assert [(f.line, f.message) for f in findings] == [(13, "'raci.accountable' lists 'r' twice")]
