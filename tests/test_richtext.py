"""Data text rendered as Markdown blocks (`plugins.core.render.richtext`): what authors write shows
as paragraphs, lists, links and code; nothing they write becomes markup, script or template."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import pytest
from helpers import edit
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_render import render

from plugins.core.render import site
from plugins.core.render.richtext import _convert, _finish, excerpt, md_block

if TYPE_CHECKING:
    from pathlib import Path

#: Every tag and attribute `md_block` may produce.
ALLOWED = {
    "p": set(),
    "ul": set(),
    "ol": {"start"},
    "li": set(),
    "a": {"href", "title"},
    "span": set(),
    "code": {"class"},
    "pre": set(),
    "em": set(),
    "strong": set(),
    "br": set(),
    "hr": set(),
    "blockquote": set(),
    "img": {"src", "alt", "title", "loading"},
}
SAFE_HREF = re.compile(r"^(https?:|mailto:|#|/|\.|[^:/?#]*([/?#]|$))", re.I)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def assert_safe(html: str) -> None:
    for tag, attrs in parse(html).tags:
        assert tag in ALLOWED, f"<{tag}> in {html!r}"
        assert set(attrs) <= ALLOWED[tag], f"<{tag} {attrs}> in {html!r}"
        for name in ("href", "src"):
            if attrs.get(name) is not None:
                assert SAFE_HREF.match(attrs[name] or ""), f"{name}={attrs[name]!r}"
    assert "{" not in html, "braces must be character references"
    assert "}" not in html, "braces must be character references"
    assert not re.search(r"\n[ \t]*\n", html), "no blank line (the block is lifted whole)"
    assert "<!--" not in html


# ---- What authors write ------------------------------------------------------------------------

NOTE = """\
Saved filters now sync across devices. Read the [guide](https://example.org/guide) or
https://example.org/faq?a=1&b=2 for details.

What changed:

- Filters are **shared** with the team
- Old filters are _kept_ as they were
  and can be renamed

```yaml
filters:
  - name: "{{ mine }}"

  - name: <b>bold</b>
```

Run `playbook check --strict` afterwards.
"""


def test_paragraphs_lists_links_emphasis_and_code_render() -> None:
    html = md_block(NOTE)
    assert_safe(html)
    assert html.count("<p>") == 3
    assert "<ul>\n<li>Filters are <strong>shared</strong> with the team</li>" in html
    assert "<em>kept</em>" in html
    assert '<a href="https://example.org/guide">guide</a>' in html
    # A bare URL becomes a link; its `&` is escaped once, in the text and in the address.
    url = "https://example.org/faq?a=1&amp;b=2"
    assert f'<a href="{url}">{url}</a>' in html
    assert "<code>playbook check --strict</code>" in html
    # Fenced code keeps its lines (the blank one as a character reference), braces and tags
    # shown as written.
    assert (
        '<pre><code class="language-yaml">filters:\n  - name: &quot;&#123;&#123; mine &#125;&#125;&quot;&#10;\n'
        in html
    )
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        (
            "{{ config.site_name }} and {% include 'x' %}",
            "{{ config.site_name }} and {% include 'x' %}",
        ),
        ("&lt;b&gt; is how you write <b>", "&lt;b&gt; is how you write <b>"),
        ("<!-- hidden --> text", "<!-- hidden --> text"),
        ('<div markdown="1">*x*</div>', '<div markdown="1">x</div>'),
        ("[click](javascript:alert(1))", "click"),
        ("Heading {#evil .cls onclick=x}", "Heading {#evil .cls onclick=x}"),
    ],
)
def test_hostile_text_is_shown_literally(raw: str, shown: str) -> None:
    html = md_block(raw)
    assert_safe(html)
    assert "".join(parse(html).text) == shown


def test_unsafe_link_targets_lose_their_target_but_keep_their_text() -> None:
    for target in ("javascript:alert(1)", "JAVASCRIPT:x", "data:text/html,<b>", "vbscript:x"):
        html = md_block(f"[label]({target}) and ![img]({target})")
        assert_safe(html)
        assert "label" in html
        assert target.split(":")[0] not in html.lower().replace("label", "")


def test_headings_in_data_become_bold_paragraphs() -> None:
    html = md_block("# Big *news*\n\nBody.\n\nSetext\n======")
    assert "<h1" not in html
    assert "<h2" not in html
    assert "<p><strong>Big <em>news</em></strong></p>" in html
    assert "<p><strong>Setext</strong></p>" in html


def test_plain_text_takes_the_short_path_with_the_same_result() -> None:
    for text in ("Offline mode for field work.", "It's 50% faster (on average); really?"):
        assert md_block(text) == _finish(_convert(text))


def test_excerpt_is_the_first_paragraph_or_its_first_sentences() -> None:
    assert excerpt("One *two*.\n\nThree.") == excerpt("One *two*.\n\nThree.")
    first = excerpt("One *two*.\n\nThree.")
    assert first.html == "One <em>two</em>."
    assert first.truncated
    whole = excerpt("Short and complete.")
    assert whole.html == "Short and complete."
    assert not whole.truncated
    long = excerpt("First sentence is here. " + "Second sentence goes on and on. " * 20, 100)
    assert long.truncated
    assert long.html.startswith("First sentence is here.")
    assert len(long.html) <= 100
    listed = excerpt("- a [link](https://x.org)\n- b")
    assert listed.html == 'a <a href="https://x.org">link</a> b'
    assert not listed.truncated


# ---- Properties ---------------------------------------------------------------------------------

MARKUP = st.sampled_from(
    [
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "{{",
        "}}",
        "{%",
        "%}",
        "{#",
        "`",
        "```",
        "~~~",
        "[",
        "](",
        "javascript:",
        ")",
        "*",
        "_",
        "#",
        "\n",
        "\n\n",
        "    ",
        "- ",
        "1. ",
        "> ",
        "&",
        "&#123;",
        "<",
        ">",
        '"',
        "'",
        "https://example.org/a_b",
        "www.example.org",
        "a@b.org",
        "\\",
        "|",
        "<!--",
        "-->",
        "\r",
        "\x00",
        "\t",
        "=====",
    ]
)
TEXT = st.lists(st.one_of(MARKUP, st.text(max_size=12)), max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(TEXT)
@example("```\n<script>\n\n{{ x }}\n```")
@example("[a](javascript:alert(1)) ![b](javascript:x) <javascript:x>")
@example("*" * 2000)
@example("[" * 500 + "]" * 500)
@example("> " * 300 + "deep")
def test_no_text_produces_markup_script_or_template(text: str) -> None:
    html = md_block(text)
    assert_safe(html)
    assert "<script" not in html.lower()
    short = excerpt(text)
    assert_safe(short.html)
    assert not re.search(r"<(p|ul|ol|li|pre|blockquote|img)\b", short.html)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_plain_words_show_exactly(text: str) -> None:
    """Text without Markdown characters shows as written (whitespace collapsed)."""
    # No Markdown character, and a word first: no list, heading or link can start.
    words = "Note " + re.sub(r"[^\w .,;:?'()%$=]|_", "", text)
    html = md_block(words)
    assert_safe(html)
    shown = " ".join("".join(parse(html).text).split())
    assert shown == " ".join(words.split())


# ---- In generated pages -------------------------------------------------------------------------


def test_release_and_item_text_render_as_markdown_in_pages(minimal: Path) -> None:
    root = minimal
    edit(
        root,
        "data/releases/1.1.0.yml",
        "summary: Search got fast.",
        "summary: |\n  Search got **fast**.\n\n  - see https://example.org/search\n  - <script>x</script>",
    )
    pages = render(root)
    page = pages[site.release_uri("1.1.0")]
    assert isinstance(page, str)
    assert "<p>Search got <strong>fast</strong>.</p>" in page
    assert '<a href="https://example.org/search">https://example.org/search</a>' in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<script>x" not in page
    index = pages[site.RELEASES]
    assert isinstance(index, str)
    # The index shows the first paragraph and links to the rest.
    assert "Search got <strong>fast</strong>." in index
    assert "More…" in index
    assert "example.org/search" not in index
