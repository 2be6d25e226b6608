"""The checker's links and anchors are the ones MkDocs renders: a corpus of Markdown shapes
(`tests/linkcorpus/docs`) is built with the real `mkdocs` command under the site's Markdown
extensions and under a custom `toc` slugify, and the broken links and anchors MkDocs reports must be
exactly the ones `playbook check` reports, each once, at the line that holds it."""

from __future__ import annotations

import logging
import re
import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import REPO, TESTS, TODAY, mkdocs_build
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from plugins.core import rules
from plugins.core.checks import run_checks
from plugins.core.findings import Severity
from plugins.core.report import finding_text, group_text, grouped
from plugins.core.settings import read_settings
from plugins.mkdocs_plugins.checks.plugin import _MKDOCS_LINK_WARNING, reported_links

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.build

CORPUS = TESTS / "linkcorpus" / "docs"
_LINK_RULES = {rules.BROKEN_LINK.id, rules.BROKEN_ANCHOR.id, rules.ABSOLUTE_LINK.id}


def _site_extensions() -> str:
    """The `markdown_extensions` block of the project's own mkdocs.yml, as written."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^markdown_extensions:\n(?:[ -].*\n)+", text, re.MULTILINE)
    assert block is not None
    return block.group(0)


CUSTOM_TOC = """markdown_extensions:
  - attr_list
  - footnotes
  - md_in_html
  - admonition
  - def_list
  - pymdownx.superfences
  - toc:
      permalink: "#"
      separator: "_"
      slugify: !!python/object/apply:pymdownx.slugs.slugify
        kwds: {case: lower}
"""

VARIANTS = {"site-extensions": _site_extensions(), "custom-toc-slugify": CUSTOM_TOC}
#: `validation: absolute_links:` under which each variant is built as well.
ABSOLUTE = ("warn", "relative_to_docs")


def _site(tmp: Path, extensions: str, plugins: str, absolute: str = "warn") -> Path:
    root = tmp / "site"
    shutil.copytree(CORPUS, root / "docs")
    (root / "mkdocs.yml").write_text(
        "site_name: Link corpus\n"
        "docs_dir: docs\n"
        "theme: {name: mkdocs}\n"
        f"plugins: {plugins}\n"
        "validation:\n"
        f"  omitted_files: warn\n  absolute_links: {absolute}\n"
        "  unrecognized_links: warn\n  anchors: warn\n" + extensions,
        encoding="utf-8",
    )
    return root


def _mkdocs_broken(stderr: str) -> list[tuple[str, str]]:
    """(page, link) of every MkDocs warning about a broken link or anchor."""
    out = []
    for line in stderr.splitlines():
        message = line.split(" -  ", 1)[-1]
        match = _MKDOCS_LINK_WARNING.match(message)
        if match:
            out.append((match["page"], match["target"] or match["bare"]))
    return out


@pytest.mark.parametrize("absolute", ABSOLUTE)
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_checker_and_mkdocs_report_the_same_broken_links(
    tmp_path: Path, variant: str, absolute: str
) -> None:
    root = _site(tmp_path, VARIANTS[variant], "[]", absolute)
    built = mkdocs_build(root, tmp_path / "out", strict=False)
    assert built.returncode == 0, built.stderr
    theirs = _mkdocs_broken(built.stderr)
    assert len(theirs) == len(set(theirs)), theirs

    report = run_checks(read_settings(root), TODAY)
    ours = [f for f in report.findings if f.rule in _LINK_RULES]
    assert len(ours) == len(reported_links(ours, report.loaded))  # each finding is one link
    assert sorted(reported_links(ours, report.loaded)) == sorted(theirs)
    # Each finding points at the line that holds its link (or its reference definition).
    lines = {}
    for finding in ours:
        text = (root / finding.path).read_text(encoding="utf-8").split("\n")
        lines[finding.path, finding.line] = text[finding.line - 1]
    for finding in ours:
        page = next(p for p in report.loaded.playbook.pages.values() if p.path == finding.path)
        (link,) = [
            link
            for link in page.links
            if (link.line, link.col) == (finding.location.line, finding.location.col)
        ]
        line = lines[finding.path, finding.line]
        written = link.target.removeprefix("#fnref:").removeprefix("#fn:")
        assert written in line or written.replace(" ", "%20") in line, (finding, line)
    return


def test_site_extensions_variant_reports_the_known_shapes(tmp_path: Path) -> None:
    """The corpus is not vacuous: the shapes the issue lists are among the broken links, and
    none of the hidden ones (comments, code) is."""
    root = _site(tmp_path, VARIANTS["site-extensions"], "[]")
    report = run_checks(read_settings(root), TODAY)
    found = {
        target
        for _page, target in reported_links(
            [f for f in report.findings if f.rule in _LINK_RULES], report.loaded
        )
    }
    for shape in (
        "missing-after-comment.md",
        "#a-heading-in-a-comment",
        "#can-i-_really_-do-it",
        "missing-heading.md",
        "people-ops",
        "plain",  # MkDocs wants the file name, `plain.md`, too
        "dir/",  # and `dir/index.md`
        "nodir/",
        "missing-ref.md",
        "headings.md#no-such-heading",
        "headings.md#a-(b)-c",
        "missing-table.md",
        "missing-footnote.md",
        "missing-md-in-html.md",
        "missing-alert.md",
        "missing-admonition.md",
        "../outside.md",
        "img/missing.png",
        "#nowhere-here",
        "plain.md?x=1#not-there",
        "#fnref:unused",
    ):
        assert shape in found, shape
    for fine in (
        # hidden by comments, code and raw HTML blocks
        "missing-in-comment.md",
        "missing-multiline.md",
        "missing-inline-comment.md",
        "missing-fence.md",
        "missing-tilde.md",
        "missing-nested.md",
        "missing-indented.md",
        "missing-code.md",
        "missing-raw-block.md",
        # anchors as `toc`, attr_list, md_in_html and raw HTML make them
        "#can-i-really-do-it",
        "#can-i-really-do-it_1",
        "#chat-dev",
        "#quoted-heading",
        "#setext-heading",
        "#unicode-cafe",
        "#duplicate_2",
        "#custom-id",
        "#nospace",
        "#para-id",
        "#raw-id",
        "#heading-in-html",
        "headings.md#duplicate_1",
        # targets written with spaces or encoded
        "my page.md",
        "my%20page.md",
    ):
        assert fine not in found, fine


def test_absolute_links_follow_the_validation_setting(tmp_path: Path) -> None:
    """`warn`: every link starting with '/' is one PB705 warning, with the relative link that
    works as its fix. `relative_to_docs`: they are checked like relative links instead."""
    warned = run_checks(read_settings(_site(tmp_path / "warn", CUSTOM_TOC, "[]")), TODAY)
    absolute = {
        f.message.split("'")[1]: (f.severity, f.hint)
        for f in warned.findings
        if f.rule == rules.ABSOLUTE_LINK.id
    }
    assert sorted(absolute) == [
        "/dir/",
        "/headings.md#duplicate_1",
        "/headings.md#no-such-absolute-anchor",
        "/img/logo.svg",
        "/missing-absolute.md",
        "/plain.md",
        "\\plain.md",
    ]
    assert absolute["/plain.md"] == (
        Severity.WARNING,
        "Link to 'plain.md' (relative to this page).",
    )
    assert absolute["/headings.md#duplicate_1"][1] == (
        "Link to 'headings.md#duplicate_1' (relative to this page)."
    )
    assert absolute["/missing-absolute.md"][1] == rules.ABSOLUTE_LINK.hint

    root = _site(tmp_path / "docs-relative", CUSTOM_TOC, "[]", "relative_to_docs")
    report = run_checks(read_settings(root), TODAY)
    on_page = [
        (f.rule, f.message.split("'")[1])
        for f in report.findings
        if f.path.endswith("absolute.md") and f.rule in _LINK_RULES
    ]
    assert sorted(on_page) == [
        ("PB701", "/dir/"),  # MkDocs wants the file: `/dir/index.md`
        ("PB701", "/missing-absolute.md"),
        ("PB701", "\\plain.md"),  # a backslash is no separator in a URL
        ("PB702", "/headings.md#no-such-absolute-anchor"),
    ]


def test_strict_build_reports_each_broken_link_once_and_fails(tmp_path: Path) -> None:
    root = _site(tmp_path, VARIANTS["site-extensions"], "[playbook-checks]")
    built = mkdocs_build(root, tmp_path / "out")
    assert built.returncode != 0
    assert _mkdocs_broken(built.stderr) == []  # MkDocs' own warnings are the checker's
    report = run_checks(read_settings(root), TODAY)
    ours = [f for f in report.findings if f.rule in _LINK_RULES]
    assert ours
    for unit in grouped(ours):
        if len(unit) == 1:  # alone: its place is in the log once
            where = f"{unit[0].path}:{unit[0].line}:{unit[0].location.col}"
            assert built.stderr.count(where) == 1, where
        else:  # of one kind: one record, counting them all
            header = f"{unit[0].rule} [{unit[0].severity.word}] {len(unit)} findings of one kind"
            assert built.stderr.count(header) == 1, header


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_a_build_reads_pages_from_its_own_conversion_and_finds_the_same(
    tmp_path: Path,
    variant: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With Playbook's plugins, `mkdocs build` reads the pages the fast path cannot (raw HTML,
    footnotes, entities...) from MkDocs' own conversion of them instead of converting them
    twice; its findings are still exactly those of `playbook check`, which converts them."""
    root = _site(tmp_path, VARIANTS[variant], "[playbook, playbook-checks]")
    monkeypatch.setenv("PLAYBOOK_TODAY", TODAY.isoformat())
    monkeypatch.chdir(root)
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    with caplog.at_level(logging.DEBUG, logger="mkdocs"), pytest.raises(Abort):
        build(config)  # the corpus' broken links are errors: the build fails at its end
    messages = [r.getMessage() for r in caplog.records]
    findings_logged = [
        r.getMessage()
        for r in caplog.records
        if r.name == "mkdocs.plugins.playbook" and re.search(r"\bPB\d{3}\b", r.getMessage())
    ]
    read = next(m for m in messages if m.startswith("Read ") and "by MkDocs" in m)
    converted, again = map(int, re.findall(r"\d+", read))
    assert converted >= 4, read
    assert again == 0, read
    report = run_checks(read_settings(root), TODAY)
    expected = [
        group_text(unit) if len(unit) > 1 else finding_text(unit[0])
        for unit in grouped(report.findings)
    ]
    assert sorted(findings_logged) == sorted(expected)
    assert len(report.findings) >= 25
    # MkDocs' own warnings about the links the checks reported are dropped, as before.
    assert not any(_MKDOCS_LINK_WARNING.match(m) for m in messages)
