"""Long text from data files (summaries, problems, release notes) rendered as Markdown blocks.

Authors write paragraphs, lists, links, emphasis and inline or fenced code in their YAML text;
`md_block` turns that into HTML with Python-Markdown and a fixed, safe set of extensions, once per
distinct text. What the text must never do, it cannot:

- raw HTML is not parsed (the HTML block and inline HTML processors are removed): `<script>` is
  text, escaped on output, and character references (`&lt;`) show as written;
- only links and images to `http(s):`, `mailto:`, in-page anchors and relative paths are kept:
  `[x](javascript:...)` loses its target and shows as plain text;
- headings become bold paragraphs, so a note's `# Title` cannot break the page's outline;
- braces come out as character references, so `{{ ... }}` and `{% ... %}` stay inert even on a
  page that mkdocs-macros renders;
- the result has no blank line (see `text.lift_html_blocks`), so a generated page can lift it out
  of the Markdown parser as one raw HTML block.

Bare URLs become links (`pymdownx.magiclink`). Relative links are not rewritten by MkDocs: data
text should link with absolute URLs.

`excerpt` gives the first paragraph (or its first sentences) of a text, for index tables and cards.
"""

from __future__ import annotations

import functools
import re
import textwrap
import threading
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import markdown
from markdown.treeprocessors import Treeprocessor

from plugins.core.render.text import html_escape

#: Targets a link or image in data text may have: web and mail links, anchors, relative paths.
_SAFE_URL = re.compile(r"^(?:https?:|mailto:|#|/|\.|[^:/?#]*(?:[/?#]|$))", re.I)
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
#: Text with none of these needs no Markdown parser: one escaped paragraph (see `_plain`).
_NEEDS_PARSER = re.compile(
    r"[\\`*_\[\]<>&{}#!=~\n\t|]|://|www\.|@|^\s*(?:[-+>]|\d+[.)])(?:\s|$)|^ {4}|^\s*$"
)
_BLANK_LINE = re.compile(r"\n(?=[ \t]*\n)")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9`*_\[(])")


class _SafeTree(Treeprocessor):
    """Demotes headings and drops link and image targets outside `_SAFE_URL`."""

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            if element.tag in _HEADINGS:
                text, children, tail = element.text, list(element), element.tail
                element.clear()
                element.tag = "p"
                element.tail = tail
                strong = ET.SubElement(element, "strong")
                strong.text = text
                strong.extend(children)
            elif element.tag == "a":
                href = element.get("href", "")
                if not _SAFE_URL.match(href.strip()):
                    element.attrib.pop("href", None)
                    element.attrib.pop("title", None)
                    element.tag = "span"
            elif element.tag == "img":
                src = element.get("src", "")
                if not _SAFE_URL.match(src.strip()):
                    element.attrib.pop("src", None)
                element.set("loading", "lazy")


def _parser() -> markdown.Markdown:
    md = markdown.Markdown(
        extensions=["fenced_code", "sane_lists", "pymdownx.magiclink"],
        extension_configs={"pymdownx.magiclink": {"hide_protocol": False}},
        output_format="html",
    )
    # Raw HTML and character references are text, not markup.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    md.treeprocessors.register(_SafeTree(md), "pb_safe", 1)
    return md


_local = threading.local()


#: Stands for `&` while Python-Markdown runs, so that every `&` of the text comes out as `&amp;`
#: (character references show as written) without escaping code spans twice. A letter, so that a
#: bare URL with a query string stays one link. Text that holds it already is converted as it is
#: (its character references then show as the characters they stand for: still inert).
_AMP = "\U0001d4d0"


def _convert(text: str) -> str:
    md: markdown.Markdown | None = getattr(_local, "md", None)
    if md is None:
        md = _local.md = _parser()
    marked = _AMP not in text
    try:
        html = str(md.reset().convert(text.replace("&", _AMP) if marked else text))
    except RecursionError:  # pathological nesting: show the text as written
        return "<p>" + html_escape(text).replace("\n", "<br>\n") + "</p>"
    return html.replace(_AMP, "&amp;") if marked else html


def _finish(html: str) -> str:
    html = html.strip().replace("{", "&#123;").replace("}", "&#125;")
    return _BLANK_LINE.sub("&#10;", html)


def _clean(text: object) -> str:
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    return textwrap.dedent(value.expandtabs(4)).strip("\n").rstrip()


def _plain(text: str) -> str | None:
    """One escaped paragraph, when the text holds nothing Markdown would interpret."""
    if _NEEDS_PARSER.search(text):
        return None
    return "<p>" + html_escape(" ".join(text.split())) + "</p>"


@functools.lru_cache(maxsize=16384)
def md_block(text: object) -> str:
    """Data text as block HTML (paragraphs, lists, code...), safe to put into any page."""
    value = _clean(text)
    if not value.strip():
        return ""
    plain = _plain(value)
    if plain is not None:
        return plain
    return _finish(_convert(value))


@dataclass(frozen=True, slots=True)
class Excerpt:
    """The start of a text, as inline HTML, and whether anything was left out."""

    html: str
    truncated: bool


_BLOCK_TAG = re.compile(r"<(?!/?(?:a|code|em|strong|span)\b)[^>]*>")


@functools.lru_cache(maxsize=16384)
def excerpt(text: object, limit: int = 300) -> Excerpt:
    """The first paragraph of a text (cut after whole sentences when longer than `limit`
    characters), rendered inline: emphasis, code and links kept, no block markup."""
    value = _clean(text)
    parts = [p for p in _PARAGRAPH_BREAK.split(value) if p.strip()]
    if not parts:
        return Excerpt("", False)
    first = parts[0]
    truncated = len(parts) > 1
    if len(first) > limit:
        cut = ""
        for sentence in _SENTENCE_END.split(first):
            if cut and len(cut) + 1 + len(sentence) > limit:
                break
            cut = f"{cut} {sentence}" if cut else sentence
        if len(cut) > limit:  # one long sentence: cut at a word
            cut = cut[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
        truncated = truncated or cut != first
        first = cut
    # Inline markup only: paragraphs, list items, code blocks and images flatten to their text.
    flat = _BLOCK_TAG.sub(" ", md_block(first))
    return Excerpt(" ".join(flat.split()), truncated)
