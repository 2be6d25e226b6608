"""Headings, anchors and links of a page exactly as MkDocs renders them.

MkDocs decides what a link is and which anchors a page has by running Python-Markdown with the
site's `markdown_extensions` and walking the resulting tree (every `<a href>` and `<img src>`, every
`id`, plus the ids of raw HTML). The checker does the same thing, with the same parser and the same
configuration, so it cannot disagree by construction: comments hide links, `toc` slugs strip
emphasis, `- #x` is a heading, reference-style links, `attr_list` ids and footnotes all count.

Python-Markdown with a full extension set costs a few milliseconds a page, so plain pages take a
fast path: a line scanner that only accepts a page when every line is one whose meaning it can
decide (plain ATX headings, plain inline links, balanced fences, no HTML, no reference definitions,
no indented links...). Its slugs and unique ids come from the configured `toc` extension itself.
Any page it cannot decide is parsed by Python-Markdown. The tests hold both paths equal on a corpus
of Markdown shapes and on generated text.
"""

from __future__ import annotations

import copy
import html
import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import markdown
from markdown.extensions import Extension
from markdown.extensions import toc as md_toc
from markdown.htmlparser import htmlparser  # type: ignore[attr-defined]
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from plugins.core.mdconfig import MarkdownConfig, MarkdownConfigError, resolve_refs
from plugins.core.model import Heading, Link

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from collections.abc import Set as AbstractSet
    from xml.etree.ElementTree import Element

_HIGHLIGHTERS = frozenset({"pymdownx.highlight", "codehilite", "markdown.extensions.codehilite"})


# ---- The exact path: Python-Markdown with the site's extensions --------------------------------


class _RawHtmlIds(htmlparser.HTMLParser):
    """Ids in raw HTML, which MkDocs also counts as anchors (`id`, and `name` on `<a>`)."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value is not None and (key == "id" or (key == "name" and tag == "a")):
                self.ids.add(value)


class _CollectRawIds(Preprocessor):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def run(self, lines: list[str]) -> list[str]:
        parser = _RawHtmlIds()
        parser.feed("\n".join(lines))
        parser.close()
        self.ids = parser.ids
        return lines


class _CollectTree(Treeprocessor):
    """Links, ids and headings of the converted tree. With a `gate`, only on the conversions it
    is armed for (a builder converts every page, the checks only want some)."""

    def __init__(self, gate: Collector | None = None) -> None:
        super().__init__()
        self.gate = gate
        self.targets: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[tuple[int, str, str]] = []

    def run_empty(self) -> None:
        self.targets = []
        self.ids = set()
        self.headings = []

    def run(self, root: Element) -> None:
        if self.gate is not None and not self.gate.armed:
            return
        self.run_empty()
        names: dict[str, list[str]] | None = None
        for element in root.iter():
            ident = element.get("id")
            if ident:
                self.ids.add(ident)
            tag = element.tag
            if tag == "a":
                name = element.get("name")
                if name:
                    self.ids.add(name)  # an anchor to MkDocs, as in raw HTML
                if "headerlink" not in (element.get("class") or "").split():
                    self.targets.append(element.get("href") or "")
            elif tag == "img":
                self.targets.append(element.get("src") or "")
            elif isinstance(tag, str) and len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
                if names is None:
                    names = _toc_names(self.md)
                listed = names.get(_toc_id(ident)) if ident else None
                text = html.unescape(listed.pop(0)) if listed else _heading_text(element, self.md)
                self.headings.append((int(tag[1]), html.unescape(text), ident or ""))


def _heading_text(element: Element, md: markdown.Markdown) -> str:
    """The heading's text as `toc` reads it: footnote references and permalinks left out."""
    inner = md_toc.remove_fnrefs(element)
    marks = [c for c in inner if c.tag == "a" and "headerlink" in (c.get("class") or "").split()]
    if marks:
        inner = copy.deepcopy(inner)
        for child in list(inner):
            if child.tag == "a" and "headerlink" in (child.get("class") or "").split():
                inner.remove(child)
    return html.unescape(md_toc.strip_tags(md_toc.render_inner_html(inner, md)))


def _toc_names(md: markdown.Markdown) -> dict[str, list[str]]:
    """The text `toc` gave each heading it listed, by id, in the order of the page: `toc` runs
    first and reads the text the way `_heading_text` does. A heading it left out (outside
    `toc_depth`) or listed under a `data-toc-label` is not there."""
    names: dict[str, list[str]] = {}
    stack = list(reversed(getattr(md, "toc_tokens", None) or ()))
    while stack:
        token = stack.pop()
        if not token.get("data-toc-label"):
            names.setdefault(token["id"], []).append(token["name"])
        stack.extend(reversed(token.get("children") or ()))
    return names


def _toc_id(ident: str) -> str:
    """An id as `toc` lists it (backslash escapes put back)."""
    return md_toc.unescape(ident) if "\x02" in ident else ident


@dataclass(frozen=True, slots=True)
class Scanned:
    """What a page holds for the checks, and which path read it."""

    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    #: Ids that are not heading anchors (attr_list, footnotes, raw HTML...).
    other_ids: frozenset[str]
    exact: bool
    #: Not read yet: left to a site builder's own conversion of the page (`Collector`).
    deferred: bool = False


class PageScanner:
    """Reads pages under one Markdown configuration (the parser is built once, on first need)."""

    def __init__(self, config: MarkdownConfig | None = None) -> None:
        self.config = config or MarkdownConfig()
        self._md: markdown.Markdown | None = None
        self._tree = _CollectTree()
        self._raw = _CollectRawIds()
        self._slugify: Callable[[str, str], str] = md_toc.slugify
        self._separator = "-"
        self._base_level = 0
        self._fast = self.config.fast
        #: Slugs of heading texts seen by the fast path (the same few recur across pages).
        self._slugs: dict[str, str] = {}
        #: Kinds of the lines seen by the fast path that start like a block (`_line_kind`).
        self._lines: dict[str, _LineKind] = {}

    def prepare(self) -> None:
        """Build the parser now: a `MarkdownConfigError` when the extensions cannot be loaded."""
        self._parser()

    def _parser(self) -> markdown.Markdown:
        if self._md is None:
            try:
                configs = {k: resolve_refs(dict(v)) for k, v in self.config.configs.items()}
                for name in _HIGHLIGHTERS & set(self.config.extensions):
                    # Colouring code changes no link or id (its output is stashed HTML): skip it.
                    configs[name] = {**configs.get(name, {}), "use_pygments": False}
                md = markdown.Markdown(
                    extensions=list(self.config.extensions), extension_configs=configs
                )
            except Exception as error:  # an extension's own error: name it, no traceback
                raise MarkdownConfigError(
                    f"mkdocs.yml markdown_extensions cannot be loaded: {error}"
                ) from error
            md.preprocessors.register(self._raw, "playbook_raw_ids", 21)
            md.treeprocessors.register(self._tree, "playbook_collect", 0)
            self._tree.md = md
            toc = md.treeprocessors["toc"] if "toc" in md.treeprocessors else None  # noqa: SIM401
            if toc is not None:
                toc_any = cast("Any", toc)
                self._slugify = toc_any.slugify
                self._separator = toc_any.sep
                self._base_level = int(toc_any.base_level)
            else:
                self._fast = False  # no toc: headings have no ids; leave it to the parser
            self._md = md
        return self._md

    def scan(self, body: str, first_line: int = 1, *, defer: bool = False) -> Scanned:
        """What the page holds. With `defer`, a page the fast path cannot read is not converted
        here: the result says it is `deferred`, for a site builder that converts every page
        anyway to read it then (`Collector`)."""
        self._parser()
        if self._fast:
            fast = self._scan_fast(body, first_line)
            if fast is not None:
                return fast
            if defer:
                return Scanned((), (), frozenset(), exact=False, deferred=True)
        return self.scan_exact(body, first_line)

    def leading_h1(self, body: str) -> str | None:
        """The text of the page's first level-1 heading, when its first line with text is one and
        is plain (words and light punctuation): without reading the rest of the page, it is
        certain that no other heading comes first. None otherwise."""
        self._parser()
        if not self._fast:
            return None
        for line in body.split("\n"):
            if not line.strip():
                continue
            heading = _PLAIN_HEADING.match(line)
            if heading is None or "--" in heading.group(2) or ".." in heading.group(2):
                return None
            level = min(6, len(heading.group(1)) + self._base_level)
            return heading.group(2) if level == 1 else None
        return None

    # ---- exact ---------------------------------------------------------------------------------

    def scan_exact(self, body: str, first_line: int = 1) -> Scanned:
        md = self._parser()
        md.reset()
        # Python-Markdown returns early on a blank text, without running the collectors.
        self._tree.run_empty()
        self._raw.ids = set()
        md.convert(body)
        return _collected(self._tree, self._tree.ids | self._raw.ids, body, first_line)

    # ---- fast ----------------------------------------------------------------------------------

    def _scan_fast(self, body: str, first_line: int) -> Scanned | None:
        """The page's headings and links, or None when a line is one the scanner cannot decide."""
        if "<" in body or "\\" in body or "&" in body or "[^" in body or "--8<--" in body:
            return None
        headings: list[Heading] = []
        links: list[Link] = []
        used: set[str] = set()
        counters: dict[str, int] = {}
        fence: str | None = None
        previous_blank = True
        lines = self._lines
        for offset, line in enumerate(body.split("\n")):
            if fence is not None:
                stripped = line.rstrip(" ")
                if stripped == fence:
                    fence = None
                    previous_blank = False
                elif stripped.lstrip(" ").startswith(fence[:3]):
                    return None  # a fence of another length: the extensions disagree
                continue
            if not line.strip():
                previous_blank = True
                continue
            number = first_line + offset
            if "{" in line:
                return None  # attributes, or a fence opener no extension reads the same
            # Most lines are prose: their first character tells they open no block the checks
            # care about. The others recur from page to page (list items, headings).
            if line[0] in _SPECIAL_FIRST:
                kind = lines.get(line)
                if kind is None:
                    kind = self._line_kind(line)
                    if len(line) <= 200 and len(lines) < _LINE_KINDS_MAX:
                        lines[line] = kind
                if kind is not _PROSE:
                    if kind is _REFUSED:
                        return None
                    if kind[0] == _FENCE:
                        if not previous_blank:
                            return None
                        fence = kind[1]
                        continue
                    if kind[0] == _UNDERLINE_KIND:
                        if not previous_blank:
                            return None  # a setext heading
                    else:  # a heading: its level, text and slug
                        previous_blank = False
                        slug = kind[3]
                        if slug and slug not in used:
                            used.add(slug)
                            anchor = slug
                        else:
                            anchor = md_toc.unique(slug, used, counters)
                        headings.append(Heading(kind[1], kind[2], anchor, number))
                        continue
            previous_blank = False
            if "`" in line:
                if line.count("`") % 2:
                    return None  # a code span that may span lines
                line = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)
                if "`" in line:
                    return None
            if "](" in line:
                if line[0] in " \t":
                    return None  # a list's continuation or indented code: cannot tell
                found = 0
                for match in _PLAIN_LINK.finditer(line):
                    found += 1
                    if match.group(1):  # `[x]()` links nowhere: MkDocs leaves it alone
                        links.append(Link(match.group(1), number, match.start(1) + 1))
                if found != line.count("]("):
                    return None
        if fence is not None:
            return None  # an unclosed fence is no fence to Python-Markdown
        return Scanned(tuple(headings), tuple(links), frozenset(), exact=False)

    def _line_kind(self, line: str) -> _LineKind:
        """What a line without a brace is to `_scan_fast` wherever it is (outside a fence)."""
        if _SPECIAL.match(line) is None:
            return _PROSE
        if line.lstrip(" \t").startswith(("```", "~~~")):
            if line[0] in " \t":
                return _REFUSED
            opener = _FENCE_OPEN.match(line)
            return _REFUSED if opener is None else (_FENCE, opener.group(1))
        if _DEFINITION.match(line) or line.lstrip(" ").startswith("*["):
            return _REFUSED
        if _UNDERLINE.match(line):
            return (_UNDERLINE_KIND,)
        if not _HASHY.match(line):
            return _PROSE
        heading = _PLAIN_HEADING.match(line)
        if heading is None or "--" in heading.group(2) or ".." in heading.group(2):
            return _REFUSED
        text = heading.group(2)
        level = min(6, len(heading.group(1)) + self._base_level)
        slug = self._slugs.get(text)
        if slug is None:
            slug = self._slugs[text] = self._slugify(text, self._separator)
        return (_HEADING, level, text, slug)


#: Any line that may open a fence, be a definition, an abbreviation, a setext underline or a
#: heading (each tested on its own below): the lines the fast path looks at twice.
_SPECIAL = re.compile(
    r"[ \t]*(?:```|~~~)| {0,3}\[[^\]]*\]:| *\*\[|[=-]+ *$|[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)*#"
)
#: The characters a line `_SPECIAL` matches can start with.
_SPECIAL_FIRST = frozenset(" \t`~[*=->+#0123456789")

#: What a line that starts with one of `_SPECIAL_FIRST` is to `_scan_fast` (`_line_kind`):
#: prose, refused (the page takes the exact path), `(_FENCE, fence)` opening a fence,
#: `(_UNDERLINE_KIND,)` a setext underline (refused after text), `(_HEADING, level, text, slug)`.
_LineKind = tuple[Any, ...]
_PROSE: _LineKind = ("prose",)
_REFUSED: _LineKind = ("refused",)
_FENCE, _UNDERLINE_KIND, _HEADING = "fence", "underline", "heading"
#: Lines whose kind a scanner remembers, at most.
_LINE_KINDS_MAX = 20_000


def _collected(tree: _CollectTree, ids: AbstractSet[str], body: str, first_line: int) -> Scanned:
    """What the tree collector read from one conversion of `body`, placed in its lines; `ids` are
    every id of the page, raw HTML's included."""
    masked = _masked(body)
    lines = _Lines(masked)
    headings = tuple(
        Heading(level, text, anchor, line)
        for (level, text, anchor), line in zip(
            tree.headings,
            _heading_lines(masked, lines, first_line, len(tree.headings)),
            strict=True,
        )
    )
    links = tuple(_locate(tree.targets, masked, lines, first_line))
    anchors = {h.anchor for h in headings}
    other = frozenset(ids - anchors)
    return Scanned(headings, links, other, exact=True)


class Collector(Extension):
    """Reads pages during a site builder's own conversion of them (MkDocs'), instead of converting
    them a second time: add it to the builder's Markdown extensions, `arm` it before a page is
    converted, and take `result` after, with the ids the builder found in the page. Its tree
    processor runs where `scan_exact`'s does (after `toc` and `attr_list`, before a builder
    rewrites links) and only on armed conversions, so the result is `scan_exact`'s for the same
    text under the same extensions, and a page the checks do not need costs nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.armed = False
        self._tree: _CollectTree | None = None

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        self._tree = _CollectTree(gate=self)
        self._tree.md = md
        # After `toc` (5) and MkDocs' anchors (5), before MkDocs rewrites links (0).
        md.treeprocessors.register(self._tree, "playbook_collect", 0.5)

    def arm(self) -> None:
        self.armed = True
        if self._tree is not None:
            self._tree.run_empty()

    def result(self, body: str, first_line: int, ids: AbstractSet[str]) -> Scanned | None:
        """What the last conversion held, placed in `body` (the text that was converted). `ids`:
        every id the builder found in the page, its raw HTML's included (MkDocs collects them
        the way `scan_exact` does: `Page.present_anchor_ids`)."""
        armed, self.armed = self.armed, False
        if not armed or self._tree is None:
            return None
        return _collected(self._tree, ids, body, first_line)


_FENCE_OPEN = re.compile(r"^(`{3,}|~{3,}) *[\w+#.-]* *$")
_DEFINITION = re.compile(r"^ {0,3}\[[^\]]*\]:")
_UNDERLINE = re.compile(r"^[=-]+ *$")
#: Any line that may be a heading: `#` after indentation, quote markers or list markers.
_HASHY = re.compile(r"^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)*#")
_PLAIN_HEADING = re.compile(r"^(#{1,6}) +((?:[^\W_]|[ ,.?!-])+?) *$")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_PLAIN_LINK = re.compile(r"!?\[[^\[\]`|*_]*\]\(([^()<>\s\"'|]*)(?: +\"[^\"]*\")?\)")

# ---- Where the parser's findings are in the source -----------------------------------------------

_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_FENCED = re.compile(r"^ *(`{3,}|~{3,})[^\n]*\n.*?^ *\1[`~]* *$", re.DOTALL | re.MULTILINE)


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def _masked(body: str) -> str:
    """The body with comments and fenced code blanked (line breaks kept)."""
    if "<!--" in body:
        body = _COMMENT.sub(_blank, body)
    if "```" in body or "~~~" in body:
        body = _blank_fences(body)
    return body


def _blank_fences(text: str) -> str:
    """`_FENCED.sub(_blank, text)`, trying the pattern only where a line starts with a fence (a
    search tries it at every character: a third of the collector's time on long pages)."""
    pieces: list[str] = []
    done = 0
    for start in _fence_line_starts(text):
        if start < done:
            continue  # inside code blanked already
        match = _FENCED.match(text, start)
        if match is not None:
            pieces += (text[done:start], _blank(match))
            done = match.end()
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def _fence_line_starts(text: str) -> list[int]:
    """Where each line that opens with spaces and then ``` or ~~~ starts, in order."""
    found: set[int] = set()
    for fence in ("```", "~~~"):
        position = text.find(fence)
        while position >= 0:
            start = text.rfind("\n", 0, position) + 1
            if text.count(" ", start, position) == position - start:
                found.add(start)
            end = text.find("\n", position)
            if end < 0:
                break
            position = text.find(fence, end)
    return sorted(found)


class _Lines:
    """Line and column of offsets into one text, counted from the last offset asked for (the
    collector asks in nearly increasing order: each character is counted about once, where a
    table of every line's start costs a pass over every line of a long page)."""

    __slots__ = ("_at", "_line", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._at = 0
        self._line = 0  # the 0-based line of `_at`

    def line(self, position: int) -> int:
        """The 0-based line holding `position`."""
        if position >= self._at:
            self._line += self._text.count("\n", self._at, position)
        else:
            self._line -= self._text.count("\n", position, self._at)
        self._at = position
        return self._line

    def column(self, position: int) -> int:
        """The 1-based column of `position` on its line."""
        return position - self._text.rfind("\n", 0, position)


def _locate(targets: list[str], masked: str, lines: _Lines, first_line: int) -> list[Link]:
    """Line and column of each target, taking its occurrences in the source (`masked`: comments
    and code blanked) in order."""
    seen: dict[str, int] = {}
    out: list[Link] = []
    previous = (first_line, 1)
    for target in targets:
        if not target:
            continue  # `[x]()` links nowhere: MkDocs leaves it alone
        needle = target
        if target.startswith("#fnref:"):
            needle = "[^" + target[len("#fnref:") :] + "]:"
        elif target.startswith("#fn:"):
            needle = "[^" + target[len("#fn:") :] + "]"
        position = -1
        start = seen.get(needle, 0)
        if needle:
            position = _find(masked, needle, start)
            if position < 0 and start:
                position = _find(masked, needle, 0)
        if position >= 0:
            seen[needle] = position + max(1, len(needle))
            previous = (first_line + lines.line(position), lines.column(position))
        out.append(Link(target, previous[0], previous[1]))
    return out


def _find(text: str, needle: str, start: int) -> int:
    """Where `needle` is written as a whole link destination (not the start of a longer one):
    after a space, `(`, `<`, a quote, `=` or `:`, and before a space, `)`, `>`, a quote, `]` or
    `|`. Else its first occurrence at all."""
    first = position = text.find(needle, start)
    if needle.startswith("[^"):
        return first
    end = len(needle)
    while position >= 0:
        before = text[position - 1] if position else " "
        after = text[position + end] if position + end < len(text) else " "
        if (before.isspace() or before in _BEFORE) and (after.isspace() or after in _AFTER):
            return position
        position = text.find(needle, position + 1)
    return first


_BEFORE = frozenset("(<\"'=:")
_AFTER = frozenset(")>\"']|")


#: What may come before the `#` of an ATX heading on its line: indentation, quote or list markers.
_ATX_PREFIX = re.compile(r"[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)*")
#: A setext underline, with the line break before it (a pattern that starts with a line break is
#: looked for at line breaks only; one that starts with `^` is tried at every character).
_UNDERLINE_LINE = re.compile(r"\n[=-]+ *(?=\n|\Z)")


def _heading_lines(masked: str, lines: _Lines, first_line: int, count: int) -> list[int]:
    """Lines of the first `count` heading-looking lines outside comments and code (the checks
    only use them to point at a heading; the parser decided which headings exist). The lines
    found are those of one search for either kind of heading line (an ATX `#` line, or a line of
    text over a setext underline), in order and without overlap; they are found from the lines
    each kind can start with instead of by trying that search at every character."""
    found = [
        first_line + lines.line(position)
        for position in itertools.islice(_heading_starts(masked), count)
    ]
    found.extend([found[-1] if found else first_line] * (count - len(found)))
    return found


def _heading_starts(masked: str) -> Iterator[int]:
    """Where each heading-looking line starts: an ATX line, or a non-blank line followed by a
    setext underline unless that line is itself the underline of the previous such heading."""
    atx = _atx_lines(masked)
    setext = _setext_lines(masked)
    next_atx = next(atx, None)
    next_setext = next(setext, None)
    resume = 0  # where the previous match ended: a line it covers starts no other
    while next_atx is not None or next_setext is not None:
        if next_setext is None or (next_atx is not None and next_atx[0] <= next_setext[0]):
            assert next_atx is not None
            (start, end), next_atx = next_atx, next(atx, None)
        else:
            (start, end), next_setext = next_setext, next(setext, None)
        if start >= resume:
            resume = end
            yield start


def _atx_lines(masked: str) -> Iterator[tuple[int, int]]:
    """(start of the line, end of its `#`) of each line whose first `#` only indentation, quote
    or list markers precede. Only the first `#` of a line can be one: the markers hold none."""
    position = masked.find("#")
    while position >= 0:
        start = masked.rfind("\n", 0, position) + 1
        if _ATX_PREFIX.fullmatch(masked, start, position):
            yield start, position + 1
        end = masked.find("\n", position)
        if end < 0:
            return
        position = masked.find("#", end)


def _setext_lines(masked: str) -> Iterator[tuple[int, int]]:
    """(start of the text line, end of its underline) of each non-blank line followed by one."""
    for underline in _UNDERLINE_LINE.finditer(masked):
        end_of_text = underline.start()  # the line break before the underline
        start = masked.rfind("\n", 0, end_of_text) + 1
        if start < end_of_text and not masked[start:end_of_text].isspace():
            yield start, underline.end()


_LAST: list[PageScanner] = []


def scanner_for(config: MarkdownConfig) -> PageScanner:
    """A prepared scanner for `config`; the last one is reused (building the parser with
    pymdownx loaded costs tens of milliseconds)."""
    if _LAST and _LAST[0].config == config:
        return _LAST[0]
    scanner = PageScanner(config)
    scanner.prepare()
    _LAST[:] = [scanner]
    return scanner


def is_amp_substitute(target: str) -> bool:
    """Markdown's obfuscated e-mail links, which MkDocs leaves alone."""
    return AMP_SUBSTITUTE in target
