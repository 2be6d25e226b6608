"""The last check's findings, reused while nothing it read has changed.

`playbook check` run twice on an unchanged repository must give the same findings; the second run
need not load and check anything again. A `Fingerprint` digests everything a check reads or asks
about: the salt (code, settings, mkdocs.yml; see `parsecache`), the date the check runs as, every
name and type of entry under the docs and data folders (a link may point at any file there), the
text of every file the loader could read there (`.md`, `.yml`, `.yaml`) and the text of the
findings baseline and of CODEOWNERS. The findings are stored under that digest, in one file per
repository next to the parse cache, and reused only on an exact match.

The loader reads the very bytes the fingerprint digested (`yamlio.snapshot`), so a file edited
while a check runs cannot pair one text's findings with another text's digest; a file added or
removed meanwhile changes the listing taken again at the end, and then nothing is stored.

Where the inputs cannot be pinned down this way (a symbolic link under the docs or data folders,
a folder that is not inside the repository, a file that cannot be read) there is no fingerprint,
and every run checks everything (still through the parse cache).

A reused result skips building the site's Markdown parser too: whether its extensions load
depends on mkdocs.yml and on the installed packages, both in the salt. Not covered: a Python
module outside the installed packages that mkdocs.yml names (a `!!python/name:` slugify kept in
the repository), whose edit neither cache sees; `--no-cache` checks with it as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import operator
import os
import pickle
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from plugins.core.parsecache import _dumps, cache_file

if TYPE_CHECKING:
    import datetime as dt

    from plugins.core.settings import Settings

_FORMAT: Final = b"playbook-result-cache-1"
#: Files whose text the loader reads; of any other file only its name and kind count.
_READ_SUFFIXES: Final = (".md", ".yml", ".yaml")
#: Files read from the repository's root by the checks, besides mkdocs.yml (in the salt).
_CODEOWNERS: Final = ".github/CODEOWNERS"


class Unpinned(Exception):
    """The inputs of a check cannot be fingerprinted (see the module's docstring)."""


class Fingerprint:
    """The digest of a check's inputs, and the texts it read (`files`, by path)."""

    def __init__(self, settings: Settings, today: dt.date, salt: bytes) -> None:
        self.settings = settings
        self.files: dict[str, bytes] = {}
        texts = hashlib.sha256(salt)
        texts.update(today.isoformat().encode())
        self.listing = self._list(texts)
        texts.update(self.listing)
        self.digest = texts.digest()

    def _list(self, texts: Any | None) -> bytes:
        """The digest of the names and kinds of the entries of the docs and data folders and of
        the root files' texts; the folders' readable files' texts go into `texts` (and are kept
        in `files`), unless it is None."""
        listing: list[bytes] = []
        for top in self._tops():
            listing.append(os.fsencode(top))
            self._tree(top, listing, texts)
        for rel in (self.settings.baseline, _CODEOWNERS):
            listing.append(rel.encode("utf-8", "surrogatepass"))
            text = _small_file(self.settings.root / rel)
            listing.append(hashlib.sha256(text).hexdigest().encode())
        # No file or folder name holds a NUL byte: the joined list is unambiguous.
        return hashlib.sha256(b"\x00".join(listing)).digest()

    def _tops(self) -> list[str]:
        root = Path(self.settings.root).absolute()
        real_root = os.path.realpath(root)
        tops = []
        for path in (self.settings.docs_path, self.settings.data_path):
            inside = os.path.relpath(Path(path).absolute(), root)
            if (
                inside == os.curdir
                or inside.startswith(os.pardir)
                or Path(os.path.realpath(path)) != Path(real_root, inside)
            ):
                raise Unpinned(f"{path} is not a folder inside the repository, or is a link")
            tops.append(os.fspath(path))
        return tops

    def _tree(self, top: str, listing: list[bytes], texts: Any | None) -> None:
        stack = [top]
        while stack:
            directory = stack.pop()
            try:
                entries = list(os.scandir(directory))
            except FileNotFoundError:
                listing.append(b"/missing")
                continue
            except OSError as error:
                raise Unpinned(f"{directory}: {error}") from error
            entries.sort(key=_name)
            listing.append(b"/" + os.fsencode(directory))
            for entry in entries:
                name = os.fsencode(entry.name)
                if entry.is_symlink():
                    raise Unpinned(f"{entry.path} is a symbolic link")
                if entry.is_dir(follow_symlinks=False):
                    listing.append(b"d" + name)
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    listing.append(b"f" + name)
                    if texts is not None and entry.name.endswith(_READ_SUFFIXES):
                        raw = _read(entry.path)
                        self.files[entry.path] = raw
                        texts.update(len(raw).to_bytes(8, "little"))
                        texts.update(raw)
                else:
                    listing.append(b"o" + name)

    def still_listed(self) -> bool:
        """Whether the folders still hold the same names, and the root files the same texts, as
        when the fingerprint was taken (checked before its findings are stored: the texts of
        the folders' files are the ones the loader read, see the module's docstring)."""
        try:
            return self._list(None) == self.listing
        except Unpinned:
            return False


_name = operator.attrgetter("name")


def _read(path: str) -> bytes:
    """A file's bytes (with fewer system calls than `open().read()`)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise Unpinned(f"{path}: {error}") from error
    try:
        chunks = [os.read(handle, os.fstat(handle).st_size + 1)]
        while chunks[-1]:
            chunks.append(os.read(handle, 1 << 16))
    except OSError as error:
        raise Unpinned(f"{path}: {error}") from error
    finally:
        os.close(handle)
    return chunks[0] if len(chunks) == 2 else b"".join(chunks)


def _small_file(path: Path) -> bytes:
    try:
        if path.is_symlink():
            raise Unpinned(f"{path} is a symbolic link")
        return b"+" + path.read_bytes()
    except FileNotFoundError:
        return b"-"
    except IsADirectoryError:
        return b"/"
    except OSError as error:
        raise Unpinned(f"{path}: {error}") from error


def fingerprint(settings: Settings, today: dt.date, salt: bytes) -> Fingerprint | None:
    """The fingerprint of a check of `settings` as of `today`, or None (see `Unpinned`)."""
    try:
        return Fingerprint(settings, today, salt)
    except Unpinned:
        return None


def result_file(root: Path) -> Path:
    """Where the last findings of the repository at `root` are kept."""
    parse = cache_file(root)
    return parse.with_name(parse.name.replace("parse-", "result-", 1))


def read(path: Path, digest: bytes) -> Any | None:
    """The result stored at `path` under `digest`, or None."""
    try:
        with path.open("rb") as stream:
            if stream.read(len(_FORMAT)) != _FORMAT:
                return None
            stored, data = pickle.load(stream)
            if stored != digest:
                return None
            return pickle.loads(data)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        return None


def write(path: Path, digest: bytes, result: Any) -> None:
    """Store `result` under `digest` at `path` (atomically; failing to write is not an error)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".result-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(_FORMAT)
            pickle.dump((digest, _dumps(result)), stream, protocol=pickle.HIGHEST_PROTOCOL)
        Path(temporary).replace(path)
    except OSError:
        with contextlib.suppress(OSError, UnboundLocalError):
            Path(temporary).unlink()
