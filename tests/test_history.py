"""The git history index and roadmap field changes, on real temporary git repositories."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from helpers import write

from plugins.core import history_process
from plugins.core.gitutil import GitError
from plugins.core.history import (
    FieldChange,
    HistoryIndex,
    build_index,
    format_date,
    read_history,
    relative_to_repo,
    roadmap_changes,
    slips,
    uncommitted_paths,
)

if TYPE_CHECKING:
    from pathlib import Path

    from plugins.core.history import Commit, FileHistory

ZOE = ("Zoë Ångström", "zoe@example.com")
JOSE = ("José Núñez", "jose@example.com")
MIA = ("Mia Park", "mia@example.com")

#: No global or system git configuration leaks into the test repositories.
GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


class Scratch:
    """A real git repository in a temporary directory, committed to with fixed dates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, who: tuple[str, str] = ZOE, when: str = "") -> str:
        env = dict(GIT_ENV)
        if when:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        name, email = who
        command = ["git", "-c", f"user.name={name}", "-c", f"user.email={email}", *args]
        done = subprocess.run(
            command, cwd=self.root, env=env, check=True, capture_output=True, text=True
        )
        return done.stdout

    def write(self, rel: str, text: str) -> None:
        write(self.root, rel, text)

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", old, new)

    def commit(self, who: tuple[str, str], when: str, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, who=who, when=when)
        return self.git("rev-parse", "HEAD").strip()


def page(title: str, *lines: str) -> str:
    body = [f"# {title}", "", *(f"Step {n}: {title} keeps this line stable." for n in range(8))]
    return "\n".join([*body, *lines, ""])


def seen(commit: Commit) -> tuple[str, str, str]:
    """What a page footer shows: date (UTC), author, subject."""
    return commit.date.strftime("%Y-%m-%d %H:%M"), commit.author, commit.subject


def summary(history: FileHistory | None) -> dict[str, object]:
    assert history is not None
    return {
        "created": seen(history.created),
        "updated": seen(history.updated),
        "contributors": history.contributors,
        "commits": history.commits,
        "recent": [commit.subject for commit in history.recent],
    }


# ---- A repository with authors, a rename, a branch and a merge -------------------------------


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    repo = Scratch(tmp_path_factory.mktemp("history") / "team")
    repo.write("README.md", "# Team playbook\n")
    repo.write("playbook/intro.md", page("Intro"))
    repo.write("playbook/old name.md", page("Process"))
    repo.write("scratch.md", "notes\n")
    repo.commit(ZOE, "2026-01-05T09:00:00+00:00", "Start the playbook")

    repo.write("playbook/intro.md", page("Intro", "Welcome."))
    repo.write("playbook/café menu.md", page("Café"))
    repo.write("playbook/Überblick.md", page("Überblick"))
    repo.commit(JOSE, "2026-01-12T10:00:00+00:00", "Add the café page")

    repo.move("playbook/old name.md", "playbook/process/new name.md")
    repo.commit(ZOE, "2026-02-02T08:00:00+00:00", "Move the process page")

    repo.git("switch", "-q", "-c", "topic")
    repo.write("playbook/process/new name.md", page("Process", "Ask before you ship."))
    repo.commit(MIA, "2026-02-10T12:00:00+00:00", "Clarify the process")

    repo.git("switch", "-q", "main")
    repo.write("playbook/intro.md", page("Intro", "Welcome, all."))
    repo.commit(JOSE, "2026-02-11T09:00:00+00:00", "Tighten the intro")
    merge = ("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic")
    repo.git(*merge, when="2026-02-12T15:00:00+00:00")

    repo.write("playbook/café menu.md", page("Café", "Now with tea."))
    (repo.root / "scratch.md").unlink()
    repo.commit(JOSE, "2026-03-01T01:30:00+02:00", "Tidy up")  # 2026-02-28 23:30 UTC
    return repo


@pytest.fixture(scope="module")
def index(team: Scratch) -> HistoryIndex:
    built = build_index(team.root)
    assert built is not None
    return built


def test_index_describes_the_repository(team: Scratch, index: HistoryIndex) -> None:
    assert index.root == str(team.root.resolve())
    assert index.head == team.git("rev-parse", "HEAD").strip()
    assert index.shallow is False
    assert index.uncommitted == frozenset()
    assert sorted(index.files) == [
        "README.md",
        "playbook/café menu.md",
        "playbook/intro.md",
        "playbook/process/new name.md",
        "playbook/Überblick.md",
    ]
    assert index.get("scratch.md") is None  # deleted
    assert index.get("playbook/old name.md") is None  # only its new name is indexed


def test_file_edited_by_two_authors(index: HistoryIndex) -> None:
    assert summary(index.get("playbook/intro.md")) == {
        "created": ("2026-01-05 09:00", "Zoë Ångström", "Start the playbook"),
        "updated": ("2026-02-11 09:00", "José Núñez", "Tighten the intro"),
        "contributors": (("José Núñez", 2), ("Zoë Ångström", 1)),
        "commits": 3,
        "recent": ["Tighten the intro", "Add the café page", "Start the playbook"],
    }


def test_renamed_file_keeps_its_history_and_credits_the_branch_author(
    index: HistoryIndex,
) -> None:
    # Created under its old name, before the rename; the branch commit, not the merge, counts.
    assert summary(index.get("playbook/process/new name.md")) == {
        "created": ("2026-01-05 09:00", "Zoë Ångström", "Start the playbook"),
        "updated": ("2026-02-10 12:00", "Mia Park", "Clarify the process"),
        "contributors": (("Zoë Ångström", 2), ("Mia Park", 1)),
        "commits": 3,
        "recent": ["Clarify the process", "Move the process page", "Start the playbook"],
    }


def test_names_with_spaces_and_accents(index: HistoryIndex) -> None:
    cafe = index.get("playbook/café menu.md")
    assert summary(cafe) == {
        "created": ("2026-01-12 10:00", "José Núñez", "Add the café page"),
        "updated": ("2026-02-28 23:30", "José Núñez", "Tidy up"),
        "contributors": (("José Núñez", 2),),
        "commits": 2,
        "recent": ["Tidy up", "Add the café page"],
    }
    assert cafe is not None
    assert cafe.updated.email == "jose@example.com"
    assert cafe.updated.date == dt.datetime(2026, 2, 28, 23, 30, tzinfo=dt.UTC)
    assert summary(index.get("playbook/Überblick.md"))["contributors"] == (("José Núñez", 1),)


def test_dates_display_in_the_configured_time_zone(index: HistoryIndex) -> None:
    cafe = index.get("playbook/café menu.md")
    assert cafe is not None
    assert format_date(cafe.updated.date, "UTC") == "2026-02-28"
    assert format_date(cafe.updated.date, "Europe/Paris") == "2026-03-01"
    assert format_date(cafe.updated.date, "America/Los_Angeles") == "2026-02-28"
    assert format_date(dt.datetime(2026, 2, 28, 23, 30), "Asia/Tokyo") == "2026-03-01"  # naive: UTC
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        format_date(cafe.updated.date, "Mars/Olympus")


def test_log_lists_every_commit_newest_first(team: Scratch, index: HistoryIndex) -> None:
    assert [(commit.subject, paths) for commit, paths in index.log] == [
        ("Tidy up", ("playbook/café menu.md",)),
        ("Merge branch 'topic'", ()),
        ("Tighten the intro", ("playbook/intro.md",)),
        ("Clarify the process", ("playbook/process/new name.md",)),
        ("Move the process page", ("playbook/process/new name.md",)),
        (
            "Add the café page",
            ("playbook/café menu.md", "playbook/intro.md", "playbook/Überblick.md"),
        ),
        ("Start the playbook", ("README.md", "playbook/intro.md", "playbook/process/new name.md")),
    ]
    merge, _ = index.log[1]
    assert seen(merge) == ("2026-02-12 15:00", "Zoë Ångström", "Merge branch 'topic'")
    assert [commit.sha for commit, _ in index.log] == team.git("rev-list", "HEAD").split()


def test_recent_is_capped(team: Scratch) -> None:
    small = build_index(team.root, recent=2)
    assert small is not None
    intro = small.get("playbook/intro.md")
    assert intro is not None
    assert [commit.subject for commit in intro.recent] == ["Tighten the intro", "Add the café page"]
    assert intro.commits == 3
    assert seen(intro.created) == ("2026-01-05 09:00", "Zoë Ångström", "Start the playbook")


def test_built_from_a_subdirectory_paths_stay_repository_relative(
    team: Scratch, index: HistoryIndex
) -> None:
    inner = build_index(team.root / "playbook" / "process")
    assert inner is not None
    assert inner.root == index.root
    assert inner.files == index.files
    assert relative_to_repo(inner, team.root / "playbook" / "café menu.md") == (
        "playbook/café menu.md"
    )
    assert relative_to_repo(inner, team.root / "playbook" / ".." / "README.md") == "README.md"
    with pytest.raises(ValueError, match="not in the subpath"):
        relative_to_repo(inner, team.root.parent / "elsewhere.md")


def test_shallow_clone_is_reported(team: Scratch, tmp_path: Path) -> None:
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{team.root}", str(clone)],
        check=True,
        capture_output=True,
        env=GIT_ENV,
    )
    shallow = build_index(clone)
    assert shallow is not None
    assert shallow.shallow is True
    assert shallow.head == team.git("rev-parse", "HEAD").strip()
    assert [(commit.subject, len(paths)) for commit, paths in shallow.log] == [("Tidy up", 5)]
    intro = shallow.get("playbook/intro.md")
    assert summary(intro) == {  # history before the cut is unknown: the cut commit "created" it
        "created": ("2026-02-28 23:30", "José Núñez", "Tidy up"),
        "updated": ("2026-02-28 23:30", "José Núñez", "Tidy up"),
        "contributors": (("José Núñez", 1),),
        "commits": 1,
        "recent": ["Tidy up"],
    }


def test_no_repository_gives_none(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    write(plain, "playbook/index.md", "# Home\n")
    assert build_index(plain) is None
    assert roadmap_changes(plain) == {}
    assert uncommitted_paths(plain) == frozenset()
    empty = HistoryIndex.empty()
    assert (empty.head, empty.shallow, empty.get("playbook/index.md"), empty.log) == (
        None,
        False,
        None,
        (),
    )


def test_uncommitted_files(tmp_path: Path) -> None:
    repo = Scratch(tmp_path / "work")
    repo.write(".gitignore", "build/\n")
    repo.write("tracked.md", "one\n")
    repo.write("other.md", "two\n")
    repo.write("going.md", "three\n")
    repo.commit(MIA, "2026-05-04T10:00:00+00:00", "Add pages")

    repo.write("tracked.md", "one, edited\n")  # modified, not staged
    repo.write("new page.md", "staged\n")
    repo.git("add", "new page.md")  # added, not committed
    repo.write("drafts/idée.md", "untracked\n")  # untracked, in an untracked directory
    repo.write("build/site.html", "ignored\n")
    repo.git("rm", "-q", "going.md")  # deletion staged

    index = build_index(repo.root)
    assert index is not None
    assert index.uncommitted == {"tracked.md", "new page.md", "drafts/idée.md", "going.md"}
    assert uncommitted_paths(repo.root / "drafts") == index.uncommitted
    assert index.get("new page.md") is None
    assert index.get("drafts/idée.md") is None
    tracked = index.get("tracked.md")
    assert tracked is not None
    assert seen(tracked.updated) == ("2026-05-04 10:00", "Mia Park", "Add pages")
    assert sorted(index.files) == [".gitignore", "going.md", "other.md", "tracked.md"]


def test_repository_without_commits(tmp_path: Path) -> None:
    repo = Scratch(tmp_path / "empty")
    repo.write("first.md", "# First\n")
    index = build_index(repo.root)
    assert index is not None
    assert (index.head, index.shallow, dict(index.files), index.log) == (None, False, {}, ())
    assert index.uncommitted == {"first.md"}
    assert roadmap_changes(repo.root) == {}


def test_branch_edit_of_a_file_renamed_on_main_is_followed(tmp_path: Path) -> None:
    # The branch edits the old name *after* main renamed it: in date order the edit comes first.
    repo = Scratch(tmp_path / "crossed")
    repo.write("guide.md", page("Guide"))
    repo.commit(ZOE, "2026-04-01T09:00:00+00:00", "Add the guide")
    repo.git("switch", "-q", "-c", "edit")
    repo.git("switch", "-q", "main")
    repo.move("guide.md", "handbook.md")
    repo.commit(JOSE, "2026-04-02T09:00:00+00:00", "Rename the guide")
    repo.git("switch", "-q", "edit")
    repo.write("guide.md", page("Guide", "One more step."))
    repo.commit(MIA, "2026-04-03T09:00:00+00:00", "Extend the guide")
    repo.git("switch", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", "Merge edit", "edit", when="2026-04-04T09:00:00Z")
    assert (repo.root / "handbook.md").read_text(encoding="utf-8").endswith("One more step.\n")

    index = build_index(repo.root)
    assert index is not None
    assert sorted(index.files) == ["handbook.md"]
    assert summary(index.get("handbook.md")) == {
        "created": ("2026-04-01 09:00", "Zoë Ångström", "Add the guide"),
        "updated": ("2026-04-03 09:00", "Mia Park", "Extend the guide"),
        "contributors": (("José Núñez", 1), ("Mia Park", 1), ("Zoë Ångström", 1)),
        "commits": 3,
        "recent": ["Extend the guide", "Rename the guide", "Add the guide"],
    }


# ---- Roadmap field changes --------------------------------------------------------------------


def item(ident: str, status: str, horizon: str, quarter: str, target: str, extra: str = "") -> str:
    return (
        "# yaml-language-server: $schema=../../schemas/roadmap-item.schema.json\n"
        f"id: {ident}\n"
        "title: Single sign-on for every workspace\n"
        "summary: Admins connect their identity provider once; people sign in with it.\n"
        "theme: platform\n"
        f"status: {status}\n"
        f"horizon: {horizon}\n"
        f"quarter: {quarter}\n"
        "owner: platform\n"
        f"target: {target}\n"
        "depends_on: [audit-log]\n"
        "milestones:\n"
        f"  status: {extra or 'draft'}\n"
        f"  target: 2030-01-01\n"
    )


def change_rows(changes: tuple[FieldChange, ...]) -> list[tuple[str, str, str, str | None, str]]:
    return [
        (c.commit.date.date().isoformat(), c.commit.author, c.field, c.old, c.new) for c in changes
    ]


def test_roadmap_changes_follow_status_and_target(tmp_path: Path) -> None:
    repo = Scratch(tmp_path / "roadmap")
    road = "data/roadmap"
    repo.write(
        f"{road}/sso-login.yml", item("sso-login", "proposed", "later", "2027-Q2", "2027-06-30")
    )
    repo.write(
        f"{road}/audit-log.yml",
        item("audit-log", "planned", "next", '"2027-Q1"', "2027-03-31  # agreed with sales"),
    )
    repo.write(f"{road}/dropped.yml", item("dropped", "proposed", "later", "2027-Q4", "2027-12-31"))
    repo.commit(ZOE, "2026-01-10T09:00:00+00:00", "Propose single sign-on")

    repo.write(
        f"{road}/sso-login.yml",
        item("sso-login", "planned", "next", "2027-Q2", "2027-07-31", extra="reviewed"),
    )
    (repo.root / road / "dropped.yml").unlink()
    repo.commit(JOSE, "2026-02-01T09:00:00+00:00", "Plan single sign-on")

    repo.move(f"{road}/sso-login.yml", f"{road}/single-sign-on.yml")
    repo.write(
        f"{road}/single-sign-on.yml",
        item("single-sign-on", "planned  # agreed in review", "next", "2027-Q2", "2027-07-31"),
    )
    repo.commit(ZOE, "2026-03-01T09:00:00+00:00", "Rename the SSO item")

    repo.write(
        f"{road}/single-sign-on.yml",
        item("single-sign-on", '"in-progress"', "next", "2027-Q2", "2027-09-30"),
    )
    repo.commit(MIA, "2026-04-01T09:00:00+00:00", "Start single sign-on")

    repo.write(
        f"{road}/single-sign-on.yml",
        item("single-sign-on", "'in-progress'", "next", "2027-Q3", "2027-08-31"),
    )
    repo.commit(JOSE, "2026-05-01T09:00:00+00:00", "Pull single sign-on in")

    changes = roadmap_changes(repo.root)
    assert sorted(changes) == ["audit-log", "single-sign-on"]
    assert change_rows(changes["single-sign-on"]) == [
        ("2026-01-10", "Zoë Ångström", "status", None, "proposed"),
        ("2026-01-10", "Zoë Ångström", "horizon", None, "later"),
        ("2026-01-10", "Zoë Ångström", "quarter", None, "2027-Q2"),
        ("2026-01-10", "Zoë Ångström", "target", None, "2027-06-30"),
        ("2026-02-01", "José Núñez", "status", "proposed", "planned"),
        ("2026-02-01", "José Núñez", "horizon", "later", "next"),
        ("2026-02-01", "José Núñez", "target", "2027-06-30", "2027-07-31"),
        ("2026-04-01", "Mia Park", "status", "planned", "in-progress"),
        ("2026-04-01", "Mia Park", "target", "2027-07-31", "2027-09-30"),
        ("2026-05-01", "José Núñez", "quarter", "2027-Q2", "2027-Q3"),
        ("2026-05-01", "José Núñez", "target", "2027-09-30", "2027-08-31"),
    ]
    assert slips(changes["single-sign-on"]) == 2
    assert change_rows(changes["audit-log"]) == [
        ("2026-01-10", "Zoë Ångström", "status", None, "planned"),
        ("2026-01-10", "Zoë Ångström", "horizon", None, "next"),
        ("2026-01-10", "Zoë Ångström", "quarter", None, "2027-Q1"),
        ("2026-01-10", "Zoë Ångström", "target", None, "2027-03-31"),
    ]
    assert slips(changes["audit-log"]) == 0
    first = changes["single-sign-on"][0].commit
    assert (first.subject, first.email) == ("Propose single sign-on", "zoe@example.com")

    # The same history, asked from a playbook that lives in a subdirectory of the repository.
    assert roadmap_changes(repo.root / "data", roadmap_dir="roadmap") == changes
    # And read by a child process, as a build reads it.
    assert history_process.start(repo.root).result() == (build_index(repo.root), changes)


# ---- Reading the history in a child process ----------------------------------------------------


def test_child_process_reads_the_same_history(team: Scratch, index: HistoryIndex) -> None:
    assert history_process.start(team.root, "playbook").result() == (index, {})
    assert read_history(team.root, "playbook") == (index, {})


def test_child_process_reports_a_failing_git_as_the_same_error(tmp_path: Path) -> None:
    repo = Scratch(tmp_path / "broken")
    repo.write("playbook/intro.md", page("Intro"))
    repo.commit(ZOE, "2026-01-05T09:00:00+00:00", "Start")
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    (repo.root / ".git" / "objects" / tree[:2] / tree[2:]).unlink()  # HEAD's tree is gone

    with pytest.raises(GitError, match="cannot be read: fatal: not a tree object") as here:
        build_index(repo.root)
    with pytest.raises(GitError) as child:
        history_process.start(repo.root).result()
    assert str(child.value) == str(here.value)


def test_history_is_read_in_process_when_the_child_gives_no_answer(
    team: Scratch, index: HistoryIndex, tmp_path: Path
) -> None:
    garbage = tmp_path / "garbage-python"
    garbage.write_text("#!/bin/sh\necho not a pickle\n", encoding="utf-8")
    garbage.chmod(0o755)
    failing = shutil.which("false") or sys.executable + "-missing"
    for python in (str(tmp_path / "no-such-python"), failing, str(garbage)):
        assert history_process.start(team.root, "playbook", python=python).result() == (index, {})
