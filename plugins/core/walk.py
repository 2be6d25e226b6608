"""Walking the docs and data folders: one walker, so every reader skips the same hidden folders
and refuses the same symbolic links.

A link (file or folder) that resolves outside the repository is never followed nor read: it
becomes a PB107 finding instead, whichever reader met it first. Hidden folders (`.git`, `.cache`)
are not entered, as MkDocs does not publish them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from plugins.core import rules
from plugins.core.findings import Finding, Location

if TYPE_CHECKING:
    from collections.abc import Callable


def leads_outside(path: str | Path, root: Path) -> bool:
    """Whether `path` (a symbolic link, or inside one) resolves to a place outside `root`."""
    real = Path(os.path.realpath(path))
    return not real.is_relative_to(Path(os.path.realpath(root)))


def outside_link(rel: str, path: str | Path) -> Finding:
    """PB107: `path` (shown as `rel`) is a link out of the repository."""
    return rules.OUTSIDE_LINK.at(
        Location(rel),
        f"{rel} is a link to {os.path.realpath(path)}, outside the repository; it is not read",
    )


def walk(
    top: Path,
    wanted: Callable[[str], bool],
    *,
    root: Path | None = None,
    refused: list[Finding] | None = None,
) -> list[tuple[str, Path]]:
    """Files under `top` whose name `wanted` accepts, as `(folder, path)` sorted by path, where
    `folder` is the file's folder relative to `top` (`""` for `top` itself, else `"a/b"`).

    Hidden folders are skipped. With `root`, a link leading outside it (a folder, or a file that
    is wanted or not hidden) is skipped and reported as PB107 in `refused`, named relative to
    `root`."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[str, str]] = [("", os.fspath(top))]
    while stack:
        folder, directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError, PermissionError):
            continue
        for entry in entries:
            hidden = entry.name.startswith(".")
            is_dir = entry.is_dir()
            if is_dir and hidden:
                continue
            if not is_dir and not wanted(entry.name) and hidden:
                continue
            if root is not None and entry.is_symlink() and leads_outside(entry.path, root):
                if refused is not None:
                    refused.append(outside_link(_rel(Path(entry.path), root), entry.path))
                continue
            if is_dir:
                stack.append((f"{folder}/{entry.name}" if folder else entry.name, entry.path))
            elif wanted(entry.name) and entry.is_file():
                found.append((folder, entry.path))
    # In the order of the paths' parts, as `Path` sorts (`a/b` before `a-b/c`).
    found.sort(key=lambda pair: pair[1].split("/"))
    return [(folder, Path(path)) for folder, path in found]


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
