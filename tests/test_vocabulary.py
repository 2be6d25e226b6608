"""The organisation's vocabulary: defaults, overrides from its file, and mistakes in that file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from helpers import SITES, check, commit_all, edit, mkdocs_build, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.cli.main import main
from plugins.core import schemas
from plugins.core.codeowners import render_codeowners
from plugins.core.loader import load_playbook
from plugins.core.rules import CATALOGUE
from plugins.core.settings import ConfigError, read_settings
from plugins.core.vocabulary import DEFAULT, Vocabulary
from plugins.core.vocabulary_file import VocabularyError, load_vocabulary
from plugins.core.yamlio import Marks

if TYPE_CHECKING:
    from pathlib import Path

VOCAB = "data/vocabulary.yml"


def rules_of(root: Path) -> list[tuple[str, str, int]]:
    return [(f.rule, f.path, f.line) for f in check(root).findings]


# ---- Defaults and overrides ---------------------------------------------------------------------


def test_without_a_file_the_generic_defaults_apply(minimal: Path) -> None:
    settings = read_settings(minimal)
    assert settings.vocabulary is DEFAULT
    assert load_playbook(settings).playbook.vocabulary is DEFAULT
    assert settings.vocabulary_file == VOCAB


def test_an_empty_file_keeps_the_defaults(minimal: Path) -> None:
    write(minimal, VOCAB, "# nothing configured yet\n")
    assert read_settings(minimal).vocabulary == DEFAULT


def test_overrides_reach_the_model_schemas_and_checks(minimal: Path) -> None:
    write(
        minimal,
        VOCAB,
        "name: Kettle\n"
        "audiences: [operators, developers]\n"
        "entry_types:\n"
        "  - {id: upgrade, heading: Upgrade notes, semver: major}\n"
        "  - {id: fixes, heading: Bug fixes, semver: patch}\n"
        "horizons: [soon, someday]\n",
    )
    vocab = read_settings(minimal).vocabulary
    assert vocab.name == "Kettle"
    assert vocab.audiences == ("operators", "developers")
    assert vocab.entry_type_ids == ("upgrade", "fixes")
    assert vocab.entry_type("upgrade") is not None
    assert vocab.semver_impact(("fixes", "upgrade")) == "major"
    assert vocab.roadmap_statuses == DEFAULT.roadmap_statuses  # not configured: kept
    entry = schemas.schemas_for(vocab)["release-entry"]["properties"]
    assert entry["type"]["enum"] == ["upgrade", "fixes"]
    assert entry["audience"]["items"]["enum"] == ["operators", "developers"]
    # The sample's data uses the old words: each use is now a finding naming the new ones.
    messages = [f.message for f in check(minimal).findings if f.rule == "PB113"]
    assert "'horizon' must be one of: soon, someday; found 'later'" in messages
    assert any("must be one of: upgrade, fixes; found 'feature'" in m for m in messages)


def test_list_order_is_the_display_order_unless_order_is_given(minimal: Path) -> None:
    write(
        minimal,
        VOCAB,
        "entry_types:\n"
        "  - {id: fixes, heading: Fixes, order: 20}\n"
        "  - {id: security, heading: Security, order: 10}\n",
    )
    assert read_settings(minimal).vocabulary.entry_type_ids == ("security", "fixes")


def test_vocabulary_is_hashable_and_schemas_are_cached_per_vocabulary() -> None:
    other = Vocabulary(audiences=("operators",))
    assert schemas.schemas_for(DEFAULT) is schemas.schemas_for(Vocabulary())
    assert schemas.schemas_for(other) is not schemas.schemas_for(DEFAULT)


def test_vocabulary_option_names_another_file(minimal: Path) -> None:
    write(minimal, "config/words.yml", "name: Elsewhere\n")
    edit(
        minimal,
        "mkdocs.yml",
        "  - playbook\n",
        "  - playbook:\n      vocabulary: config/words.yml\n",
    )
    settings = read_settings(minimal)
    assert settings.vocabulary.name == "Elsewhere"
    assert settings.vocabulary_file == "config/words.yml"


# ---- Mistakes: one clear error, file and line, never a traceback -------------------------------

MISTAKES = [
    pytest.param(
        "name: X\naudiencs: [operators]\n",
        r"data/vocabulary.yml:2:1: PB111 unknown key 'audiencs'; did you mean 'audiences'\?",
        id="unknown-key",
    ),
    pytest.param(
        "audiences: operators\n",
        r"data/vocabulary.yml:1:12: PB112 'audiences' must be a list",
        id="wrong-type",
    ),
    pytest.param(
        "roadmap_statuses:\n  - {id: open, meaning: open}\n  - {id: done, meaning: finished}\n",
        r"data/vocabulary.yml:3:25: PB113 'roadmap_statuses\[1\]\.meaning' must be one of: "
        r"open, done, dropped; found 'finished'",
        id="unknown-meaning",
    ),
    pytest.param(
        "entry_types:\n  - {id: fix, heading: Fixes}\n  - {id: fix, heading: More fixes}\n",
        r"data/vocabulary.yml:3:10: PB201 entry_types: id 'fix' is already used at "
        r"data/vocabulary.yml:2:10",
        id="duplicate-id",
    ),
    pytest.param(
        "entry_types:\n  - {id: a, heading: A, order: 1}\n  - {id: b, heading: B, order: 1}\n",
        r"data/vocabulary.yml:3:32: PB113 entry type 'b' has display order 1, like entry type 'a'",
        id="order-clash",
    ),
    pytest.param(
        "roadmap_statuses:\n  - {id: idea, meaning: open}\n  - {id: gone, meaning: dropped}\n",
        r"data/vocabulary.yml:2:3: PB113 roadmap_statuses: no status means 'done'",
        id="no-done-status",
    ),
    pytest.param(
        "audiences: [operators, operators]\n",
        r"data/vocabulary.yml:1:12: PB113 'audiences' lists 'operators' twice",
        id="duplicate-audience",
    ),
    pytest.param(
        "name: [unclosed\n",
        r"data/vocabulary.yml:1:1: PB100 invalid YAML",
        id="yaml-syntax",
    ),
    pytest.param(
        "text_limits: {text: yes}\n",
        r"data/vocabulary.yml:1:21: PB112 'text_limits\.text' must be a whole number; found the "
        r"boolean true",
        id="boolean-limit",
    ),
    pytest.param(
        "owners: [team, gitlab-group]\n",
        r"data/vocabulary.yml:1:16: PB113 'owners\[1\]' must be one of: team, github-team, "
        r"github-user; found 'gitlab-group'",
        id="unknown-owner-form",
    ),
]


@pytest.mark.parametrize(("text", "expected"), MISTAKES)
def test_a_mistake_is_one_error_with_file_and_line(
    minimal: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    write(minimal, VOCAB, text)
    with pytest.raises(ConfigError) as raised:
        read_settings(minimal)
    message = str(raised.value)
    assert re.search(expected, message), message
    assert message.startswith("the vocabulary file has a problem:\n  data/vocabulary.yml:")
    code = main(["check", "--root", str(minimal), "--today", "2026-11-23"])
    err = capsys.readouterr().err
    assert code == 2
    assert re.search(expected, err), err
    assert "Traceback" not in err


def test_every_problem_of_the_file_is_listed_at_once(minimal: Path) -> None:
    write(minimal, VOCAB, "audiencs: [a]\nhorizons: now\n")
    with pytest.raises(ConfigError) as raised:
        read_settings(minimal)
    message = str(raised.value)
    assert message.startswith("the vocabulary file has 2 problems:")
    assert "data/vocabulary.yml:1:1: PB111" in message
    assert "data/vocabulary.yml:2:11: PB112" in message


def test_the_build_stops_with_the_same_error(minimal: Path, tmp_path: Path) -> None:
    write(
        minimal,
        VOCAB,
        "roadmap_statuses:\n  - {id: open, meaning: open}\n  - {id: done, meaning: finished}\n",
    )
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode == 1
    assert "data/vocabulary.yml:3:25: PB113 'roadmap_statuses[1].meaning'" in result.stderr
    assert "Traceback" not in result.stderr


# ---- What the vocabulary decides ---------------------------------------------------------------


def test_ids_unique_per_kind_let_a_theme_share_a_teams_id(minimal: Path) -> None:
    edit(minimal, "data/themes.yml", "id: essentials", "id: core")
    for item in ("fast-search", "offline-mode", "saved-filters"):
        edit(minimal, f"data/roadmap/{item}.yml", "theme: essentials", "theme: core")
    assert [r for r in rules_of(minimal) if r[0] == "PB201"] == [("PB201", "data/themes.yml", 2)]
    write(minimal, VOCAB, "id_scope: per-kind\n")
    assert rules_of(minimal) == []


def test_per_kind_ids_still_refuse_two_of_the_same_kind(minimal: Path) -> None:
    write(minimal, VOCAB, "id_scope: per-kind\n")
    edit(
        minimal,
        "data/themes.yml",
        "themes:\n",
        "themes:\n  - {id: essentials, name: Twice, description: Again., owner: core}\n",
    )
    assert ("PB201", "data/themes.yml", 3) in rules_of(minimal)


def test_github_owners_where_the_vocabulary_allows_them(minimal: Path) -> None:
    edit(minimal, "data/roadmap/offline-mode.yml", "owner: core", "owner: '@example/storage-sig'")
    assert ("PB113", "data/roadmap/offline-mode.yml", 8) in rules_of(minimal)
    write(minimal, VOCAB, "owners: [team, github-team]\n")
    assert rules_of(minimal) == []
    pb = load_playbook(read_settings(minimal)).playbook
    codeowners = render_codeowners(pb, read_settings(minimal))
    assert "/data/roadmap/offline-mode.yml @example/storage-sig" in codeowners
    edit(minimal, "data/roadmap/offline-mode.yml", "'@example/storage-sig'", "'@someone'")
    assert ("PB113", "data/roadmap/offline-mode.yml", 8) in rules_of(minimal)


def test_optional_keys_may_be_left_out(minimal: Path) -> None:
    edit(minimal, "data/roadmap/offline-mode.yml", "problem: Basements have no signal.\n", "")
    edit(minimal, "data/roadmap/offline-mode.yml", "metrics: [adoption]\n", "")
    assert [r[0] for r in rules_of(minimal)] == ["PB110", "PB110"]
    write(minimal, VOCAB, "optional_keys:\n  roadmap-item: [problem, metrics]\n")
    assert rules_of(minimal) == []
    item = load_playbook(read_settings(minimal)).playbook.roadmap["offline-mode"]
    assert (item.problem, item.metrics) == ("", ())


def test_only_keys_that_may_be_optional_can_be_made_so(minimal: Path) -> None:
    write(minimal, VOCAB, "optional_keys:\n  roadmap-item: [title]\n")
    with pytest.raises(ConfigError, match=r"'optional_keys.roadmap-item\[0\]' must be one of"):
        read_settings(minimal)


def test_an_entry_type_can_require_a_roadmap_item(minimal: Path) -> None:
    text = (minimal / "data/releases/1.0.0.yml").read_text(encoding="utf-8")
    types = sorted(set(re.findall(r"type: ([a-z-]+)", text)))
    write(
        minimal,
        VOCAB,
        "entry_types:\n"
        + "".join(
            f"  - {{id: {t}, heading: {t.capitalize()}, requires_item: true}}\n"
            for t in DEFAULT.entry_type_ids
        ),
    )
    found = [r for r in rules_of(minimal) if r[0] == "PB410"]
    uncited = [
        e for r in load_playbook(read_settings(minimal)).playbook.releases for e in r.entries
    ] + list(load_playbook(read_settings(minimal)).playbook.unreleased)
    expected = sorted(
        ("PB410", e.origin.path, e.origin.at("type").line) for e in uncited if not e.items
    )
    assert types
    assert sorted(found) == expected


def test_related_items_must_exist_and_imply_no_order(minimal: Path) -> None:
    edit(
        minimal,
        "data/roadmap/offline-mode.yml",
        "processes: []",
        "processes: []\nrelated: [fast-search, nowhere]",
    )
    assert rules_of(minimal) == [("PB301", "data/roadmap/offline-mode.yml", 12)]
    edit(minimal, "data/roadmap/offline-mode.yml", ", nowhere]", "]")
    assert rules_of(minimal) == []
    # fast-search and offline-mode relate both ways: no cycle (only depends_on orders items)
    edit(
        minimal, "data/roadmap/fast-search.yml", "processes:", "related: [offline-mode]\nprocesses:"
    )
    assert rules_of(minimal) == []


# ---- Whatever the file holds: a vocabulary or one error, never a crash -------------------------

BASE: dict[str, Any] = yaml.safe_load(
    (SITES / "infra" / "project" / "vocabulary.yml").read_text(encoding="utf-8")
)
WORDS = (
    "open", "done", "dropped", "draft", "active", "retired", "major", "none", "team",
    "github-team", "per-kind", "global", "process", "template", "roadmap-item", "release",
    "summary", "problem", "id", "heading", "order", "meaning", "label", "colour", "#12ab9f",
    "known-issues", "operators", "a: b: c", "`x`", "[", "*", "@org/team", "{{ config }}",
    "<script>", "", " ", "é", "yes", "2026-01-05", "1.10",
)  # fmt: skip
leaves = st.one_of(
    st.sampled_from(WORDS),
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=10_000_000),
    st.text(max_size=12),
)
values = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), children, max_size=4
        ),
    ),
    max_leaves=20,
)
mutated = st.builds(
    lambda drop, changes: {**{k: v for k, v in BASE.items() if k not in drop}, **changes},
    st.sets(st.sampled_from(sorted(BASE)), max_size=4),
    st.dictionaries(
        st.sampled_from([*sorted(BASE), "nme", "labels", "stages"]), values, max_size=3
    ),
)
texts = st.one_of(
    st.text(max_size=200),
    mutated.map(lambda d: yaml.safe_dump(d, allow_unicode=True, sort_keys=False)),
    st.lists(st.sampled_from(["name: ", "- ", "{", "}", "[", "]", ": ", "\n", "  ", "&a ", "*a",
                              "!!python/object:os.system ", "id: x", "meaning: open"]),
             max_size=30).map("".join),
)  # fmt: skip


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_file_gives_a_vocabulary_or_one_error_with_lines(
    tmp_path_factory: Any, text: str
) -> None:
    root = tmp_path_factory.mktemp("v")
    path = root / "vocabulary.yml"
    path.write_text(text, encoding="utf-8")
    try:
        vocab: Vocabulary | VocabularyError = load_vocabulary(path, "data/vocabulary.yml")
    except VocabularyError as error:
        vocab = error
    if isinstance(vocab, VocabularyError):
        assert vocab.findings
        lines = text.count("\n") + 2
        for finding in vocab.findings:
            assert finding.rule in CATALOGUE
            assert finding.path == "data/vocabulary.yml"
            assert 1 <= finding.line <= lines + 1
        assert str(vocab).startswith("the vocabulary file has")
        return
    assert isinstance(vocab, Vocabulary)
    # Whatever was accepted must be usable: schemas build, compile and validate.
    built = schemas.schemas_for(vocab)
    entry = {"type": vocab.entry_type_ids[0], "text": "x", "audience": [vocab.audiences[0]]}
    assert schemas.validate("release-entry", entry, Marks("e.yml"), vocab=vocab) == []
    assert set(built) == set(schemas.NAMES)
    assert vocab.done_status in vocab.status_ids
    assert vocab.first_status in vocab.status_ids
    assert vocab.draft_status in vocab.page_status_ids


def test_hostile_words_in_the_vocabulary_stay_text(minimal: Path, tmp_path: Path) -> None:
    """Headings, labels and the name are the organisation's text: escaped everywhere, never
    markup, never a template."""
    write(
        minimal,
        VOCAB,
        'name: "<b>Acme</b> {{ config }} *star* [x](y)"\n'
        "entry_types:\n"
        '  - {id: feature, heading: "New <script>alert(1)</script> `features` *now*"}\n'
        '  - {id: security, heading: "Security: a | b"}\n'
        "labels:\n"
        '  later: "Later <i>maybe</i> & {% raw %}"\n'
        '  users: "Users [all](javascript:alert(1))"\n',
    )
    assert [f.format() for f in check(minimal).findings] == []
    commit_all(minimal)
    out = tmp_path / "out"
    result = mkdocs_build(minimal, out)
    assert result.returncode == 0, result.stderr
    release = (out / "releases/1.1.0/index.html").read_text(encoding="utf-8")
    index = (out / "releases/index.html").read_text(encoding="utf-8")
    board = (out / "roadmap/index.html").read_text(encoding="utf-8")
    built = release + index + board
    assert "<script>alert(1)</script>" not in built
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in release
    assert "<b>Acme</b>" not in index
    assert "&lt;b&gt;Acme&lt;/b&gt; {{ config }} *star* [x](y)" in index
    assert "Later &lt;i&gt;maybe&lt;/i&gt; &amp; &#123;% raw %&#125;" in board
    assert 'href="javascript:' not in built


def test_a_release_that_moves_less_than_its_entries_call_for(minimal: Path) -> None:
    """1.1.0 holds a feature (minor) and a security fix (patch): a minor release is enough."""
    assert rules_of(minimal) == []
    write(
        minimal,
        VOCAB,
        "versioning: semver\n"
        "entry_types:\n"
        "  - {id: feature, heading: Features, semver: major}\n"
        "  - {id: security, heading: Security, semver: patch}\n"
        "  - {id: fix, heading: Fixes, semver: patch}\n",
    )
    (finding,) = check(minimal).findings
    assert finding.format() == (
        "data/releases/1.1.0.yml:1:10: PB411 release 1.1.0 is a minor release after 1.0.0, but "
        "its 'feature' entries call for a major release"
    )
    edit(minimal, VOCAB, "versioning: semver", "versioning: free")
    assert rules_of(minimal) == []  # versions need only increase
    edit(minimal, VOCAB, "versioning: free", "versioning: semver")
    edit(minimal, VOCAB, "semver: major", "semver: none")
    assert rules_of(minimal) == []
