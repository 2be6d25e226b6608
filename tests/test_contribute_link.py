"""The "suggest a change without git" link beside the theme's edit action.

Built with the real `mkdocs` command: the link must sit next to Material's edit pencil on
hand-written and generated pages, with an accessible label, and leave the theme's own actions
(and a user's override of them) in place.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import TYPE_CHECKING

from tests.helpers import commit_all, edit, mkdocs_build, write

if TYPE_CHECKING:
    from pathlib import Path

LABEL = "Suggest a change without git"

NOTES = """\
---
title: Proposing changes
---

# Proposing changes

Open the page on the hosting's web editor, change it and open a pull request.
"""


class _Actions(HTMLParser):
    """The page actions (Material's `md-content__button` links) in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.actions: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "a" and "md-content__button" in found.get("class", "").split():
            self.actions.append(found)


def _actions(html: str) -> list[dict[str, str]]:
    parser = _Actions()
    parser.feed(html)
    return parser.actions


def _site(minimal: Path, option: str = "      contribute_page: notes.md") -> None:
    write(minimal, "playbook/notes.md", NOTES)
    edit(minimal, "mkdocs.yml", "  - Home: index.md\n", "  - Home: index.md\n  - notes.md\n")
    edit(
        minimal,
        "mkdocs.yml",
        "features: [navigation.prune]",
        "features: [navigation.prune, content.action.edit]",
    )
    edit(
        minimal,
        "mkdocs.yml",
        "      timezone: Europe/London",
        "      timezone: Europe/London\n" + option,
    )


def _page(out: Path, uri: str) -> list[dict[str, str]]:
    return _actions((out / uri).read_text(encoding="utf-8"))


def test_the_contribute_link_sits_beside_the_edit_action_on_every_kind_of_page(
    minimal: Path, tmp_path: Path
) -> None:
    _site(minimal)
    commit_all(minimal)
    out = tmp_path / "out"
    built = mkdocs_build(minimal, out)
    assert built.returncode == 0, built.stderr

    # A hand-written page, a nested one and a page generated from a data file (a release):
    # the theme's edit pencil first, then the contribute link, relative to the page.
    for uri, edit_target, relative in (
        ("index.html", "playbook/index.md", "notes/"),
        ("processes/launch/index.html", "playbook/processes/launch.md", "../../notes/"),
        ("releases/1.1.0/index.html", "data/releases/1.1.0.yml", "../../notes/"),
    ):
        actions = _page(out, uri)
        assert [a.get("rel", "") for a in actions] == ["edit", ""], (uri, actions)
        assert actions[0]["href"].endswith(edit_target), (uri, actions[0])
        link = actions[1]
        assert link["href"] == relative, uri
        assert link["aria-label"] == LABEL
        assert link["title"] == LABEL

    # A generated page without a source file has no pencil, but still the way to contribute.
    roadmap = _page(out, "roadmap/index.html")
    assert [(a["href"], a["aria-label"]) for a in roadmap] == [("../notes/", LABEL)]

    # The contribute page does not link to itself; its edit action stays.
    assert [a.get("rel", "") for a in _page(out, "notes/index.html")] == ["edit"]


def test_without_a_contribute_page_the_theme_actions_are_untouched(
    minimal: Path, tmp_path: Path
) -> None:
    _site(minimal, option="")
    commit_all(minimal)
    out = tmp_path / "out"
    built = mkdocs_build(minimal, out)
    assert built.returncode == 0, built.stderr
    assert [a.get("rel", "") for a in _page(out, "processes/launch/index.html")] == ["edit"]
    assert LABEL not in (out / "index.html").read_text(encoding="utf-8")


def test_a_users_own_override_of_the_actions_is_kept(minimal: Path, tmp_path: Path) -> None:
    _site(minimal)
    edit(minimal, "mkdocs.yml", "  name: material\n", "  name: material\n  custom_dir: overrides\n")
    write(
        minimal,
        "overrides/partials/actions.html",
        '<a class="md-content__button" rel="print" href="#print">Print</a>\n',
    )
    commit_all(minimal)
    out = tmp_path / "out"
    built = mkdocs_build(minimal, out)
    assert built.returncode == 0, built.stderr
    actions = _page(out, "processes/launch/index.html")
    assert [(a.get("rel", ""), a["href"]) for a in actions] == [
        ("print", "#print"),
        ("", "../../notes/"),
    ]
