"""Reading Markdown pages: front matter, headings (with the anchors MkDocs gives them) and links.

Front matter is found with python-frontmatter's YAML handler and parsed with our own YAML reader,
so an invalid block is reported with its line instead of leaking into the page as MkDocs would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frontmatter.default_handlers import YAMLHandler

from plugins.core import rules
from plugins.core.findings import Finding, Location
from plugins.core.mdconfig import MarkdownConfig
from plugins.core.model import MacroCall
from plugins.core.pagescan import scanner_for
from plugins.core.yamlio import Marks, parse_yaml

if TYPE_CHECKING:
    from plugins.core.model import Heading, Link

_HANDLER = YAMLHandler()


@dataclass(frozen=True, slots=True)
class SplitPage:
    """A page split into its front matter (parsed) and its body."""

    meta: dict[str, Any]
    marks: Marks
    body: str
    body_line: int
    findings: list[Finding]
    #: The front matter's YAML, from the line after the opening `---` to the closing one.
    yaml: str = ""
    #: `meta` is what a standard YAML loader reads from `yaml` (see `yamlio.Parsed.standard`).
    standard: bool = False


def split_page(text: str, rel: str) -> SplitPage:
    """Separate and parse the front matter of a page. Pages need not have any."""
    marks = Marks(rel)
    if not _HANDLER.detect(text):
        return SplitPage({}, marks, text, 1, [])
    try:
        fm_text, body = _HANDLER.split(text)
    except ValueError:
        return SplitPage(
            {},
            marks,
            text,
            1,
            [
                rules.YAML_SYNTAX.at(
                    Location(rel, 1, 1),
                    "front matter starts with '---' but is never closed",
                    "End the front matter with a line holding only '---'.",
                )
            ],
        )
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    parsed = parse_yaml(fm_text, rel, empty_ok=True)
    if parsed.findings and parsed.value is None:
        return SplitPage({}, parsed.marks, body, body_line, parsed.findings)
    meta = parsed.value if parsed.value is not None else {}
    if not isinstance(meta, dict):
        finding = rules.WRONG_TYPE.at(
            Location(rel, 2, 1), "front matter must be a mapping of keys to values"
        )
        return SplitPage({}, parsed.marks, body, body_line, [finding])
    yaml_text = fm_text[1:] if fm_text.startswith("\n") else fm_text
    standard = parsed.standard and parsed.value is not None
    found = [*parsed.findings, *parsed.notes]  # notes refuse nothing: the page is read as is
    return SplitPage(meta, parsed.marks, body, body_line, found, yaml_text, standard)


def scan_body(body: str, first_line: int) -> tuple[tuple[Heading, ...], tuple[Link, ...]]:
    """Headings (with the anchors `toc` gives them) and links of a body, read as MkDocs reads
    them with its built-in extensions (see `plugins.core.pagescan` for the site's own)."""
    scanned = scanner_for(MarkdownConfig()).scan(body, first_line)
    return scanned.headings, scanned.links


def first_heading(headings: tuple[Heading, ...]) -> str | None:
    for heading in headings:
        if heading.level == 1:
            return heading.text
    return None


_MACRO_CALL_RE = re.compile(r"\b([a-z_]+)\(\s*([\"'])([^\"'\n]*)\2")
_EXPRESSION_RE = re.compile(r"\{\{(.*?)\}\}")
_RAW_RE = re.compile(r"\{%-?\s*raw\s*-?%\}")
_ENDRAW_RE = re.compile(r"\{%-?\s*endraw\s*-?%\}")


def macro_template_error(
    body: str, syntax: tuple[tuple[str, str], ...] = (), extensions: tuple[str, ...] = ()
) -> tuple[int, str] | None:
    """(line in `body`, message) of what stops Jinja2 reading `body` as a template, with
    mkdocs-macros' delimiters and extensions (`syntax`: `Environment` options such as
    `comment_start_string`); None when it parses, or when the extensions cannot be loaded."""
    import jinja2  # only for the few pages that render macros

    try:
        options: dict[str, Any] = dict(syntax)
        env = jinja2.Environment(extensions=list(extensions), **options)
    except (ImportError, AttributeError, TypeError, ValueError):
        return None  # a configuration mkdocs-macros itself reports
    try:
        env.parse(body)
    except jinja2.TemplateSyntaxError as error:
        return (error.lineno or 1), error.message or "not a template"
    return None


def scan_macros(body: str, first_line: int) -> tuple[MacroCall, ...]:
    """Calls like `{{ fact("id") }}` with a first string argument.

    mkdocs-macros renders fenced code too, so fences are scanned; `{% raw %}` blocks are not.
    A call on a table row (a line starting with `|`) carries the row's cells, stripped of
    whitespace and backticks, so checks can compare what an example table says with the data.
    """
    if "{{" not in body:
        return ()
    calls: list[MacroCall] = []
    raw = False
    for offset, line in enumerate(body.split("\n")):
        if raw:
            raw = _ENDRAW_RE.search(line) is None
            continue
        if _RAW_RE.search(line):
            raw = _ENDRAW_RE.search(line) is None
            line = _RAW_RE.split(line, maxsplit=1)[0]
        if "{{" not in line:
            continue
        stripped = line.strip()
        cells: tuple[str, ...] = ()
        if stripped.startswith("|"):
            cells = tuple(c.strip().strip("`").strip() for c in stripped.strip("|").split("|"))
        calls.extend(
            MacroCall(call.group(1), call.group(3), first_line + offset, cells)
            for expression in _EXPRESSION_RE.finditer(line)
            for call in _MACRO_CALL_RE.finditer(expression.group(1))
        )
    return tuple(calls)
