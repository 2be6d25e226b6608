"""PB116: unquoted text cut short by what YAML reads as a comment (` #launches`).

YAML ends a plain value at a blank followed by `#`, so `decided in #launches` is read as
`decided in` and the rest vanishes without an error. The default playbook lost three sentences
that way; the check reports it, in data files and front matter alike, and refuses nothing.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from plugins.core import yamlwrite
from plugins.core.yamlio import parse_yaml
from tests.helpers import commit_all, edit, findings_of, mkdocs_build

if TYPE_CHECKING:
    from pathlib import Path


def _notes(text: str) -> list[tuple[int, int, str]]:
    parsed = parse_yaml(text, "data/x.yml")
    return [(n.location.line, n.location.col, n.message) for n in parsed.notes]


def test_a_channel_after_plain_text_is_reported_where_the_text_stops() -> None:
    text = (
        "terms:\n"
        "  - id: go-no-go\n"
        "    definition: The PM decides asynchronously in #launches within a day.\n"
    )
    parsed = parse_yaml(text, "data/glossary.yml")
    # The value is what YAML reads; the document is valid, so nothing is refused.
    assert parsed.value["terms"][0]["definition"] == "The PM decides asynchronously in"
    assert parsed.findings == []
    assert [(n.rule, n.location.line, n.location.col) for n in parsed.notes] == [("PB116", 3, 50)]
    assert parsed.notes[0].message == (
        "terms[0].definition ends at 'The PM decides asynchronously in': "
        "YAML reads '#launches within a day.' as a comment and drops it"
    )


def test_comments_written_as_comments_and_quoted_hashes_are_not_reported() -> None:
    text = (
        "# yaml-language-server: $schema=x.json\n"
        "a: shipped  # a comment, written as one\n"
        "b: shipped #: a doc comment\n"
        'c: "decided in #launches"\n'
        "d: decided in#launches\n"
        "e: |\n"
        "  a block keeps  #everything\n"
        "f: [one, two] #not-text\n"
        "g: 'C# and F#'\n"
        "  # a comment line of its own\n"
    )
    assert _notes(text) == []


def test_a_long_value_is_shown_by_its_end_and_every_cut_is_reported() -> None:
    text = (
        "title: Launch management #draft\n"
        "summary: A very long summary of what this process achieves for everyone involved #wip\n"
    )
    notes = _notes(text)
    assert [line for line, _, _ in notes] == [1, 2]
    assert notes[1][2] == (
        "summary ends at '...rocess achieves for everyone involved': "
        "YAML reads '#wip' as a comment and drops it"
    )


#: Plain text as people write it in a sentence: a word, then words and punctuation.
sentences = st.builds(
    lambda first, rest: (first + rest).strip(),
    st.text(alphabet=string.ascii_letters, min_size=1, max_size=10),
    st.text(alphabet=string.ascii_letters + string.digits + " ,.'()/-", max_size=40),
)


@given(
    sentences,
    st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1, max_size=30),
)
def test_plain_text_before_a_hashtag_is_always_reported(before: str, tag: str) -> None:
    parsed = parse_yaml(f"text: {before} #{tag}\n", "data/x.yml")
    if not isinstance(parsed.value["text"], str):  # `1`, `no`, `1.0`: typed by YAML, not text
        return
    assert parsed.value["text"] == before
    assert [n.rule for n in parsed.notes] == ["PB116"]
    assert f"'#{tag}'" in parsed.notes[0].message


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80))
def test_text_written_by_the_playbook_is_never_reported(value: str) -> None:
    # What `playbook new` and `playbook release entry` write keeps every character.
    document = yamlwrite.dumps({"text": value})
    parsed = parse_yaml(document, "data/x.yml")
    assert parsed.notes == ()


def test_playbook_check_and_the_strict_build_report_it_alike(minimal: Path, tmp_path: Path) -> None:
    edit(
        minimal,
        "data/glossary.yml",
        "    definition: General availability.",
        "    definition: General availability, announced in #product-updates",
    )
    commit_all(minimal)
    assert ("PB116", "data/glossary.yml", 4) in findings_of(minimal)
    built = mkdocs_build(minimal, tmp_path / "out")
    assert built.returncode == 1
    assert "data/glossary.yml:4:52: PB116 terms[0].definition ends at" in built.stderr
