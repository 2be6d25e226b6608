"""A git history index: who created, changed and last touched every file, from one `git log`.

`build_index` reads the whole history in a single `git log --name-status` pass, parsed as it
streams in, plus three whole-repository queries (`rev-parse`; `ls-tree`; `status`, which runs
alongside the log): never one git process per file.
`roadmap_changes` reads how the status, horizon, quarter and target of roadmap items moved, in a
single `git log -p` pass over the roadmap directory.

Merge commits: the walk covers the full history (every parent, not `--first-parent`), and merge
commits contribute no file changes of their own (git's default: a merge shows no diff). So each
change is credited to the commit, and the author, that made it on its branch, not to whoever
merged the branch. The cost is that a change made only while resolving a merge (an "evil merge")
is not seen. Merges still appear in `HistoryIndex.log`, touching no paths.

Renames are followed back through history by name (`-M`), in `--date-order` (children before
parents, otherwise newest first), so a file's history survives being moved. Names are resolved
against the tree at HEAD: deleted files are not indexed.

Dates are author dates, stored in UTC; `format_date` shows them in a configured time zone.
Author names and emails go through `.mailmap` (`%aN`, `%aE`).
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plugins.core.gitutil import GitError, open_repo

if TYPE_CHECKING:
    import io
    from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

    import git

#: Top-level keys of a roadmap item whose changes `roadmap_changes` reports.
ROADMAP_FIELDS = ("status", "horizon", "quarter", "target")

_RS = "\x1e"  # starts every commit header
_US = "\x1f"  # separates the fields of a header
#: sha, author date (unix seconds), author email, author name, subject (mailmap applied).
_FORMAT = "--format=%x1e%H%x1f%at%x1f%aE%x1f%aN%x1f%s"
#: Options that keep the output machine-readable whatever the user's git configuration says.
_LOG_OPTIONS = (
    "--date-order",
    "--root",
    "--no-color",
    "--no-show-signature",
    "--no-relative",
    "--no-follow",
    "--encoding=UTF-8",
    "-M",
    "-z",
    _FORMAT,
)


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as the index shows it; `date` is the author date, in UTC."""

    sha: str
    date: dt.datetime
    author: str
    email: str
    subject: str

    @property
    def short_sha(self) -> str:
        return self.sha[:7]


@dataclass(frozen=True, slots=True)
class FileHistory:
    """The history of one file, under all the names it has had."""

    created: Commit
    updated: Commit
    #: (author name, commits) pairs, most commits first, ties by name.
    contributors: tuple[tuple[str, int], ...]
    commits: int
    #: The newest commits that touched the file, newest first.
    recent: tuple[Commit, ...]


@dataclass(frozen=True, slots=True)
class HistoryIndex:
    """The history of every file at HEAD. Paths are POSIX and relative to `root`."""

    #: The repository's top-level directory (absolute, symlinks resolved).
    root: str
    #: The commit HEAD points at; None in a repository without commits.
    head: str | None
    #: True in a shallow clone: the oldest commits (and so `created`) are cut off.
    shallow: bool
    files: Mapping[str, FileHistory] = field(default_factory=dict)
    #: Every commit, newest first (by commit date, never a parent before its children), with the
    #: current paths it touched, sorted; merges and commits that touched only deleted files have ().
    log: tuple[tuple[Commit, tuple[str, ...]], ...] = ()
    #: Untracked (not ignored), modified, staged or deleted paths compared with HEAD.
    uncommitted: frozenset[str] = frozenset()

    def get(self, path: str) -> FileHistory | None:
        """The history of a file by its repository-relative POSIX path."""
        return self.files.get(path)

    @classmethod
    def empty(cls, root: str = "") -> HistoryIndex:
        """An index without history, for a site built outside a repository."""
        return cls(root=root, head=None, shallow=False)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A top-level roadmap field set or changed by a commit; `old` is None when it first appears."""

    commit: Commit
    field: str
    old: str | None
    new: str


#: Roadmap item id -> how its fields changed, oldest first (see `roadmap_changes`).
RoadmapChanges = dict[str, tuple[FieldChange, ...]]


# ---- Following names back to HEAD -----------------------------------------------------------

_T = TypeVar("_T")


class _Lineage(Generic[_T]):
    """Maps the names files had in older commits to their names at HEAD.

    Fed with one commit's changes at a time in `--date-order` (newest first, never a parent before
    its children). On a linear history this is exact. On a merged branch, a change to a file's old
    name can come before (newer than) the rename on the other branch: it waits in `pending` until
    the rename tells which file it belongs to, or until the name's creation shows it belonged to a
    file that no longer exists.
    """

    __slots__ = ("alias", "pending", "touches")

    def __init__(self, current: Iterable[str]) -> None:
        self.alias: dict[str, str] = {path: path for path in current}
        self.pending: dict[str, list[_T]] = {}
        self.touches: dict[str, list[_T]] = {}

    def see(self, status: str, path: str, source: str, item: _T) -> str | None:
        """Record one change (`source` is the old name of a rename); return the path at HEAD."""
        if status == "M" or status == "T":
            current = self.alias.get(path)
            if current is None:
                self.pending.setdefault(path, []).append(item)
                return None
        elif status == "A" or status == "C":
            # Before its creation the name belonged to another, older file (or to none).
            current = self.alias.pop(path, None)
            self.pending.pop(path, None)
            if current is None:
                return None
        elif status == "R":
            current = self.alias.pop(path, None)
            self.pending.pop(path, None)
            if current is None:
                self.alias.pop(source, None)
                self.pending.pop(source, None)
                return None
            self.alias[source] = current
            waiting = self.pending.pop(source, None)
            if waiting:
                self.touches.setdefault(current, []).extend(waiting)
        else:  # D: a deleted name names no file at HEAD
            return None
        self.touches.setdefault(current, []).append(item)
        return current


# ---- The index ------------------------------------------------------------------------------


def build_index(root: Path, *, recent: int = 10) -> HistoryIndex | None:
    """Index the history of every file at HEAD; None when `root` is not inside a git work tree.

    Raises:
        GitError: git is missing or one of its commands failed.
    """
    try:
        repo = open_repo(root)
    except GitError:
        return None
    try:
        top = repo.working_tree_dir
        if top is None:  # a bare repository has no files to describe
            return None
        return _build(repo, str(Path(top).resolve()), recent)
    except _git_errors() as error:
        raise GitError(f"git history of {root} cannot be read: {_reason(error)}") from error
    finally:
        repo.close()


def read_history(
    root: Path, roadmap_dir: str = "data/roadmap", *, recent: int = 10
) -> tuple[HistoryIndex | None, RoadmapChanges]:
    """`build_index` and `roadmap_changes` together, their two `git log` passes side by side.

    Raises:
        GitError: git is missing or one of its commands failed.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        changes = pool.submit(roadmap_changes, root, roadmap_dir)
        index = build_index(root, recent=recent)
        return index, (changes.result() if index is not None else {})


def _build(repo: git.Repo, top: str, recent: int) -> HistoryIndex:
    shallow, head = _head(repo)
    # `status` runs while the log streams in; its output is collected afterwards.
    status = _start(repo.git(no_optional_locks=True).status, *_STATUS_ARGS)
    try:
        if head is None:
            return HistoryIndex(
                root=top, head=None, shallow=shallow, uncommitted=_uncommitted(_finish(status))
            )
        log = _start(repo.git.log, "--name-status", *_LOG_OPTIONS, head, "--")
        try:
            current = _tree(repo, head)
            commits, lineage = _walk_name_status(_tokens(log.proc.stdout), current)
            _finish(log)
        finally:
            _stop(log)
        uncommitted = _uncommitted(_finish(status))
    finally:
        _stop(status)
    return _assemble(top, head, shallow, uncommitted, commits, lineage, recent)


def _assemble(
    top: str,
    head: str,
    shallow: bool,
    uncommitted: frozenset[str],
    commits: list[Commit],
    lineage: _Lineage[int],
    recent: int,
) -> HistoryIndex:
    touched: list[list[str]] = [[] for _ in commits]
    files: dict[str, FileHistory] = {}
    for path, found in sorted(lineage.touches.items()):
        indexes = sorted(set(found))  # ascending index: newest first
        for index in indexes:
            touched[index].append(path)  # paths arrive sorted
        history = [commits[index] for index in indexes]
        if len(history) == 1:
            contributors: tuple[tuple[str, int], ...] = ((history[0].author, 1),)
        else:
            counts = Counter(commit.author for commit in history)
            contributors = tuple(sorted(counts.items(), key=_by_count_then_name))
        files[path] = FileHistory(
            created=history[-1],
            updated=history[0],
            contributors=contributors,
            commits=len(history),
            recent=tuple(history[: max(recent, 0)]),
        )
    return HistoryIndex(
        root=top,
        head=head,
        shallow=shallow,
        files=files,
        log=tuple(zip(commits, map(tuple, touched), strict=True)),
        uncommitted=uncommitted,
    )


def _by_count_then_name(pair: tuple[str, int]) -> tuple[int, str]:
    return -pair[1], pair[0]


def _walk_name_status(
    tokens: Iterator[str], current: Iterable[str]
) -> tuple[list[Commit], _Lineage[int]]:
    """Parse `git log --name-status -z` output (newest first) and follow every name to HEAD."""
    commits: list[Commit] = []
    lineage: _Lineage[int] = _Lineage(current)
    see = lineage.see
    index = -1
    for token in tokens:
        if not token:
            continue
        if token[0] == "\n":  # the line break between a header and its changes
            token = token[1:]
            if not token:
                continue
        if token[0] == _RS:
            commits.append(_commit(token[1:]))
            index += 1
            continue
        status = token[0]
        if status == "R" or status == "C":
            source = next(tokens, "")
            see(status, next(tokens, ""), source, index)
        else:
            see(status, next(tokens, ""), "", index)
    return commits, lineage


# ---- Running git ----------------------------------------------------------------------------

_CHUNK = 1 << 16


def _start(command: Callable[..., Any], *args: str) -> Any:
    """Start a GitPython command as a process (an `AutoInterrupt`) without waiting for it."""
    return command(*args, as_process=True)


def _tokens(stream: io.BufferedReader) -> Iterator[str]:
    """The NUL-separated fields of a process's output, decoded as they arrive."""
    rest = b""
    while block := stream.read1(_CHUNK):
        block = rest + block
        cut = block.rfind(b"\0")
        if cut < 0:
            rest = block
            continue
        rest = block[cut + 1 :]
        yield from block[:cut].decode("utf-8", "surrogateescape").split("\0")
    if rest:
        yield from rest.decode("utf-8", "surrogateescape").split("\0")


def _finish(handle: Any) -> str:
    """The whole output of a started command, once it has succeeded."""
    out = handle.proc.stdout.read()
    handle.wait()  # raises GitCommandError, with git's message, when git failed
    return str(out.decode("utf-8", "surrogateescape"))


def _stop(handle: Any) -> None:
    """Make sure a started command has ended and its pipes are closed."""
    process = handle.proc
    if process is None:
        return
    if process.poll() is None:
        process.kill()
        process.wait()
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


_UTC = dt.UTC


def _commit(header: str) -> Commit:
    """A commit from the fields of a `_FORMAT` header (without its leading separator)."""
    sha, stamp, email, author, subject = header.split(_US, 4)
    # A few people make thousands of commits: one copy of each name and address.
    when = dt.datetime.fromtimestamp(int(stamp), _UTC)
    return Commit(sha, when, sys.intern(author), sys.intern(email), subject)


def _head(repo: git.Repo) -> tuple[bool, str | None]:
    """Whether the repository is shallow, and HEAD's commit (None before the first commit)."""
    status, out, _ = repo.git.rev_parse(
        "--is-shallow-repository",
        "--verify",
        "-q",
        "HEAD",
        with_exceptions=False,
        with_extended_output=True,
    )
    lines = str(out).split()
    shallow = bool(lines) and lines[0] == "true"
    head = lines[1] if status == 0 and len(lines) > 1 else None
    return shallow, head


def _tree(repo: git.Repo, head: str, under: str = "") -> list[str]:
    """Paths of the files in HEAD's tree (below `under`, a directory, when given)."""
    limit = (under,) if under else ()
    out: str = repo.git.ls_tree("-r", "-z", "--name-only", "--full-tree", head, "--", *limit)
    return [path for path in out.split("\0") if path]


_STATUS_ARGS = ("--porcelain", "-z", "--untracked-files=all")


def _uncommitted(out: str) -> frozenset[str]:
    """Paths that differ from HEAD in the index or work tree, and untracked files not ignored.

    `out` is the output of `git status` with `_STATUS_ARGS`.
    """
    paths: set[str] = set()
    tokens = out.split("\0")
    i, end = 0, len(tokens)
    while i < end:
        token = tokens[i]
        i += 1
        if len(token) < 4:
            continue
        paths.add(token[3:])
        code = token[:2]
        if "R" in code or "C" in code:  # a rename or copy: the next token is its source
            if "R" in code and i < end:
                paths.add(tokens[i])  # a renamed file is gone from its old name
            i += 1
    return frozenset(paths)


def uncommitted_paths(root: Path) -> frozenset[str]:
    """`HistoryIndex.uncommitted`, read afresh (one `git status`); empty outside a work tree.

    Raises:
        GitError: git is missing or `git status` failed.
    """
    try:
        repo = open_repo(root)
    except GitError:
        return frozenset()
    try:
        if repo.working_tree_dir is None:
            return frozenset()
        out: str = repo.git(no_optional_locks=True).status(*_STATUS_ARGS)
        return _uncommitted(out)
    except _git_errors() as error:
        raise GitError(f"git status of {root} cannot be read: {_reason(error)}") from error
    finally:
        repo.close()


def relative_to_repo(index: HistoryIndex, path: Path) -> str:
    """The index key of a file path (relative paths start at the working directory).

    Raises:
        ValueError: the path is outside the repository.
    """
    absolute = Path(path).absolute()
    # Resolve the directory, not the file: a tracked symbolic link is indexed under its own name.
    located = absolute.parent.resolve() / absolute.name if absolute.name else absolute.resolve()
    return PurePosixPath(located.relative_to(index.root)).as_posix()


def _git_errors() -> tuple[type[Exception], ...]:
    """GitPython's errors for a failed or missing git (imported only once git has been run)."""
    import git

    return git.GitCommandError, git.GitCommandNotFound


def _reason(error: Exception) -> str:
    import git

    if isinstance(error, git.GitCommandNotFound):
        return "the git command was not found; install git or put it on PATH"
    stderr = getattr(error, "stderr", "")
    text = str(stderr).strip() if stderr else str(error)
    return text.removeprefix("stderr: ").strip(" '\n") or str(error)


# ---- Roadmap field changes ------------------------------------------------------------------


def roadmap_changes(root: Path, roadmap_dir: str = "data/roadmap") -> RoadmapChanges:
    """How each roadmap item's status, horizon, quarter and target changed, oldest first.

    Items are the `*.yml`/`*.yaml` files directly in `roadmap_dir` (relative to `root`) at HEAD,
    keyed by file stem; their history follows renames. Empty outside a git work tree.

    Raises:
        GitError: git is missing or one of its commands failed.
    """
    try:
        repo = open_repo(root)
    except GitError:
        return {}
    try:
        top = repo.working_tree_dir
        if top is None:
            return {}
        prefix = Path(root).resolve().relative_to(Path(top).resolve())
        directory = (PurePosixPath(prefix.as_posix()) / roadmap_dir).as_posix().removeprefix("./")
        return _roadmap(repo, directory)
    except _git_errors() as error:
        raise GitError(f"git history of {roadmap_dir} cannot be read: {_reason(error)}") from error
    finally:
        repo.close()


def _roadmap(repo: git.Repo, directory: str) -> RoadmapChanges:
    _, head = _head(repo)
    if head is None:
        return {}
    current = [
        path
        for path in _tree(repo, head, directory)
        if "/" not in path[len(directory) + 1 :] and path.endswith((".yml", ".yaml"))
    ]
    if not current:
        return {}
    out: str = repo.git.log(
        "-p",
        "--raw",
        "--unified=0",
        "--no-ext-diff",
        "--no-textconv",
        *_LOG_OPTIONS,
        head,
        "--",
        directory,
    )
    lineage: _Lineage[tuple[int, tuple[FieldChange, ...]]] = _Lineage(current)
    for index, record in enumerate(out.split(_RS)[1:]):
        header, _, body = record.partition("\0")
        commit = _commit(header)
        for status, path, source, chunk in _file_diffs(body):
            lineage.see(status, path, source, (index, _field_changes(commit, status, chunk)))
    changes: RoadmapChanges = {}
    for path in current:
        found = sorted(lineage.touches.get(path, ()), key=_first, reverse=True)  # oldest first
        changes[PurePosixPath(path).stem] = tuple(c for _, batch in found for c in batch)
    return changes


def _first(pair: tuple[int, tuple[FieldChange, ...]]) -> int:
    return pair[0]


def _file_diffs(body: str) -> Iterator[tuple[str, str, str, str]]:
    """(status, path, source, patch) of each file in one commit of `log -p --raw -z` output."""
    tokens = body.split("\0")
    entries: list[tuple[str, str, str]] = []
    i, end = 0, len(tokens)
    while i < end:
        token = tokens[i].lstrip("\n")
        i += 1
        if not token.startswith(":"):
            break  # the empty token between the raw part and the patch
        status = token.rpartition(" ")[2][:1]
        if status == "R" or status == "C":
            entries.append((status, tokens[i + 1], tokens[i]))
            i += 2
        else:
            entries.append((status, tokens[i], ""))
            i += 1
    patch = "\0".join(tokens[i:])
    chunks = ("\n" + patch).split("\ndiff --git ")[1:]
    if len(chunks) != len(entries):  # never expected: follow the names, skip the values
        chunks = [""] * len(entries)
    for (status, path, source), chunk in zip(entries, chunks, strict=True):
        yield status, path, source, chunk


def _field_changes(commit: Commit, status: str, chunk: str) -> tuple[FieldChange, ...]:
    removed: dict[str, str] = {}
    added: dict[str, str] = {}
    in_hunk = False
    for line in chunk.split("\n"):
        if not in_hunk:
            in_hunk = line.startswith("@@")
            continue
        sign = line[:1]
        if sign == "+":
            target = added
        elif sign == "-":
            target = removed
        else:
            continue
        key, colon, rest = line[1:].partition(":")
        if colon and key in ROADMAP_FIELDS and (not rest or rest[0] in " \t"):
            value = _scalar(rest)
            if value:
                target[key] = value
    fresh = status == "A" or status == "C"
    return tuple(
        FieldChange(commit, key, None if fresh else removed.get(key), new)
        for key, new in added.items()
        if fresh or removed.get(key) != new
    )


def _scalar(text: str) -> str:
    """A one-line YAML scalar without its quotes or trailing comment."""
    text = text.strip()
    if text[:1] in ("'", '"'):
        quote = text[0]
        close = text.find(quote, 1)
        if close > 0:
            return text[1:close]
    if text.startswith("#"):
        return ""
    comment = text.find(" #")
    if comment >= 0:
        text = text[:comment]
    comment = text.find("\t#")
    if comment >= 0:
        text = text[:comment]
    return text.rstrip()


def slips(changes: Sequence[FieldChange]) -> int:
    """How many times the `target` date moved later."""
    count = 0
    for change in changes:
        if change.field != "target" or change.old is None:
            continue
        try:
            moved_later = dt.date.fromisoformat(change.new) > dt.date.fromisoformat(change.old)
        except ValueError:
            continue
        count += moved_later
    return count


# ---- Display --------------------------------------------------------------------------------


def format_date(moment: dt.datetime, tz: str) -> str:
    """YYYY-MM-DD of a moment in time zone `tz` (an IANA name such as `Europe/Paris`).

    A naive datetime is taken to be UTC.

    Raises:
        ValueError: `tz` is not a known time zone.
    """
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {tz!r}") from error
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(zone).date().isoformat()
