"""Small git queries the CLI needs (through GitPython)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import git


class GitError(Exception):
    """A git query failed; the message says why in a user's words."""


def open_repo(root: Path) -> git.Repo:
    import git  # GitPython is imported only by the commands that need git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as error:
        raise GitError(f"{root} is not inside a git repository") from error


def changed_files(root: Path, base: str) -> set[str]:
    """Paths (relative to `root`) that differ from `base`: committed, staged, unstaged or new."""
    import git

    repo = open_repo(root)
    try:
        repo.commit(base)
    except (git.BadName, ValueError) as error:
        raise GitError(
            f"unknown git revision '{base}' (fetch it first, e.g. `git fetch origin main`)"
        ) from error
    top = repo.working_tree_dir
    assert top is not None
    here, top_path = root.resolve(), Path(top).resolve()
    prefix = "" if here == top_path else here.relative_to(top_path).as_posix()
    try:
        diff = repo.git.diff("--name-only", "--no-renames", base, "--").splitlines()
        untracked = repo.git.ls_files("--others", "--exclude-standard").splitlines()
    except git.GitCommandError as error:
        raise GitError(f"git diff against '{base}' failed: {error.stderr.strip()}") from error
    out = set()
    for path in (*diff, *untracked):
        if prefix and not path.startswith(prefix + "/"):
            continue
        out.add(path[len(prefix) + 1 :] if prefix else path)
    return out
