"""Property tests: on any generated page of headings and links, the checker's anchors are the ids
Python-Markdown's `toc` gives the headings, and the fast path (when it accepts a page) reads
exactly what the parser reads."""

from __future__ import annotations

import bisect
import itertools
import re
from urllib.parse import urlsplit

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.core import checks, pagescan
from plugins.core.mdconfig import MarkdownConfig
from plugins.core.pagescan import PageScanner

SITE = MarkdownConfig.from_yaml(
    [
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "footnotes",
        "md_in_html",
        {"toc": {"permalink": True}},
        "pymdownx.superfences",
        "pymdownx.tasklist",
    ]
)
SCANNER = PageScanner(SITE)
#: The same extensions, with `toc` listing only levels 2 and 3.
SHALLOW = PageScanner(
    MarkdownConfig(
        extensions=SITE.extensions,
        configs={**SITE.configs, "toc": {"permalink": True, "toc_depth": "2-3"}},
    )
)

# Heading text: words, the punctuation YAML and Markdown care about, emphasis, code, unicode.
_WORDS = st.sampled_from(
    ["Plan", "can", "I", "really", "do", "it", "café", "Ünïcödé", "2026", "C#", "a-b", "x_y"]
)
_MARKS = st.sampled_from(
    [
        "",
        "_",
        "*",
        "**",
        "`",
        "[",
        "]",
        "(",
        ")",
        "@",
        ": ",
        "&",
        "<",
        ">",
        "!",
        "?",
        ",",
        "--",
        "'",
    ]
)
_TEXT = st.lists(st.tuples(_MARKS, _WORDS, _MARKS), min_size=1, max_size=6).map(
    lambda parts: " ".join(a + w + b for a, w, b in parts)
)
_TARGET = st.sampled_from(
    ["a.md", "b.md#x", "dir/", "people", "../up.md", "#here", "c.md?x=1#y", "my%20page.md", ""]
)


@st.composite
def _line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["atx", "setext", "list-hash", "link", "text", "fence", "blank"]))
    text = draw(_TEXT)
    if kind == "atx":
        return "#" * draw(st.integers(1, 6)) + " " + text
    if kind == "setext":
        return text + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind == "list-hash":
        return "- #" + text.replace(" ", "-")
    if kind == "link":
        return f"{text} [{draw(_WORDS)}]({draw(_TARGET)}) {draw(_WORDS)}"
    if kind == "fence":
        return f"```\n[{text}]({draw(_TARGET)})\n```"
    if kind == "blank":
        return ""
    return text


_PAGE = st.lists(_line(), min_size=1, max_size=12).map(lambda lines: "\n\n".join(lines) + "\n")


def _toc_ids(body: str) -> list[str]:
    md = markdown.Markdown(extensions=list(SITE.extensions), extension_configs=dict(SITE.configs))
    md.convert(body)
    ids: list[str] = []
    stack = list(reversed(md.toc_tokens))  # type: ignore[attr-defined]
    while stack:
        token = stack.pop()
        ids.append(token["id"])
        stack.extend(reversed(token["children"]))
    return ids


@settings(max_examples=150, deadline=None)
@given(_PAGE)
def test_anchors_are_the_ids_toc_gives_the_headings(body: str) -> None:
    scanned = SCANNER.scan(body, 1)
    assert [h.anchor for h in scanned.headings] == _toc_ids(body)


@settings(max_examples=300, deadline=None)
@given(_PAGE)
def test_the_fast_path_reads_what_python_markdown_reads(body: str) -> None:
    _assert_fast_reads_as_exact(SCANNER, body)


def _assert_fast_reads_as_exact(scanner: PageScanner, body: str) -> None:
    fast = scanner.scan(body, 1)
    exact = scanner.scan_exact(body, 1)
    assert (fast.headings, fast.links, fast.other_ids) == (
        exact.headings,
        exact.links,
        exact.other_ids,
    ), body


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["Plain words", "Steps, first!", "Über 2026", "Ask?"]), max_size=8))
def test_plain_pages_take_the_fast_path_and_duplicates_count_up(titles: list[str]) -> None:
    body = "\n\n".join(f"## {t}\n\nSee [x](a.md)." for t in titles) + "\n"
    scanned = SCANNER.scan(body, 1)
    assert not scanned.exact
    assert [h.anchor for h in scanned.headings] == _toc_ids(body)


def test_a_line_reads_the_same_wherever_it_recurs() -> None:
    """The fast path remembers what each line that starts like a block is to it (list items and
    headings recur from page to page): the same line after a blank line and after text (a fence,
    a setext underline), or as a repeated heading, still reads as Python-Markdown reads it."""
    scanner = PageScanner(SITE)
    lines = ["---", "===", "```", "```py", "## Same", "- # x", "- item", "1. Step", "[a](b.md)"]
    for first, second in itertools.permutations(lines, 2):
        for body in (
            f"{first}\n{second}\n",
            f"Text\n{first}\n\n{second}\n```\n",
            f"Text\n\n{first}\n{second}\n\n## Same\n",
        ):
            _assert_fast_reads_as_exact(scanner, body)
    assert not scanner.scan("## Same\n\n- item\n\n## Same\n", 1).exact


@settings(max_examples=150, deadline=None)
@given(_PAGE, st.data())
def test_a_heading_reads_the_same_whether_toc_lists_it_or_not(
    body: str, data: st.DataObject
) -> None:
    """The checker takes a heading's text from `toc` when `toc` listed it, and reads it from the
    tree when it did not (outside `toc_depth`, or listed under a `data-toc-label`): the same."""
    labelled = "\n".join(
        f'{line} {{data-toc-label="Short"}}'
        if line.startswith("#") and data.draw(st.booleans())
        else line
        for line in body.split("\n")
    )
    assert SHALLOW.scan_exact(labelled, 1).headings == SCANNER.scan_exact(body, 1).headings


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from([*"ab./#?:%-_ \t\n\\[]@é\x7f\u00a0\u2028", "//", "http:", "#x", "[::1]"]),
        max_size=10,
    ).map("".join)
)
def test_link_targets_split_as_urlsplit_splits_them(target: str) -> None:
    """The checks split most targets by hand; what they get is what `urlsplit` gives (None:
    external, or not a URL)."""
    try:
        parts = urlsplit(target)
    except ValueError:
        expected = None
    else:
        expected = None if parts.scheme or parts.netloc else (parts.path, parts.fragment)
    assert checks._split(target) == expected


# ---- Where the collector places what the parser found ---------------------------------------------
# The collector finds headings and link targets in the page's source to give them a line and a
# column. These are the straightforward definitions it must agree with: one regular-expression
# search over the whole text, and a table of every line's start.

_REFERENCE_HEADING = re.compile(
    r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)*#|^(?=[^\n]*\S)[^\n]*\n[=-]+ *$", re.MULTILINE
)
_REFERENCE_FENCED = re.compile(
    r"^ *(`{3,}|~{3,})[^\n]*\n.*?^ *\1[`~]* *$", re.DOTALL | re.MULTILINE
)


def _reference_masked(body: str) -> str:
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # noqa: E731
    body = re.sub(r"<!--.*?(?:-->|$)", blank, body, flags=re.DOTALL)
    return _REFERENCE_FENCED.sub(blank, body)


def _reference_line(text: str, position: int) -> tuple[int, int]:
    starts = [0, *(i + 1 for i, c in enumerate(text) if c == "\n")]
    line = bisect.bisect_right(starts, position) - 1
    return line, position - starts[line] + 1


# Lines real pages hold, chosen for what the two kinds of heading, fences and comments share:
# `#` after quotes and list markers, underlines after text, blank and space-only lines, fences
# of several lengths that open and close each other, comments across lines, links.
_SOURCE_LINE = st.sampled_from(
    [
        "# Title",
        "  ## Indented",
        "> # Quoted",
        "- # Listed",
        "1. # Numbered",
        "#hash",
        "Text over an underline",
        "",
        "   ",
        "\t",
        "===",
        "---",
        "- item",
        "-- ",
        "```",
        "```py",
        "  ````",
        "~~~",
        "<!-- hidden [x](a.md) -->",
        "<!--",
        "-->",
        "[a](a.md) and [b](b.md#x)",
        "see a.md",
        "Café ``` inline",
    ]
)
_SOURCE = st.lists(_SOURCE_LINE, max_size=25).map("\n".join)


@settings(max_examples=400, deadline=None)
@given(_SOURCE, st.integers(0, 30))
def test_headings_are_placed_on_the_lines_one_search_finds(body: str, count: int) -> None:
    masked = pagescan._masked(body)
    assert masked == _reference_masked(body)
    expected = [
        10 + _reference_line(masked, m.start())[0] for m in _REFERENCE_HEADING.finditer(masked)
    ][:count]
    expected += [expected[-1] if expected else 10] * (count - len(expected))
    assert pagescan._heading_lines(masked, pagescan._Lines(masked), 10, count) == expected


@settings(max_examples=300, deadline=None)
@given(_SOURCE, st.lists(st.sampled_from(["a.md", "b.md#x", "#fn:1", "nowhere.md", ""])))
def test_links_are_placed_where_the_table_of_line_starts_places_them(
    body: str, targets: list[str]
) -> None:
    masked = pagescan._masked(body)
    placed = pagescan._locate(targets, masked, pagescan._Lines(masked), 5)
    previous = (5, 1)
    seen: dict[str, int] = {}
    expected = []
    for target in targets:  # the same walk, positions from the table
        if not target:
            continue
        needle = "[^1]" if target == "#fn:1" else target
        start = seen.get(needle, 0)
        position = pagescan._find(masked, needle, start)
        if position < 0 and start:
            position = pagescan._find(masked, needle, 0)
        if position >= 0:
            seen[needle] = position + len(needle)
            line, column = _reference_line(masked, position)
            previous = (5 + line, column)
        expected.append((target, *previous))
    assert [(link.target, link.line, link.col) for link in placed] == expected
