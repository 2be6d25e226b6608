"""Property tests: whatever a contributor types, the checker answers with findings, never a crash.

Hypothesis feeds arbitrary text, arbitrary YAML structures and arbitrary front matter and bodies to
the YAML reader, the page splitter, the body scanner and a whole sample site. Every result must be
a plain value or a list of well-formed findings: a catalogued rule, a line inside the file.

Two crashes the corpus already pins (as strict xfails) are kept out of the generators so these
properties keep guarding everything else; put them back once the checker is fixed:
- an explicit `!!float` tag on text (corpus case `explicit-float-tag-on-text`);
- a link whose host starts with `[` (corpus case `malformed-url-in-link`).
Likewise, lines are bounded the way YAML counts them (see `_last_line`).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from helpers import SITES, check
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.core import vocabulary
from plugins.core.findings import Finding, Severity
from plugins.core.markdown import scan_body, split_page
from plugins.core.rules import CATALOGUE
from plugins.core.yamlio import parse_yaml, standard_values

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

FAST = settings(max_examples=400, deadline=None)
SITE = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---- Strategies -------------------------------------------------------------------------------

#: Fragments that YAML treats specially; joined at random they reach the reader's edge cases.
YAML_TOKENS = (
    "id", "title", "a", ":", ": ", " ", "  ", "\n", "- ", "[", "]", "{", "}", ", ", "&x ", "*x",
    "!!python/object/apply:os.system ", "!!str ", "!!int ", "!!bool ", "!!null ", "!!timestamp ",
    "!!binary ", "!!set ", "!!omap ", "!custom ", "\t", "yes", "no", "on", "off", "~", "null",
    "1.10", "0x1F", "0b_", "017", "1:30", "2026-02-30", "2026-01-05", "2026-01-05 10:00:00",
    ".inf", "-.inf", ".nan", "<<: ", "---\n", "...\n", "# c", "'", '"', "|\n", ">-\n", "? ",
    "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "\ufeff", "\r\n", "\x85", "\u2028", "é", "\x00",
)  # fmt: skip

#: Fragments of Markdown: headings, fences, links (with safe targets), attributes, HTML.
BODY_TOKENS = (
    "# ", "## ", "### ", "####### ", "Purpose", "When to use", "Steps", "Roles", "Outputs",
    "How to use", "Template", "\n", " ", "text", "[a](", "![img](", "launch.md", "review.md#steps",
    "../templates/checklist.md#how-to-use", "#roles", "missing.md", "../index.md", "pic.png",
    "https://example.org/x.md", "mailto:ops@example.org", "<launch.md>", ' "title"', ")", "`",
    "```", "~~~", "    ", " {#custom}", "{: .note }", "<b>", "</b>", "**", "*", "\\]", "---",
    "{{ link('launch') }}", "é", "\t", "\r",
)  # fmt: skip


def _joined(tokens: tuple[str, ...], max_size: int = 40) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(tokens), max_size=max_size).map("".join)


yamlish_text = st.one_of(st.text(), _joined(YAML_TOKENS))
body_text = st.one_of(st.text(), _joined(BODY_TOKENS, 60))

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=12), children, max_size=4),
    ),
    max_leaves=25,
)

#: Values that mean something in the minimal site, so generated content reaches the deep checks.
SITE_WORDS = (
    "core", "ops", "pm", "lead", "essentials", "fast-search", "saved-filters", "offline-mode",
    "launch", "review", "checklist", "adoption", "ship-time", "tracker", "missing", "2026-Q4",
    "2027-Q3", "1.0.0", *vocabulary.DEFAULT.status_ids, *vocabulary.DEFAULT.horizons,
    *vocabulary.DEFAULT.page_status_ids, *vocabulary.DEFAULT.stages,
)  # fmt: skip
site_values = st.one_of(
    st.sampled_from(SITE_WORDS),
    st.lists(st.sampled_from(SITE_WORDS), max_size=3),
    st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2028, 12, 31)),
    st.integers(min_value=-10, max_value=1000),
    structures,
)


def _mutated(base: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """`base` with some keys dropped, some values replaced and some unknown keys added."""
    keys = sorted(base)
    return st.builds(
        lambda drop, changes: {
            **{k: v for k, v in base.items() if k not in drop},
            **changes,
        },
        st.sets(st.sampled_from(keys), max_size=3),
        st.dictionaries(
            st.one_of(st.sampled_from([*keys, "ownr", "notes"]), st.text(max_size=8)),
            site_values,
            max_size=4,
        ),
    )


def _dump(value: Any) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False)


# ---- Invariants -------------------------------------------------------------------------------


_YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _last_line(text: str) -> int:
    """The highest line a finding in `text` may name.

    Lines are counted as YAML counts them, plus one for libyaml's end of stream. The stricter
    rule, editor lines, is pinned by the corpus cases `unicode-line-separator-in-quoted-value`
    and `syntax-error-on-last-line-without-newline` (strict xfails until the checker is fixed).
    """
    return len(_YAML_BREAK.findall(text)) + 2


def assert_well_formed(findings: list[Finding], max_line: int | None = None) -> None:
    """Every finding names a catalogued rule, a severity and a real position."""
    for finding in findings:
        assert finding.rule in CATALOGUE, finding.format()
        assert isinstance(finding.severity, Severity), finding.format()
        assert finding.severity is not Severity.IGNORE, finding.format()
        assert finding.line >= 1, finding.format()
        assert finding.location.col >= 1, finding.format()
        assert finding.message, finding.format()
        if max_line is not None:
            assert finding.line <= max_line, finding.format()


def assert_plain(value: Any) -> None:
    """A parsed value holds only what the schemas expect: no dates, no constructed objects."""
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            assert_plain(item)
    elif isinstance(value, list):
        for item in value:
            assert_plain(item)
    else:
        assert value is None or isinstance(value, str | bool | int | float), type(value)


def _normalised(value: Any) -> Any:
    """What the reader returns for a safe-dumped value: dates as ISO text, NaN made comparable."""
    if isinstance(value, dict):
        return {key: _normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalised(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return value


# ---- The YAML reader --------------------------------------------------------------------------


@FAST
@given(yamlish_text)
def test_any_text_parses_to_a_value_or_findings(text: str) -> None:
    """No data file, however mangled, makes the YAML reader raise."""
    parsed = parse_yaml(text, "f.yml")
    assert_well_formed(parsed.findings, max_line=_last_line(text))
    if parsed.ok:
        assert_plain(parsed.value)
    else:
        assert parsed.value is None or parsed.findings[0].rule == "PB104"


@FAST
@given(structures)
def test_dumped_structures_read_back_unchanged(value: Any) -> None:
    """Plain YAML written by a tool reads back as the same data, with dates kept as text."""
    # ASCII output: with allow_unicode PyYAML itself writes a raw NEL that reads back as a space.
    text = yaml.safe_dump(value)
    parsed = parse_yaml(text, "f.yml")
    assert_well_formed(parsed.findings, max_line=_last_line(text))
    assert parsed.findings == []
    assert_plain(parsed.value)
    assert _normalised(parsed.value) == _normalised(value)


@FAST
@given(st.one_of(yamlish_text, structures.map(yaml.safe_dump)))
def test_a_standard_read_is_what_a_standard_yaml_loader_reads(text: str) -> None:
    """The build hands MkDocs the front matter values we read instead of letting it parse them
    again: whenever we say they are standard, they must be exactly what PyYAML's loader reads."""
    parsed = parse_yaml(text, "f.yml")
    if not parsed.standard:
        return
    ours = standard_values(parsed.value, parsed.marks.dates)
    theirs = yaml.load(text, Loader=yaml.CSafeLoader)  # as MkDocs reads front matter
    assert _same(ours, theirs)


def _same(a: Any, b: Any) -> bool:
    """Equal, with the same types all the way down (NaN equals NaN)."""
    if type(a) is not type(b) and not (isinstance(a, str) and isinstance(b, str)):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


@FAST
@given(st.integers(min_value=0, max_value=200), yamlish_text)
def test_front_matter_lines_are_shifted_by_the_offset(offset: int, text: str) -> None:
    """Front matter findings name the page line: every line moves by exactly the offset."""
    plain = parse_yaml(text, "f.yml")
    shifted = parse_yaml(text, "f.yml", line_offset=offset)
    assert [(f.rule, f.line + offset) for f in plain.findings] == [
        (f.rule, f.line) for f in shifted.findings
    ]


# ---- Pages ------------------------------------------------------------------------------------


def _check_split(text: str) -> None:
    split = split_page(text, "p.md")
    assert isinstance(split.meta, dict)
    assert text.endswith(split.body)
    assert split.body_line == text[: len(text) - len(split.body)].count("\n") + 1
    assert_well_formed(split.findings, max_line=_last_line(text))
    assert_plain(split.meta)
    _check_scan(split.body, split.body_line)


def _check_scan(body: str, first_line: int) -> None:
    headings, links = scan_body(body, first_line)
    last = first_line + body.count("\n")
    assert len({h.anchor for h in headings}) == len(headings), "anchors must be unique"
    for heading in headings:
        assert 1 <= heading.level <= 6
        assert first_line <= heading.line <= last
    for link in links:
        assert first_line <= link.line <= last
        assert link.col >= 1


@FAST
@given(st.one_of(yamlish_text, body_text, st.builds("---\n{}".format, yamlish_text)))
def test_any_page_text_splits_without_raising(text: str) -> None:
    """Any page, even one whose front matter is garbage or never closed, splits cleanly."""
    _check_split(text)


@FAST
@given(
    st.one_of(st.dictionaries(st.text(max_size=12), structures, max_size=6), structures),
    body_text,
)
def test_front_matter_and_body_split_without_raising(meta: Any, body: str) -> None:
    """Front matter of any shape, followed by any body, gives metadata or findings."""
    _check_split(f"---\n{_dump(meta)}---\n{body}")


@FAST
@given(body_text, st.integers(min_value=1, max_value=10_000))
def test_any_body_scans_without_raising(body: str, first_line: int) -> None:
    """Headings and links are found in any body, with unique anchors and lines inside it."""
    _check_scan(body, first_line)


# ---- A whole site -----------------------------------------------------------------------------

ROADMAP_FILE = "data/roadmap/offline-mode.yml"
PROCESS_FILE = "playbook/processes/review.md"


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    _, meta, body = text.split("---\n", 2)
    return yaml.safe_load(meta), body


BASE_ITEM: dict[str, Any] = yaml.safe_load((SITES / "minimal" / ROADMAP_FILE).read_text("utf-8"))
BASE_META, BASE_BODY = _front_matter((SITES / "minimal" / PROCESS_FILE).read_text("utf-8"))

roadmap_files = st.one_of(
    _mutated(BASE_ITEM).map(_dump),
    structures.map(_dump),
    yamlish_text,
)
process_pages = st.one_of(
    st.builds(
        "---\n{}---\n{}".format,
        _mutated(BASE_META).map(_dump),
        st.one_of(st.just(BASE_BODY), body_text),
    ),
    yamlish_text,
    body_text,
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the minimal site for every example; each example restores what it changes."""
    root = tmp_path_factory.mktemp("properties") / "site"
    shutil.copytree(SITES / "minimal", root)
    return root


@contextmanager
def replaced(path: Path, text: str) -> Iterator[None]:
    original = path.read_bytes()
    path.write_text(text, encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)


def assert_site_findings(root: Path) -> None:
    """Check the site; every finding must point at a line of an existing file."""
    findings = check(root).findings
    assert findings == sorted(findings, key=Finding.sort_key)
    for finding in findings:
        path = root / finding.path
        assert path.is_file(), finding.format()
        lines = _last_line(path.read_text(encoding="utf-8", errors="replace"))
        assert_well_formed([finding], max_line=lines)


def test_the_untouched_site_has_no_findings(site: Path) -> None:
    """The properties start from a clean site, so every finding comes from generated content."""
    assert check(site).findings == []


@SITE
@given(roadmap_files)
def test_any_roadmap_item_gives_findings_not_a_crash(site: Path, text: str) -> None:
    """A roadmap item with any content is reported through findings by the full check."""
    with replaced(site / ROADMAP_FILE, text):
        assert_site_findings(site)


@SITE
@given(process_pages)
def test_any_process_page_gives_findings_not_a_crash(site: Path, text: str) -> None:
    """A process page with any front matter and body is reported through findings."""
    with replaced(site / PROCESS_FILE, text):
        assert_site_findings(site)
