"""`parse_yaml` reads documents of the common simple shape (`key: word`, `key: "quoted"`,
`key: [a, b]`, nested mappings, lists of words, lists of mappings) without libyaml. Whatever the text, what it gives must be exactly what
the full path gives: the values (types included: a date, a number, a boolean, text), the dates'
key paths, the findings and the notes."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.core import yamlio

_WORDS = [
    "yes",
    "No",
    "ON",
    "off",
    "y",
    "n",
    "null",
    "Null",
    "~",
    "true",
    "False",
    "1",
    "-1",
    "+1",
    "0",
    "01",
    "0x1F",
    "0o17",
    "1_000",
    "1:30",
    "1.5",
    "-2.25",
    "1.",
    "1e3",
    ".inf",
    ".NaN",
    "2026-01-05",
    "2026-02-30",
    "2026-1-5",
    "2026-01-05 10:00",
    "2026-01-05T10:00:00Z",
    "=",
    "<<",
    "-",
    "- x",
    "-x",
    "--",
    "---",
    "...",
    "a: b",
    "a:b",
    "a:",
    "a #b",
    "a#b",
    "http://x.org/a?b=c",
    "don't",
    '"quoted"',
    "'single'",
    "`code`",
    "[x]",
    "a [b]",
    "{a}",
    "*alias",
    "&anchor",
    "!tag",
    "!!str 1",
    "%",
    "@me",
    "|",
    ">",
    "?",
    "? x",
    ": x",
    "a, b",
    "é—ü",
    "a\u00a0b",
    "a\u2028b",
    "a\x85b",
    "a\tb",
    "\ufeffa",
    "x\\y",
    "1.0.0",
    "2027-Q4",
]
_PLAIN = ["a", "Plain text, with a comma", "pm", "2026-Q4", "x-y_z", "it's 50% done", "A (b) c."]
_ALPHABET = st.sampled_from(list("abcXYZ019 -_:.,#'\"[]{}&*!|>%@`?~=<\\\té\u00a0\u2028\x85\r"))
#: Mostly text the fast path reads, so that a document with one odd value still often has only
#: that one (a document with two is read by libyaml whatever the odd value does).
_TEXT = st.text(_ALPHABET, min_size=0, max_size=12)
_SCALAR = st.one_of(
    st.sampled_from(_PLAIN),
    st.sampled_from(_PLAIN),
    st.sampled_from(_PLAIN),
    st.sampled_from(_WORDS),
    _TEXT,
    _TEXT.map(lambda text: f'"{text}"'),
    _TEXT.map(lambda text: f"'{text}'"),
)
_KEY = st.sampled_from(
    ["id", "title", "status", "a", "b", "yes", "null", "On", "key_1", "x-y", "_k", "1", "a b"]
)


def _flow(items: list[str]) -> str:
    return "[" + ", ".join(items) + "]"


@st.composite
def _documents(draw: Any, depth: int = 0) -> list[str]:
    """Lines of a mapping (not indented)."""
    lines: list[str] = []
    for key in draw(st.lists(_KEY, min_size=1, max_size=5)):
        kind = draw(
            st.sampled_from(
                ["scalar", "flow", "empty", "map", "seq", "entries"]
                if depth < 3
                else ["scalar", "flow", "empty"]
            )
        )
        pad = draw(st.sampled_from(["", " ", "  "]))
        if kind == "scalar":
            lines.append(f"{key}: {draw(_SCALAR)}{pad}")
        elif kind == "flow":
            lines.append(f"{key}: {_flow(draw(st.lists(_SCALAR, max_size=4)))}{pad}")
        elif kind == "empty":
            lines.append(f"{key}:{pad}")
        elif kind == "map":
            indent = " " * draw(st.integers(1, 4))
            lines.append(f"{key}:")
            lines.extend(indent + line if line else line for line in draw(_documents(depth + 1)))
        elif kind == "seq":
            indent = " " * draw(st.integers(0, 3))
            lines.append(f"{key}:")
            lines.extend(
                f"{indent}- {item}" for item in draw(st.lists(_SCALAR, min_size=1, max_size=4))
            )
        else:  # a list of mappings (and now and then of words), as a release's entries
            indent = " " * draw(st.integers(0, 3))
            lines.append(f"{key}:")
            for _ in range(draw(st.integers(1, 3))):
                if draw(st.integers(0, 4)) == 0:
                    lines.append(f"{indent}- {draw(_SCALAR)}")
                    continue
                dash = f"-{' ' * draw(st.integers(1, 2))}"
                first, *rest = draw(_documents(depth + 1))
                # Now and then a line one column off: the fast path must refuse it as libyaml does.
                shift = draw(st.sampled_from([0, 0, 0, 0, 0, 0, -1, 1]))
                inner = " " * (len(indent) + len(dash) + shift)
                lines.append(f"{indent}{dash}{first}")
                lines.extend(inner + line if line else line for line in rest)
        if draw(st.booleans()):
            lines.append(draw(st.sampled_from(["", "  ", "# note", "  more text", "...", "---"])))
    return lines


def _same(a: Any, b: Any) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and a != a:
        return b != b
    return bool(a == b)


def _agree(text: str) -> None:
    fast = yamlio.parse_yaml(text, "data/x.yml", line_offset=1)
    full = yamlio.parse_yaml_fully(text, "data/x.yml", line_offset=1)
    assert _same(fast.value, full.value), (text, fast.value, full.value)
    assert fast.findings == full.findings
    assert fast.notes == full.notes
    assert fast.standard == full.standard
    assert fast.marks.dates == full.marks.dates
    assert (fast.marks.text, fast.marks.offset) == (full.marks.text, full.marks.offset)
    if full.ok and full.value is not None:
        assert fast.marks.values == full.marks.values  # positions, computed on demand


@settings(max_examples=1500, deadline=None)
@given(
    lines=_documents(),
    newline=st.sampled_from(["\n", "\n\n"]),
    end=st.sampled_from(["", "\n", "\n  \n"]),
)
def test_the_fast_path_reads_what_libyaml_reads(lines: list[str], newline: str, end: str) -> None:
    _agree(newline.join(lines) + end)


@settings(max_examples=500, deadline=None)
@given(
    parts=st.lists(
        st.text(_ALPHABET, max_size=6) | st.sampled_from(["\n", ": ", "- ", "key: ", "  ", "a:\n"]),
        max_size=20,
    )
)
def test_any_text_reads_the_same(parts: list[str]) -> None:
    _agree("".join(parts))


def test_every_odd_word_in_every_place_reads_the_same() -> None:
    for word in [*_WORDS, *_PLAIN, *(f"a{c}b" for c in "-_:.,#'\"[]{}&*!|>%@`?~=<\\")]:
        for text in (
            f"key: {word}\n",
            f"key: [{word}]\n",
            f"key: [a, {word}, b]\n",
            f"key:\n  - {word}\n",
            f"key:\n- {word}\nnext: 1\n",
            f"{word}: x\n",
            f"outer:\n  key: {word}\n  other: {word}\n",
            f"key: a\n  {word}\n",
        ):
            _agree(text)


def test_the_simple_shape_takes_the_fast_path() -> None:
    """Otherwise the property tests above would compare libyaml with itself."""
    text = (
        "id: a\ntitle: Text with don't and 50%\nlast_reviewed: 2026-01-05\ncount: 3\n"
        "ratio: 1.5\nready: yes\nnothing:\nraci:\n  responsible: [pm, lead]\n  accountable: []\n"
        "tags:\n  - x\n  - 2026-02-01\n"
    )
    assert yamlio._simple_document(text) is not None
    _agree(text)


def test_release_shaped_documents_take_the_fast_path() -> None:
    """A release file: quoted text with YAML's punctuation in it, and a list of flat mappings
    whose keys hold words, quoted text and flow lists (its first key on the dash line)."""
    text = (
        'version: "1.0.0"\ndate: 2024-11-26\nsummary: New assets, and fixes.\nentries:\n'
        "  - type: feature\n    text: Dispatchers can now use [mobile] reports.\n"
        "    items: []\n    audience: [developers, admins]\n"
        '  - type: fix\n    text: "The `/v2/a` *b* @c: [d] parameter is deprecated; use e."\n'
        "    items: [a-b, 2026-01-05]\n    audience: [everyone]\n"
        "  -   type: security\n      text: 'It''s fixed'\n      items:\n      - x\n"
        "  - type: feature\n    text: 'Say \"hi\" to `code`: ok'\n    items:\n"
        "unreleased:\n- a\n- b: 1\n  c:\n    d: 2\n"
    )
    # The doubled quote in 'It''s fixed' is an escape: that one document takes the full path.
    assert yamlio._simple_document(text) is None
    text = text.replace("'It''s fixed'", "'Its fixed'")
    simple = yamlio._simple_document(text)
    assert simple is not None
    assert simple[0]["entries"][1] == {
        "type": "fix",
        "text": "The `/v2/a` *b* @c: [d] parameter is deprecated; use e.",
        "items": ["a-b", "2026-01-05"],
        "audience": ["everyone"],
    }
    assert simple[0]["entries"][2]["items"] == ["x"]
    assert simple[0]["entries"][3] == {
        "type": "feature",
        "text": 'Say "hi" to `code`: ok',
        "items": None,
    }
    assert simple[0]["unreleased"] == ["a", {"b": 1, "c": {"d": 2}}]
    assert simple[1] == [("date",), ("entries", 1, "items", 1)]
    _agree(text)


def test_the_repository_content_reads_the_same() -> None:
    root = Path(__file__).resolve().parent.parent
    for path in [
        *root.joinpath("data").rglob("*.yml"),
        *root.joinpath("tests/sites").rglob("*.yml"),
    ]:
        _agree(path.read_text(encoding="utf-8"))


def test_a_line_reads_the_same_wherever_it_recurs() -> None:
    """The fast path remembers what each line holds across documents (most lines recur): a line
    met first in one place, or in a document it refuses, still reads as libyaml reads it in
    another place and in the next document."""
    lines = [
        "key: ~",
        "key:",
        "key: null",
        "  - a",
        "- a",
        "- 2026-01-05",
        "  key: [a, 2026-01-05]",
        "key: 2026-01-05",
        "yes: x",
        "a b: c",
        "key: x #y",
        "  nested: 1",
        "- key: a",
        "  - key: [a, 2026-01-05]",
        "  key: 'x'",
        'key: "2026-01-05"',
    ]
    for first, second in itertools.permutations(lines, 2):
        yamlio.forget_memos()
        for text in (f"{first}\n{second}\n", f"{second}\n{first}\n", f"top:\n{first}\n{second}\n"):
            _agree(text)


def test_every_character_the_fast_path_refuses_is_one_libyaml_may_read_otherwise() -> None:
    """The characters that send a document to libyaml, written as one set: exactly the
    characters YAML does not print, plus `#`, `{` and `}` (comments and flow mappings)."""
    printable = re.compile(
        "[\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )
    for code in range(0x110000):
        char = chr(code)
        odd = (
            printable.fullmatch(char) is None
            or char in "#{}\u2028\u2029"
            or 0xD800 <= code < 0xE000
        )
        assert (yamlio._NOT_SIMPLE.search(char) is not None) == odd, hex(code)
