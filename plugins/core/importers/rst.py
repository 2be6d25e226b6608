"""reStructuredText to Markdown: docutils parses, a small writer emits Python-Markdown + Material.

docutils (the reference RST parser, also what reno and Sphinx use) turns the text into a document
tree; `_Writer` walks it and writes the Markdown a playbook renders: inline literals, links,
emphasis, bullet and numbered lists, literal and code blocks (fenced), and admonitions
(`!!! note`). Whatever has no Markdown form (Sphinx roles and directives, tables, footnotes) is
kept as text and reported with its line, never dropped in silence.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.readers.standalone import Reader
from docutils.utils import SystemMessage, new_document

if TYPE_CHECKING:
    from collections.abc import Iterator

_SETTINGS: dict[str, Any] = {
    "report_level": 5,  # collect messages from the tree instead of printing them
    "halt_level": 5,
    "syntax_highlight": "none",
    "file_insertion_enabled": False,  # `.. include::` must not read files of the machine
    "raw_enabled": False,
    "warning_stream": False,
    "doctitle_xform": False,  # a note's lone heading stays a heading, not the document title
}


@functools.cache
def _components() -> tuple[Parser, Reader[Any], Any]:
    """One parser, reader and settings object for every conversion: building docutils' settings
    is a third of the time of a short note."""
    parser = Parser()
    reader: Reader[Any] = Reader()
    settings = get_default_settings(parser, reader)
    for key, value in _SETTINGS.items():
        setattr(settings, key, value)
    return parser, reader, settings


def parse_rst(text: str) -> nodes.document:
    """The docutils document tree of `text`, transforms applied (references resolved)."""
    parser, reader, settings = _components()
    document = new_document("<text>", copy.copy(settings))
    parser.parse(text, document)
    document.transformer.populate_from_components((parser, reader))
    document.transformer.apply_transforms()
    return document


#: docutils admonition node -> Material admonition type (and a title when the name differs).
_ADMONITIONS: dict[type[nodes.Element], tuple[str, str]] = {
    nodes.note: ("note", ""),
    nodes.tip: ("tip", ""),
    nodes.hint: ("tip", "Hint"),
    nodes.important: ("info", "Important"),
    nodes.warning: ("warning", ""),
    nodes.caution: ("warning", "Caution"),
    nodes.attention: ("warning", "Attention"),
    nodes.danger: ("danger", ""),
    nodes.error: ("danger", "Error"),
}

_LISTS = (nodes.bullet_list, nodes.enumerated_list)

#: Sphinx roles whose text is a name to read, not code (`:ref:`Title <label>``).
_PROSE_ROLES = frozenset({"ref", "doc", "term", "abbr", "dfn", "title", "numref", "any"})
_ROLE = re.compile(r"^:(?P<role>[\w.:+-]+):`(?P<text>.*)`$", re.DOTALL)
_TITLE_TARGET = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Converted:
    markdown: str
    #: (line in the RST text, what was not converted as written)
    problems: tuple[tuple[int, str], ...]


def rst_to_markdown(text: str) -> Converted:
    """Markdown for the RST `text`, and what could not be converted as written."""
    try:
        document = parse_rst(text)
    except SystemMessage as error:  # cannot happen with halt_level 5; never a traceback anyway
        return Converted(text, ((1, f"not valid reStructuredText: {error}"),))
    writer = _Writer()
    blocks = writer.blocks(document)
    return Converted("\n\n".join(b for b in blocks if b).strip("\n"), tuple(writer.problems))


# ---- Inline ------------------------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*\[\]])")
#: `<` that could open a tag or an autolink (`<a@b>`), and `&` that could start an entity.
_HTML_LIKE = re.compile(r"<(?![ \t]|\Z)|&(?=[#A-Za-z0-9])")
_LONE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")
_LINE_START = re.compile(r"^(\s*)(#|>|[-+](?=\s)|\d+[.)](?=\s)|=+\s*$|-+\s*$)", re.MULTILINE)


def escape(text: str) -> str:
    """Text that Markdown shows as written."""
    text = _HTML_LIKE.sub(lambda m: "&lt;" if m.group(0) == "<" else "&amp;", text)
    text = _ESCAPE.sub(r"\\\1", text)
    return _LONE_UNDERSCORE.sub(r"\\_", text)


def protect_line_starts(text: str) -> str:
    """Paragraph text whose lines Markdown does not read as headings, quotes or list items."""
    return _LINE_START.sub(_protected, text)


def _protected(match: re.Match[str]) -> str:
    indent, marker = match.group(1), match.group(2)
    if marker[0].isdigit():  # `1.` / `1)`: the backslash goes before the `.` or `)`
        return f"{indent}{marker[:-1]}\\{marker[-1]}"
    return f"{indent}\\{marker}"


def code_span(text: str) -> str:
    text = text.replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _link_target(url: str) -> str:
    return f"<{url}>" if re.search(r"[\s()<>]", url) else url


def _indent(text: str, prefix: str = "    ") -> str:
    return "\n".join(prefix + line if line else line for line in text.split("\n"))


class _Writer:
    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []

    def problem(self, node: nodes.Node, reason: str) -> None:
        line = _line(node)
        if (line, reason) not in self.problems:
            self.problems.append((line, reason))

    # -- inline --

    def inline(self, node: nodes.Node) -> str:
        return "".join(self._inline(child) for child in node.children)

    def _inline(self, node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return escape(str(node))
        if isinstance(node, nodes.literal):
            return code_span(node.astext())
        if isinstance(node, nodes.strong):
            return f"**{self.inline(node)}**"
        if isinstance(node, (nodes.emphasis, nodes.title_reference)):
            return f"*{self.inline(node)}*"
        if isinstance(node, nodes.reference):
            label = self.inline(node)
            url = node.get("refuri")
            if url:
                if label == escape(url) or not label:
                    return f"<{url}>" if "://" in url or url.startswith("mailto:") else label
                return f"[{label}]({_link_target(url)})"
            self.problem(node, f"link '{node.astext()}' has no target; kept its text")
            return label
        if isinstance(node, nodes.problematic):
            return self._role(node)
        if isinstance(node, (nodes.target, nodes.substitution_definition)):
            return ""
        if isinstance(node, nodes.image):
            self.problem(node, "image kept as a Markdown image; check its path")
            return f"![{escape(node.get('alt', ''))}]({_link_target(node.get('uri', ''))})"
        if isinstance(node, (nodes.footnote_reference, nodes.citation_reference)):
            self.problem(node, f"footnote reference [{node.astext()}] kept as text")
            return escape(f"[{node.astext()}]")
        if isinstance(node, nodes.Element):
            return self.inline(node)
        return escape(node.astext())

    def _role(self, node: nodes.problematic) -> str:
        raw = node.astext()
        match = _ROLE.match(raw)
        if not match:
            self.problem(node, f"markup not understood, kept as text: {raw}")
            return escape(raw)
        role, text = match["role"], match["text"]
        titled = _TITLE_TARGET.match(text)
        shown = titled["title"] if titled and titled["title"] else text
        shown = shown.lstrip("~!")
        self.problem(node, f"Sphinx role :{role}: has no Markdown equivalent; kept its text")
        if role.split(":")[-1] in _PROSE_ROLES:
            return escape(shown)
        return code_span(shown)

    # -- blocks --

    def blocks(self, node: nodes.Element) -> list[str]:
        out: list[str] = []
        previous: nodes.Node | None = None
        for child in node.children:
            if isinstance(child, _LISTS) and isinstance(previous, _LISTS):
                self.problem(
                    child,
                    "two lists in a row become one list in Markdown; separate them with a sentence",
                )
            if not isinstance(child, (nodes.comment, nodes.target, nodes.system_message)):
                previous = child
            out.extend(self.block(child))
        return out

    def block(self, node: nodes.Node) -> Iterator[str]:
        if isinstance(node, nodes.paragraph):
            yield protect_line_starts(self.inline(node))
        elif isinstance(node, nodes.bullet_list):
            yield self._list(node, lambda _i: "- ")
        elif isinstance(node, nodes.enumerated_list):
            start = int(node.get("start", 1))
            yield self._list(node, lambda i: f"{start + i}. ")
        elif isinstance(node, (nodes.literal_block, nodes.doctest_block)):
            yield self._fence(node)
        elif isinstance(node, nodes.Element) and (
            isinstance(node, nodes.admonition) or type(node) in _ADMONITIONS
        ):
            yield self._admonition(node)
        elif isinstance(node, nodes.block_quote):
            inner = "\n\n".join(self.blocks(node))
            yield "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
        elif isinstance(node, nodes.line_block):
            yield "\n".join(self.inline(line) for line in node.findall(nodes.line))
        elif isinstance(node, nodes.definition_list):
            for item in node.children:
                if isinstance(item, nodes.definition_list_item):
                    term = next(iter(item.findall(nodes.term)), None)
                    if term is not None:
                        yield f"**{self.inline(term)}**"
                    for definition in item.findall(nodes.definition):
                        yield from self.blocks(definition)
        elif isinstance(node, (nodes.section, nodes.topic, nodes.sidebar, nodes.container)):
            yield from self.blocks(node)
        elif isinstance(node, nodes.title):
            yield f"**{self.inline(node)}**"
        elif isinstance(node, nodes.transition):
            yield "---"
        elif isinstance(node, nodes.system_message):
            yield from self._message(node)
        elif isinstance(node, (nodes.comment, nodes.target, nodes.substitution_definition)):
            return
        elif isinstance(node, nodes.Element):
            self.problem(
                node,
                f"{node.tagname.replace('_', ' ')} has no Markdown form here; kept as plain text",
            )
            yield escape(node.astext())

    def _list(self, node: nodes.Element, marker: Any) -> str:
        items: list[str] = []
        loose = False
        for i, item in enumerate(node.children):
            parts = self.blocks(item) if isinstance(item, nodes.Element) else []
            loose = loose or len(parts) > 1
            body = "\n\n".join(parts)
            prefix = marker(i)
            first, _, rest = body.partition("\n")
            text = prefix + first + ("\n" + _indent(rest) if rest else "")
            items.append(text)
        return ("\n\n" if loose else "\n").join(items)

    def _fence(self, node: nodes.Element) -> str:
        text = node.astext().rstrip("\n")
        raw_classes: list[str] = node.get("classes", [])
        classes = [c for c in raw_classes if c != "code"]
        language = classes[0] if classes else ""
        longest = max((len(m) for m in re.findall(r"^\s*(`{3,})", text, re.MULTILINE)), default=0)
        fence = "`" * max(3, longest + 1)
        return f"{fence}{language}\n{text}\n{fence}"

    def _admonition(self, node: nodes.Element) -> str:
        kind, title = _ADMONITIONS.get(type(node), ("note", ""))
        children = list(node.children)
        if isinstance(node, nodes.admonition) and children and isinstance(children[0], nodes.title):
            title = children.pop(0).astext()
        body: list[str] = []
        for child in children:
            body.extend(self.block(child))
        head = f'!!! {kind} "{title}"' if title else f"!!! {kind}"
        return head + "\n\n" + _indent("\n\n".join(body))

    def _message(self, node: nodes.system_message) -> Iterator[str]:
        level = int(node.get("level", 0))
        if level < 2 or node.get("backrefs"):  # messages about inline markup: see `_role`
            return
        message = node.children[0].astext() if node.children else node.astext()
        source = [c for c in node.children if isinstance(c, nodes.literal_block)]
        if source:
            self.problem(node, f"{message.rstrip('.')}; kept the source as a code block")
            yield self._fence(source[0])
        else:
            self.problem(node, message.replace("\n", " "))


def _line(node: nodes.Node) -> int:
    probe: Any = node
    while probe is not None:
        line = getattr(probe, "line", None)
        if line:
            return int(line)
        probe = probe.parent
    return 1
