"""`playbook import`: release notes (Keep a Changelog, towncrier, reno) and roadmap CSV exports.

Every importer runs end to end on the fixtures under tests/fixtures/import/ into a copy of the
sample site: its output passes `playbook check`, builds strictly, and a second run changes
nothing. The converters (RST to Markdown, YAML output) are tested against what Python-Markdown
and PyYAML really do with their output.
"""

from __future__ import annotations

import html as html_lib
import os
import re
import shutil
import subprocess
from typing import TYPE_CHECKING

import markdown
import pytest
import yaml
from helpers import SITES, TESTS, commit_all, findings_of, mkdocs_build, write
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.cli.main import main
from plugins.core.importers.common import dump_yaml
from plugins.core.importers.rst import escape, protect_line_starts, rst_to_markdown
from plugins.core.yamlio import parse_yaml

if TYPE_CHECKING:
    from pathlib import Path

FIXTURES = TESTS / "fixtures" / "import"
TODAY = ["--today", "2026-11-23"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts
    }


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out + out.err


def load(path: Path) -> dict[str, object]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def assert_second_run_changes_nothing(
    capsys: pytest.CaptureFixture[str], root: Path, *args: str
) -> None:
    before = snapshot(root)
    code, out = run(capsys, *args)
    assert code == 0, out
    assert "Nothing to do: created no file" in out
    assert snapshot(root) == before


# ---- reStructuredText to Markdown ---------------------------------------------------------------

_MD = markdown.Markdown(
    extensions=["admonition", "pymdownx.highlight", "pymdownx.superfences"],
    extension_configs={"pymdownx.highlight": {"use_pygments": False}},
)


def html_of(text: str) -> str:
    _MD.reset()
    return _MD.convert(text)


def test_rst_inline_literals_links_and_emphasis_render_as_in_rst() -> None:
    converted = rst_to_markdown(
        "Use ``app --x`` (see `the guide <https://example.org/a_(b)>`_), *really* **now**."
    )
    assert converted.problems == ()
    html = html_of(converted.markdown)
    assert "<code>app --x</code>" in html
    assert '<a href="https://example.org/a_(b)">the guide</a>' in html
    assert "<em>really</em>" in html
    assert "<strong>now</strong>" in html


def test_rst_lists_literal_blocks_and_directives_become_markdown_blocks() -> None:
    source = (
        "Run::\n\n    app migrate --from foo\n    app check\n\n"
        "* first\n* second with ``code``\n\n  - nested\n\n"
        "Then:\n\n#. one\n#. two\n\n"
        ".. note:: Back up first.\n\n"
        ".. warning::\n\n   Keys must be rotated:\n\n   * run ``app key rotate``\n\n"
        ".. code-block:: python\n\n   print('hi')\n"
    )
    converted = rst_to_markdown(source)
    assert converted.problems == ()
    html = html_of(converted.markdown)
    assert '<pre class="highlight"><code>app migrate --from foo\napp check</code></pre>' in html
    assert re.search(r"<ul>\s*<li>\s*<p>first</p>", html)
    assert "<li>\n<p>second with <code>code</code></p>\n<ul>\n<li>nested</li>" in html
    assert "<ol>\n<li>one</li>\n<li>two</li>\n</ol>" in html
    assert '<div class="admonition note">' in html
    assert "<p>Back up first.</p>" in html
    assert '<div class="admonition warning">' in html
    assert "<li>run <code>app key rotate</code></li>" in html
    assert "<code class=\"language-python\">print('hi')</code>" in html


def test_sphinx_roles_and_unknown_directives_are_kept_and_reported() -> None:
    converted = rst_to_markdown(
        "See :ref:`Authentication <auth>` and :command:`app login`.\n\n.. versionadded:: 2.0\n"
    )
    assert converted.markdown.startswith("See Authentication and `app login`.")
    assert "```\n.. versionadded:: 2.0\n```" in converted.markdown
    reasons = [reason for _, reason in converted.problems]
    assert "Sphinx role :ref: has no Markdown equivalent; kept its text" in reasons
    assert any("versionadded" in r and (line == 3) for line, r in converted.problems)


_PUNCTUATION = st.text(
    alphabet=st.sampled_from(list("ab xyz019*_`[]<>#:@%!-+.()\\&;/")), min_size=1, max_size=40
)


@given(st.lists(_PUNCTUATION, min_size=1, max_size=4))
@settings(max_examples=300, deadline=None)
def test_escaped_text_renders_as_written(lines: list[str]) -> None:
    lines = [" ".join(line.split()) for line in lines]
    if not all(lines):
        return
    text = "\n".join(lines)  # one paragraph of several lines, as RST paragraphs are
    html = html_of(protect_line_starts(escape(text)))
    assert html.startswith("<p>")
    assert html.endswith("</p>")
    assert html.count("<p>") == 1
    assert html_lib.unescape(html.removeprefix("<p>").removesuffix("</p>")) == text


@given(st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_rst_conversion_never_raises(text: str) -> None:
    converted = rst_to_markdown(text)
    assert isinstance(converted.markdown, str)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200))
@settings(max_examples=300, deadline=None)
def test_yaml_output_reads_back_exactly(text: str) -> None:
    document = dump_yaml({"id": "x", "text": text, "items": [text, "feature"]}).decode("utf-8")
    assert yaml.safe_load(document) == {"id": "x", "text": text, "items": [text, "feature"]}
    parsed = parse_yaml(document, "x.yml")
    assert parsed.ok
    assert parsed.value["text"] == text


@pytest.mark.parametrize(
    "text",
    [
        "`x` at the start",
        "[WIP] title",
        "*bold",
        "@mention",
        "%TAG",
        "!tag",
        "> quoted",
        "a: b: c",
        "# hash",
        "yes",
        "no",
        "on",
        "null",
        "~",
        "1.10",
        "2026-01-05",
        "line\nbreak\n",
        "  lead",
        "trail  ",
        "tab\there",
        "multi\n\nparagraph\n- list\n",
    ],
)
def test_yaml_output_of_trap_strings(text: str) -> None:
    assert yaml.safe_load(dump_yaml({"text": text})) == {"text": text}


# ---- Keep a Changelog ---------------------------------------------------------------------------


def test_changelog_imports_releases_and_pool_then_changes_nothing(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("import", "changelog", str(FIXTURES / "CHANGELOG.md"), "--root", str(minimal))
    code, out = run(capsys, *args)
    assert code == 0, out
    releases = minimal / "data/releases"
    assert sorted(p.name for p in releases.glob("2.*.yml")) == [
        "2.0.0.yml",
        "2.1.0.yml",
        "2.2.0.yml",
    ]
    latest = load(releases / "2.2.0.yml")
    assert latest["summary"] == (
        "Saved views and a faster search: most people will notice the search first.\n\n"
        "The API also gained pagination."
    )
    entries = latest["entries"]
    assert isinstance(entries, list)
    assert [e["type"] for e in entries] == [
        "security",
        "deprecation",
        "feature",
        "feature",
        "improvement",
        "improvement",
        "fix",
        "fix",
    ]
    views = entries[2]["text"]
    assert views.startswith(
        "Saved views: keep a filter, a sort and the visible columns under one name.\n"
    )
    assert "\n- Views are private until shared.\n" in views
    api = entries[3]["text"]
    assert '```bash\ncurl "https://api.example.org/v2/items?limit=50&cursor=abc"\n```' in api
    assert entries[1]["text"] == (
        "The `v1` list endpoints: use `v2` (see [migration](https://docs.example.org/v2-migration))."
    )
    assert (
        load(releases / "2.0.0.yml")["summary"]
        == "2 changes (Breaking changes: 1, New features: 1)."
    )
    pool = sorted((releases / "unreleased").glob("changelog-*.yml"))
    texts = {load(p)["text"] for p in pool}
    assert texts == {
        "`sync --dry-run` prints what would change; see [the sync guide](https://docs.example.org/sync).",
        "[WIP] Bulk edit for *selected* items.",
        "@mentions in comments no longer notify twice ([#214](https://github.com/example/app/issues/214)).",
    }
    assert "CHANGELOG.md:69: release 2.0.0 is marked [YANKED]; imported without the mark" in out
    assert (
        "CHANGELOG.md:79: '[1.9] - 2026-08-01' is not MAJOR.MINOR.PATCH; release not imported"
        in out
    )
    assert findings_of(minimal) == []
    assert_second_run_changes_nothing(capsys, minimal, *args)


def test_changelog_never_overwrites_an_existing_release(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(minimal, "CHANGES.md", "## [1.1.0] - 2026-09-02\n\n### Fixed\n\n- Something else.\n")
    before = (minimal / "data/releases/1.1.0.yml").read_bytes()
    code, out = run(
        capsys, "import", "changelog", str(minimal / "CHANGES.md"), "--root", str(minimal)
    )
    assert code == 0
    assert "Kept data/releases/1.1.0.yml: it exists with other content; not overwritten" in out
    assert (minimal / "data/releases/1.1.0.yml").read_bytes() == before


def test_changelog_section_map_option(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(minimal, "CHANGES.md", "## [Unreleased]\n\n### Tweaked\n\n- Smaller icons.\n")
    code, out = run(
        capsys, "import", "changelog", str(minimal / "CHANGES.md"), "--root", str(minimal)
    )
    assert "CHANGES.md:3: section 'Tweaked' maps to no entry type" in out
    code, out = run(
        capsys,
        "import",
        "changelog",
        str(minimal / "CHANGES.md"),
        "--root",
        str(minimal),
        "--map",
        "tweaked=improvement",
    )
    assert code == 0
    (created,) = (minimal / "data/releases/unreleased").glob("changelog-*.yml")
    assert load(created)["type"] == "improvement"
    code, out = run(
        capsys,
        "import",
        "changelog",
        str(minimal / "CHANGES.md"),
        "--root",
        str(minimal),
        "--map",
        "tweaked=polish",
    )
    assert code == 2
    assert "--map: 'polish' in 'tweaked=polish' is not an entry type" in out


def test_pool_entry_already_cut_into_a_release_is_not_imported_again(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(minimal, "CHANGES.md", "## [Unreleased]\n\n### Added\n\n- Everything starts here.\n")
    _, out = run(capsys, "import", "changelog", str(minimal / "CHANGES.md"), "--root", str(minimal))
    assert "already released in data/releases/1.0.0.yml; not added to the pool" in out
    assert not list((minimal / "data/releases/unreleased").glob("changelog-*"))


# ---- towncrier ----------------------------------------------------------------------------------


def test_towncrier_fragments_go_to_the_pool(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = minimal.parent / "app"
    shutil.copytree(FIXTURES / "towncrier", project)
    args = ("import", "towncrier", str(project / "changes"), "--root", str(minimal))
    code, out = run(capsys, *args)
    assert code == 0, out
    pool = minimal / "data/releases/unreleased"
    made = {p.name: load(p) for p in pool.glob("towncrier-*.yml")}
    assert {name: data["type"] for name, data in made.items()} == {
        "towncrier-1024-feature.yml": "feature",
        "towncrier-1031-feature.yml": "feature",
        "towncrier-1040-bugfix.yml": "fix",
        "towncrier-1040-bugfix-1.yml": "fix",
        "towncrier-a1b2c3-bugfix.yml": "fix",
        "towncrier-998-removal.yml": "deprecation",
        "towncrier-1002-doc.yml": "improvement",
    }
    assert made["towncrier-1024-feature.yml"]["text"] == (
        "Added a `--json` flag to `app export`: each line is one item. (#1024)"
    )
    assert made["towncrier-1031-feature.yml"]["text"] == (
        "The `--since` option accepts dates like `2026-01-05` and durations like `3d`. (#1031)"
    )
    assert made["towncrier-a1b2c3-bugfix.yml"]["text"] == "Crash when a title starts with `*`."
    assert made["towncrier-998-removal.yml"]["text"] == (
        "The `--legacy` flag is deprecated and will be removed in 3.0.\n\n"
        "!!! warning\n\n    Scripts that pass it print a warning from now on.\n\n(#998)"
    )
    assert made["towncrier-1002-doc.yml"]["text"].startswith(
        "Documented the [retry policy](https://docs.example.org/retries):\n\n- three attempts\n"
    )
    assert "pyproject.toml: bugfix, doc, feature, misc, removal" in out
    assert (
        "changes/1050.misc:1: type 'misc' shows no content in towncrier (only the issue); not imported"
        in out
    )
    assert "changes/notes.txt:1: not a fragment name of a known type" in out
    assert "README" not in out
    assert findings_of(minimal) == []
    assert_second_run_changes_nothing(capsys, minimal, *args)


# ---- reno ---------------------------------------------------------------------------------------


def git(repo: Path, *args: str, date: str = "2026-09-05T10:00:00+00:00") -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env=env,
    )


def reno_project(
    tmp_path: Path,
    days: tuple[str, ...] = ("2026-09-08", "2026-09-12", "2026-10-01", "2026-10-08", "2026-11-01"),
) -> Path:
    """A real repository whose notes were added between tags, pre-releases included."""
    repo = tmp_path / "project"
    notes = repo / "releasenotes" / "notes"
    notes.mkdir(parents=True)
    write(repo, "README.md", "# project\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    git(repo, "tag", "docs-freeze")  # not a version: ignored
    names = [
        "new-scheduler-5e1f0c2a9b7d3e41.yaml",
        "api-keys-8c3d2b1a0f9e8d72.yaml",
        "prerelease-fix-1a2b3c4d5e6f7081.yaml",
        None,
        "after-release-9f8e7d6c5b4a3921.yaml",
    ]
    tags = [["3.0.0rc1"], ["3.0.0"], ["3.1.0.0b1"], ["v3.1.0"], ["3.2.0rc1"]]
    steps = list(zip(names, days, tags, strict=True))
    for name, day, tags in steps:
        if name:
            shutil.copy(FIXTURES / "reno/notes" / name, notes / name)
        else:
            write(repo, "CHANGELOG.txt", day + "\n")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", f"change of {day}", date=f"{day}T10:00:00+00:00")
        for tag in tags:
            git(repo, "tag", tag, date=f"{day}T10:00:00+00:00")
    shutil.copy(FIXTURES / "reno/notes/uncommitted-0a1b2c3d4e5f6a7b.yaml", notes)
    return repo


def test_reno_notes_find_their_release_by_the_first_tag_containing_them(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = reno_project(tmp_path)
    args = ("import", "reno", str(repo / "releasenotes/notes"), "--root", str(minimal))
    code, out = run(capsys, *args)
    assert code == 0, out
    releases = minimal / "data/releases"
    assert sorted(p.name for p in releases.glob("3.*.yml")) == ["3.0.0.yml", "3.1.0.yml"]
    first = load(releases / "3.0.0.yml")
    assert str(first["date"]) == "2026-09-12"  # the final tag's date; 3.0.0rc1 folded in
    assert first["summary"] == (
        "The 3.0.0 release introduces the new scheduler. Operators should read the upgrade notes "
        "before deploying; see the [upgrade guide](https://docs.example.org/upgrade/3.0)."
    )
    texts = [(e["type"], e["text"]) for e in first["entries"]]
    assert [t for t, _ in texts] == [
        "breaking",
        "security",
        "deprecation",
        "feature",
        "feature",
        "feature",
        "fix",
    ]
    upgrade = texts[0][1]
    assert upgrade == (
        "The `scheduler_driver` option moved to the `[scheduler]` section.\n"
        "Update your configuration:\n\n```\n[scheduler]\ndriver = weighted\n```\n\n"
        "!!! note\n\n    The old option is still read, with a warning, until 4.0."
    )
    scheduler = texts[3][1]
    assert (
        "Enable it with `[scheduler] driver = weighted`:\n\n- it reads `cpu`, `memory` and `disk_io` metrics\n"
        in scheduler
    )
    # single backquotes are RST's default role (title reference): emphasis, brackets escaped
    assert (
        texts[4][1] == r"*\[beta\]* The `--dry-run` flag: shows placements without applying them."
    )
    assert "!!! warning" in texts[1][1]
    second = load(releases / "3.1.0.yml")
    assert str(second["date"]) == "2026-10-08"  # 3.1.0.0b1 folded into the v3.1.0 tag
    assert [e["type"] for e in second["entries"]] == ["improvement", "fix"]
    assert second["summary"] == "2 changes (Improvements: 1, Fixes: 1)."
    pool = {p.name: load(p) for p in (minimal / "data/releases/unreleased").glob("reno-*.yml")}
    assert sorted(pool) == [
        "reno-after-release-9f8e7d6c5b4a3921-features-1.yml",
        "reno-uncommitted-0a1b2c3d4e5f6a7b-fixes-1.yml",
    ]
    assert pool["reno-after-release-9f8e7d6c5b4a3921-features-1.yml"]["text"] == (
        "Quotas per project:\n\n1. set a quota with `app quota set`\n2. watch usage with `app quota show`"
    )
    assert (
        "only in pre-release 3.2.0rc1 (3.2.0 is not tagged yet); its entries go to the pool" in out
    )
    assert "uncommitted-0a1b2c3d4e5f6a7b.yaml: not committed yet" in out
    assert "after-release-9f8e7d6c5b4a3921.yaml:8: section 'issues' maps to no entry type" in out
    assert "api-keys-8c3d2b1a0f9e8d72.yaml:13: Sphinx role :ref: has no Markdown equivalent" in out
    assert findings_of(minimal) == []
    assert_second_run_changes_nothing(capsys, minimal, *args)
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/releases/3.0.0/index.html").read_text(encoding="utf-8")
    assert "scheduler_driver" in page


def test_reno_outside_a_git_repository_is_one_clear_error(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = tmp_path / "loose"
    shutil.copytree(FIXTURES / "reno/notes", notes)
    code, out = run(capsys, "import", "reno", str(notes), "--root", str(minimal))
    assert code == 2
    assert "git rev-parse failed" in out
    assert "Traceback" not in out


# ---- Roadmap CSV --------------------------------------------------------------------------------


def test_jira_export_becomes_roadmap_items(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = (
        "import",
        "roadmap-csv",
        str(FIXTURES / "roadmap/jira.csv"),
        "--preset",
        "jira",
        "--root",
        str(minimal),
        "--value",
        "status:To Do=proposed",
        "--set",
        "metrics=adoption",
        "--set",
        "problem=Customers asked for it in the 2026 survey.",
        *TODAY,
    )
    code, out = run(capsys, *args)
    assert code == 0, out
    roadmap = minimal / "data/roadmap"
    bulk = load(roadmap / "bulk-edit-finally.yml")
    assert bulk["owner"] == "core"  # "Core Squad" is the team's name
    assert bulk["theme"] == "essentials"  # "Core product" is the theme's name
    assert bulk["status"] == "in-progress"
    assert (str(bulk["target"]), bulk["quarter"], bulk["horizon"]) == (
        "2027-01-15",
        "2027-Q1",
        "next",
    )
    assert bulk["summary"] == (
        "Edit many items at once, from the list view.\n\n- select items with a checkbox\n"
        "- apply one change to all of them\n\nSee [the spec](https://wiki.example.org/bulk-edit)."
    )
    assert load(roadmap / "bulk-edit-finally-2.yml")["title"] == "Bulk edit finally"
    wip = load(roadmap / "wip-search-faster-with-quotes.yml")
    assert wip["title"] == '[WIP] `Search` *: faster, with "quotes"'
    assert wip["summary"] == "@team: keys like `a: b: c`, 100% of the time; # not a comment"
    assert "jira.csv:10: 'Retire the classic theme': status 'Done' is not one of" in out
    assert "jira.csv:11: 'Mobile offline mode': owner 'Mobile Team' is not one of core, ops" in out
    assert "jira.csv:12: 'Weird date': target '03/04/2027' is not a date (give --date-format" in out
    assert findings_of(minimal) == []
    assert_second_run_changes_nothing(capsys, minimal, *args)


def test_shipped_rows_need_a_release_citing_them(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = run(
        capsys,
        "import",
        "roadmap-csv",
        str(FIXTURES / "roadmap/jira.csv"),
        "--preset",
        "jira",
        "--root",
        str(minimal),
        "--value",
        "status:To Do=proposed",
        "--value",
        "status:Done=shipped",
        "--set",
        "metrics=adoption",
        "--set",
        "problem=Asked for.",
        *TODAY,
    )
    assert (
        "'Retire the classic theme' is shipped, and a shipped item must be cited by a release entry"
        in out
    )
    assert not (minimal / "data/roadmap/retire-the-classic-theme.yml").exists()
    assert findings_of(minimal) == []


def test_linear_and_productboard_exports(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    linear = (
        "import",
        "roadmap-csv",
        str(FIXTURES / "roadmap/linear.csv"),
        "--preset",
        "linear",
        "--root",
        str(minimal),
        "--value",
        "status:Todo=planned",
        "--value",
        "status:Backlog=proposed",
        "--set",
        "metrics=adoption",
        "--set",
        "problem=Asked for.",
        *TODAY,
    )
    code, out = run(capsys, *linear)
    assert code == 0, out
    assert load(minimal / "data/roadmap/dark-mode.yml")["summary"] == "Dark mode"
    assert "1 row has no description; the summary repeats the title" in out
    assert load(minimal / "data/roadmap/playbook-search.yml")["owner"] == "ops"
    board = (
        "import",
        "roadmap-csv",
        str(FIXTURES / "roadmap/productboard.csv"),
        "--preset",
        "productboard",
        "--root",
        str(minimal),
        "--value",
        "status:Candidate=proposed",
        "--set",
        "metrics=adoption",
        "--set",
        "problem=Asked for.",
        *TODAY,
    )
    code, out = run(capsys, *board)
    assert code == 0, out
    analytics = load(minimal / "data/roadmap/usage-analytics.yml")
    assert (str(analytics["start"]), str(analytics["target"]), analytics["quarter"]) == (
        "2027-01-01",
        "2027-06-30",
        "2027-Q2",
    )
    assert str(load(minimal / "data/roadmap/audit-trail.yml")["target"]) == "2027-03-31"
    assert findings_of(minimal) == []
    assert_second_run_changes_nothing(capsys, minimal, *board)


def test_missing_required_values_are_reported_not_guessed(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        capsys,
        "import",
        "roadmap-csv",
        str(FIXTURES / "roadmap/productboard.csv"),
        "--preset",
        "productboard",
        "--root",
        str(minimal),
        "--value",
        "status:Candidate=proposed",
        *TODAY,
    )
    assert code == 0
    assert "productboard.csv:2: 'Usage analytics': no value for metrics, problem" in out
    assert not (minimal / "data/roadmap/usage-analytics.yml").exists()


def test_release_importers_output_builds_strictly(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "app"
    shutil.copytree(FIXTURES / "towncrier", project)
    for args in (
        ("import", "changelog", str(FIXTURES / "CHANGELOG.md")),
        ("import", "towncrier", str(project / "changes")),
        (
            "import",
            "roadmap-csv",
            str(FIXTURES / "roadmap/jira.csv"),
            "--preset",
            "jira",
            "--value",
            "status:To Do=proposed",
            "--set",
            "metrics=adoption",
            "--set",
            "problem=Asked.",
            *TODAY,
        ),
    ):
        code, out = run(capsys, *args, "--root", str(minimal))
        assert code == 0, out
    assert findings_of(minimal) == []
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    release = (tmp_path / "out/releases/2.2.0/index.html").read_text(encoding="utf-8")
    assert "Session tokens expire after 12 hours of inactivity." in release
    roadmap = (tmp_path / "out/roadmap/index.html").read_text(encoding="utf-8")
    assert "[WIP] `Search` *: faster, with &quot;quotes&quot;</a>" in roadmap


# ---- Markdown pages -----------------------------------------------------------------------------

HANDBOOK = FIXTURES / "handbook"


def test_handbook_pages_are_copied_with_only_their_links_made_explicit(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("import", "pages", str(HANDBOOK), "--into", "playbook/handbook", "--root", str(minimal))
    code, out = run(capsys, *args)
    assert code == 0, out
    imported = minimal / "playbook/handbook"
    source = {
        p.relative_to(HANDBOOK).as_posix(): p.read_bytes()
        for p in HANDBOOK.rglob("*")
        if p.is_file()
    }
    copied = {
        p.relative_to(imported).as_posix(): p.read_bytes()
        for p in imported.rglob("*")
        if p.is_file()
    }
    assert sorted(copied) == sorted(source)
    changed = {name for name in source if copied[name] != source[name]}
    assert changed == {"index.md", "guides/README.md", "guides/setup.md"}

    def diff(name: str) -> list[tuple[str, str]]:
        old = source[name].decode().split("\n")
        new = copied[name].decode().split("\n")
        assert len(old) == len(new)
        return [(a, b) for a, b in zip(old, new, strict=True) if a != b]

    assert diff("index.md") == [
        (
            "> Start with the [guides](guides/) and read [how to set up](guides/setup) your laptop.",
            "> Start with the [guides](guides/README.md) and read [how to set up](guides/setup.md) your laptop.",
        ),
        (
            "> The old site linked pages as [HTML](guides/setup.html); those links still work here.",
            "> The old site linked pages as [HTML](guides/setup.md); those links still work here.",
        ),
        (
            "Jump to [installing](/guides/setup#install) or [the team](team), mail [ops](mailto:ops@example.org),",
            "Jump to [installing](guides/setup.md#install) or [the team](team/index.md), mail [ops](mailto:ops@example.org),",
        ),
        ("[guides]: guides/", "[guides]: guides/README.md"),
    ]
    assert diff("guides/README.md") == [
        ("- [The team](../team/)", "- [The team](../team/index.md)"),
        ("- [Home](../)", "- [Home](../index.md)"),
    ]
    assert diff("guides/setup.md") == [
        (
            "2. Read the [guides index](./) and the [on-call rota](../team/on%20call).",
            "2. Read the [guides index](./README.md) and the [on-call rota](../team/on%20call.md).",
        )
    ]
    assert "handbook/index.md:16: link '../wiki/home.md' points outside the imported folder" in out
    assert "handbook/index.md:16: link 'nowhere': not found in the imported folder" in out
    assert "handbook/index.md:26: template token {{generator:build_date}} left in the text" in out
    assert "handbook/index.md:26: template token {{ page.title }} left in the text" in out
    assert "Note: 10 links made explicit so that MkDocs can follow them" in out
    assert (
        "Next: give the folder an owner and a review interval in playbook/handbook/.meta.yml" in out
    )
    # `playbook check` finds exactly the two broken links the importer reported (the
    # extensionless one is what MkDocs warns about as an unrecognized link).
    assert findings_of(minimal) == [("PB701", "playbook/handbook/index.md", 16)] * 2
    assert_second_run_changes_nothing(capsys, minimal, *args)

    # The author mounts the folder in the nav as printed, and records the inherited broken link
    # in the baseline: the site builds strictly; a newly broken link still fails it.
    mount = out[out.index("  - Handbook:") :].split("\n")[0]
    assert mount == "  - Handbook: handbook/"
    config = (minimal / "mkdocs.yml").read_text(encoding="utf-8")
    (minimal / "mkdocs.yml").write_text(
        config.replace("  - Reference:\n", mount + "\n  - Reference:\n"), encoding="utf-8"
    )
    # `[a missing page](nowhere)` (MkDocs' "unrecognized relative link") the author removes.
    page = imported / "index.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("[a missing page](nowhere)", "a missing page"),
        encoding="utf-8",
    )
    code, out = run(capsys, "baseline", "--root", str(minimal), *TODAY)
    assert code == 0, out
    assert findings_of(minimal) == []
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/handbook/index.html").read_text(encoding="utf-8")
    assert 'href="guides/setup/#install"' in html
    assert 'href="team/"' in html
    assert "Built on {{generator:build_date}} for {{ page.title }}." in html
    assert '<div class="admonition note">' in html  # the GitHub alert
    assert '<a href="../guides/">raw HTML links are left as they are</a>' in (
        tmp_path / "out/handbook/team/index.html"
    ).read_text(encoding="utf-8")
    setup = imported / "guides/setup.md"
    setup.write_text(
        setup.read_text(encoding="utf-8") + "\nSee [the FAQ](faq.md).\n", encoding="utf-8"
    )
    assert findings_of(minimal) == [("PB701", "playbook/handbook/guides/setup.md", 18)]
    result = mkdocs_build(minimal, tmp_path / "out2")
    assert result.returncode != 0
    assert "faq.md" in result.stderr


def test_pages_import_reports_what_mkdocs_would_drop_or_cannot_read(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "wiki"
    write(src, "index.md", "# Home\n")
    write(src, "README.md", "# Readme\n")
    (src / "latin1.md").write_bytes("# Caf\xe9\n\n[x](index)\n".encode("latin-1"))
    (src / "link.md").symlink_to(src / "index.md")
    code, out = run(
        capsys, "import", "pages", str(src), "--into", "playbook/wiki", "--root", str(minimal)
    )
    assert code == 0, out
    assert (
        "wiki/README.md:1: the folder also has index.md: MkDocs publishes index.md and leaves README.md out"
        in out
    )
    assert "wiki/latin1.md:1: not UTF-8; copied as it is, links not checked" in out
    assert "wiki/link.md:1: symbolic link; not imported" in out
    assert (minimal / "playbook/wiki/latin1.md").read_bytes() == (src / "latin1.md").read_bytes()
    assert not (minimal / "playbook/wiki/link.md").exists()


@pytest.mark.parametrize("into", ["handbook", "playbook", "playbook/../data", "/playbook/x/../.."])
def test_pages_must_go_inside_the_docs_folder(
    minimal: Path, into: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        capsys, "import", "pages", str(HANDBOOK), "--into", into, "--root", str(minimal)
    )
    assert code == 2
    assert "--into must be a folder inside the docs folder 'playbook/'" in out
    assert not (minimal / "handbook").exists()


@given(st.text(alphabet=st.sampled_from(list("[]()<>`~#!:/.- \nabc-_*\\\"'")), max_size=120))
@settings(max_examples=300, deadline=None)
def test_page_text_without_resolvable_links_is_kept_byte_for_byte(text: str) -> None:
    from plugins.core.importers.pages import Tree, rewrite_links

    out, _, changes = rewrite_links(text, "page.md", Tree(frozenset({"page.md"}), frozenset({""})))
    assert changes == 0
    assert out == text


def test_reno_sections_follow_another_organisations_vocabulary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # tests/sites/infra: entry types upgrade, security, deprecations, features (must cite an
    # item), fixes and known-issues; audiences operators and developers.
    site = tmp_path / "infra"
    shutil.copytree(SITES / "infra", site)
    repo = reno_project(
        tmp_path, ("2026-10-10", "2026-10-14", "2026-10-20", "2026-10-25", "2026-11-01")
    )
    code, out = run(
        capsys,
        "import",
        "reno",
        str(repo / "releasenotes/notes"),
        "--root",
        str(site),
        "--audience",
        "operators",
    )
    assert code == 0, out
    release = load(site / "data/releases/3.0.0.yml")
    assert [e["type"] for e in release["entries"]] == [
        "upgrade",
        "security",
        "deprecations",
        "fixes",
    ]
    assert {a for e in release["entries"] for a in e["audience"]} == {"operators"}
    assert "entry type 'features' must cite a roadmap item (requires_item); not imported" in out
    pool = {p.name: load(p) for p in (site / "data/releases/unreleased").glob("reno-*.yml")}
    assert pool["reno-after-release-9f8e7d6c5b4a3921-issues-1.yml"]["type"] == "known-issues"
    assert findings_of(site) == []
    code, out = run(
        capsys,
        "import",
        "reno",
        str(repo / "releasenotes/notes"),
        "--root",
        str(site),
        "--audience",
        "admins",
    )
    assert code == 2
    assert "--audience: 'admins' is not an audience; expected one of: operators, developers" in out


# ---- The "Migrating to Playbook" page ----------------------------------------------------------


def test_migrating_page_documents_every_importer_with_options_that_exist() -> None:
    import shlex

    import click

    from plugins.cli.imports import import_command
    from plugins.cli.main import cli

    page = (TESTS.parent / "playbook/start-here/migrating.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", page, re.DOTALL)
    commands = [
        shlex.split(line)
        for block in blocks
        for line in block.replace("\\\n", " ").splitlines()
        if line.strip()
    ]
    documented = {words[2] for words in commands if words[:2] == ["playbook", "import"]}
    assert documented == set(import_command.commands)
    for words in commands:
        assert words[0] == "playbook"
        command: click.Command = cli
        rest = words[1:]
        while isinstance(command, click.Group):
            found = command.get_command(click.Context(command), rest.pop(0))
            assert found is not None, words
            command = found
        known = {opt for param in command.params for opt in param.opts}
        used = {word.split("=")[0] for word in rest if word.startswith("--")}
        assert used <= known, (words, used - known)
    for option in re.findall(r"`(--[a-z-]+)", page):
        assert any(
            option in {o for p in c.params for o in p.opts}
            for c in import_command.commands.values()
        ) or option in {"--dry-run", "--root"}, option


# ---- Any text survives ---------------------------------------------------------------------------

_CELL = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(list('\n,"`[*@: #%!>{}')),
    min_size=1,
    max_size=80,
)


@given(st.lists(st.tuples(_CELL, _CELL), min_size=1, max_size=8))
@settings(max_examples=60, deadline=None)
def test_any_csv_text_is_imported_exactly_or_reported(rows: list[tuple[str, str]]) -> None:
    import csv
    import datetime as dt
    import io
    import tempfile
    from pathlib import Path as _Path

    from plugins.core.importers.roadmap_csv import CsvOptions, Known, plan_roadmap_csv
    from plugins.core.vocabulary import DEFAULT

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Title", "Description", "Status", "Team", "Theme", "Due date"])
    for title, description in rows:
        writer.writerow([title, description, "planned", "core", "essentials", "2027-03-01"])
    known = Known(
        teams=frozenset({"core"}),
        themes=frozenset({"essentials"}),
        kpis=frozenset({"adoption"}),
        processes=frozenset(),
        roadmap=frozenset(),
        vocabulary=DEFAULT,
    )
    options = CsvOptions(
        defaults={"metrics": "adoption", "problem": "Asked for."}, today=dt.date(2026, 11, 23)
    )
    with tempfile.TemporaryDirectory() as tmp:
        plan = plan_roadmap_csv(buffer.getvalue(), "export.csv", _Path(tmp), "data", known, options)
    assert len(plan.outputs) + len(plan.unmapped) >= len({t.strip() for t, _ in rows if t.strip()})
    wanted = set()
    for title, description in rows:
        title, description = (
            title.replace("\r\n", "\n").strip(),
            description.replace("\r\n", "\n").strip(),
        )
        wanted.add((title, description or title))
    ids = set()
    for output in plan.outputs:
        data = yaml.safe_load(output.content)
        assert (data["title"], data["summary"]) in wanted
        assert data["id"] not in ids
        ids.add(data["id"])


@given(st.lists(_CELL.filter(lambda t: t.strip() and "\n" not in t), min_size=1, max_size=6))
@settings(max_examples=60, deadline=None)
def test_any_changelog_entry_text_is_kept(texts: list[str]) -> None:
    import tempfile
    from pathlib import Path as _Path

    from plugins.core.importers.changelog import KNOWN_SECTIONS, plan_changelog
    from plugins.core.importers.common import build_type_map
    from plugins.core.importers.releases import Target
    from plugins.core.vocabulary import DEFAULT

    body = "\n".join(f"- {t.strip()}" for t in texts)
    text = f"## [1.0.0] - 2026-01-05\n\n### Fixed\n\n{body}\n"
    with tempfile.TemporaryDirectory() as tmp:
        target = Target(_Path(tmp), "data", DEFAULT, "everyone")
        types = build_type_map(KNOWN_SECTIONS, DEFAULT.entry_type_ids, {})
        plan = plan_changelog(text, "CHANGELOG.md", target, types)
    (release,) = [o for o in plan.outputs if o.path.endswith("1.0.0.yml")]
    entries = yaml.safe_load(release.content)["entries"]
    assert [e["text"] for e in entries] == [t.strip() for t in texts]


def test_adjacent_lists_are_reported() -> None:
    converted = rst_to_markdown("* a\n* b\n\n#. one\n#. two\n")
    assert (
        4,
        "two lists in a row become one list in Markdown; separate them with a sentence",
    ) in converted.problems


def test_reno_notes_outside_the_given_repository_are_refused(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = reno_project(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(FIXTURES / "reno/notes", elsewhere)
    code, out = run(
        capsys, "import", "reno", str(elsewhere), "--repo", str(repo), "--root", str(minimal)
    )
    assert code == 2
    assert "is not inside the git repository" in out
    assert "Traceback" not in out
    assert "internal error" not in out


def test_csv_in_another_encoding(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = minimal / "export.csv"
    export.write_bytes(
        "Title,Description,Status,Team,Theme,Due date\nCafé menus,Menus für Café,planned,core,essentials,2027-03-01\n".encode(
            "cp1252"
        )
    )
    common = (
        "import",
        "roadmap-csv",
        str(export),
        "--root",
        str(minimal),
        "--set",
        "metrics=adoption",
        "--set",
        "problem=Asked.",
        *TODAY,
    )
    code, out = run(capsys, *common)
    assert code == 2
    assert "is not utf-8 (give the file's encoding with --encoding, e.g. cp1252 or utf-16)" in out
    code, out = run(capsys, *common, "--encoding", "cp1252")
    assert code == 0, out
    assert load(minimal / "data/roadmap/cafe-menus.yml")["summary"] == "Menus für Café"
    assert findings_of(minimal) == []
