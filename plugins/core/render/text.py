"""Turning data text into Markdown safely.

Text from data files is never evaluated as a template and never rendered as raw HTML: `md_text`
escapes everything Markdown, HTML or the `attr_list` extension would interpret, so a title like
`<script>alert(1)</script>` or `{{ config.site_name }}` or `a | b` shows as written.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+.!|-])")
_CODE_SPAN = re.compile(r"(`+)([^`].*?)\1")


def html_escape(text: str) -> str:
    """Text for raw HTML. Braces become entities too, so `{{ ... }}` stays inert even on a page
    that mkdocs-macros renders."""
    if _HTML_SPECIAL.search(text) is None:  # most names and titles: one scan, no copies
        return text
    for raw, entity in _HTML_ENTITIES:
        text = text.replace(raw, entity)
    return text


def html_code(text: str) -> str:
    """Inline code in raw HTML."""
    return f"<code>{html_escape(text)}</code>"


_HTML_SPECIAL = re.compile(r'[&<>"{}]')
_HTML_ENTITIES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("{", "&#123;"),
    ("}", "&#125;"),
)


def _escape(value: str) -> str:
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Escaped braces also keep `{{`/`{%` inert should the text reach a macros-rendered page.
    return _MD_SPECIAL.sub(r"\\\1", value)


def md_text(text: object) -> str:
    """Literal text inside Markdown: no emphasis, links, HTML, attributes, tables or templates."""
    return _escape(" ".join(str(text).split()))


def md_inline(text: object) -> str:
    """Like `md_text`, but keeps `code spans` (release entries may quote UI labels or API names)."""
    value = " ".join(str(text).split())
    out: list[str] = []
    last = 0
    for match in _CODE_SPAN.finditer(value):
        out.append(_escape(value[last : match.start()]))
        code = match.group(2).replace("|", "\\|")
        out.append(f"`{code}`")
        last = match.end()
    out.append(_escape(value[last:]))
    return "".join(out)


def link(from_uri: str, to_uri: str, anchor: str = "") -> str:
    """A relative Markdown link target from one docs-relative page to another."""
    base = posixpath.dirname(from_uri) or "."
    target = posixpath.relpath(to_uri, base)
    return f"{target}#{anchor}" if anchor else target


@functools.lru_cache(maxsize=8192)
def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a docs-relative file (`a/b.md` -> `a/b/`)."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[:-3]
    if stem == "index" or stem.endswith("/index"):
        return stem[:-5]
    return f"{stem}/" if directory_urls else f"{stem}.html"


def href(from_uri: str, to_uri: str, anchor: str = "", directory_urls: bool = True) -> str:
    """A relative URL from one page to another, for raw HTML (which MkDocs does not rewrite).

    Up to the site root, then down to the target: valid from any page, and cheap enough to build
    for every link of every page."""
    source, target = page_url(from_uri, directory_urls), page_url(to_uri, directory_urls)
    up = "../" * source.count("/")
    relative = (up + target) or "./"
    return f"{relative}#{anchor}" if anchor else relative


def html_link(
    label: str, from_uri: str, to_uri: str, anchor: str = "", directory_urls: bool = True
) -> str:
    return (
        f'<a href="{attr(href(from_uri, to_uri, anchor, directory_urls))}">{html_escape(label)}</a>'
    )


def md_link(label: str, from_uri: str, to_uri: str, anchor: str = "") -> str:
    return f"[{md_text(label)}]({link(from_uri, to_uri, anchor)})"


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table; cells are already-escaped Markdown."""
    if not rows:
        return ""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines.extend("| " + " | ".join(cell or " " for cell in row) + " |" for row in rows)
    return "\n".join(lines) + "\n"


def attr(text: str) -> str:
    """A value for an HTML attribute inside raw HTML we emit."""
    return html_escape(" ".join(text.split()))


class Linker:
    """Raw-HTML links from one page, with URLs computed as MkDocs would (see `href`)."""

    def __init__(self, from_uri: str, directory_urls: bool = True) -> None:
        self.from_uri = from_uri
        self.directory_urls = directory_urls

    def __call__(self, label: str, to_uri: str, anchor: str = "") -> str:
        return html_link(label, self.from_uri, to_uri, anchor, self.directory_urls)


def html_table(header: list[str], rows: list[list[str]]) -> str:
    """A raw HTML table (cells are already-escaped HTML). Python-Markdown passes it through, which
    is much cheaper than its table extension on pages listing thousands of rows."""
    if not rows:
        return ""
    head = "".join(f"<th>{cell}</th>" for cell in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>\n" for row in rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


_BLOCK_MARK = re.compile(r"<!--pb-block-(\d+)-->")
_LATE_MARK = re.compile(r"<!--pb-late-(\d+)-->")
_SEARCH_EXCLUDED = re.compile(r"^search:\n\s+exclude: true$", re.M)


@dataclass(frozen=True, slots=True)
class Lifted:
    """Generated Markdown with its raw HTML blocks taken out (see `lift_html_blocks`)."""

    markdown: str
    #: Put back into the rendered page, where search indexes them.
    blocks: tuple[str, ...] = ()
    #: Put back into the final page only: blocks search skips anyway.
    late: tuple[str, ...] = ()


def lift_html_blocks(markdown: str) -> Lifted:
    """Replace the raw HTML blocks of generated Markdown with markers.

    A block is a run of lines starting with a line that begins with `<`, up to the next blank
    line (our renderers write blocks that way; data text is escaped, so it never starts a line
    with `<`). Python-Markdown passes a comment through untouched, so a block costs the Markdown
    parser nothing; `put_html_blocks` puts it back into the rendered page.

    Blocks that search skips (the page is excluded from search, or the block's first element
    carries `data-search-exclude`) are marked `late`: they go into the final page only, so the
    page's rendered content, which the build holds for every page until it ends, stays small.
    """
    lines = markdown.split("\n")
    front = 0  # lines of front matter
    if lines[:1] == ["---"] and "---" in lines[1:]:
        front = lines.index("---", 1) + 1
    unsearched = bool(_SEARCH_EXCLUDED.search("\n".join(lines[:front])))
    out = lines[:front]
    blocks: list[str] = []
    late: list[str] = []
    index = front
    while index < len(lines):
        line = lines[index]
        if line.startswith("<") and (not out or not out[-1].strip()):
            end = index
            while end < len(lines) and lines[end].strip():
                end += 1
            block = "\n".join(lines[index:end])
            if unsearched or "data-search-exclude" in line.split(">", 1)[0]:
                out.append(f"<!--pb-late-{len(late)}-->")
                late.append(block)
            else:
                out.append(f"<!--pb-block-{len(blocks)}-->")
                blocks.append(block)
            index = end
            continue
        out.append(line)
        index += 1
    return Lifted("\n".join(out), tuple(blocks), tuple(late))


def put_html_blocks(html: str, blocks: tuple[str, ...], *, late: bool = False) -> str:
    """The inverse of `lift_html_blocks`: `blocks` into the rendered page, or with `late=True`
    the late blocks into the final page."""
    if not blocks:
        return html
    mark = _LATE_MARK if late else _BLOCK_MARK
    return mark.sub(lambda m: blocks[int(m.group(1))], html)
