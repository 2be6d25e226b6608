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
"""

from __future__ import annotations

import contextlib
import hashlib
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
        h = hashlib.blake2b(salt, digest_size=24)
        _part(h, today.isoformat().encode())
        listing = hashlib.blake2b(digest_size=24)
        for top in self._tops():
            _part(listing, os.fsencode(top))
            self._tree(top, listing, h)
        self._root_files(listing)
        self.listing = listing.digest()
        h.update(self.listing)
        self.digest = h.digest()

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

    def _tree(self, top: str, listing: Any, h: Any | None) -> None:
        """Digest the names and kinds under `top` into `listing`, the read files' texts into `h`
        (and keep those texts; not without `h`)."""
        stack = [top]
        while stack:
            directory = stack.pop()
            try:
                entries = sorted(os.scandir(directory), key=lambda e: e.name)
            except FileNotFoundError:
                _part(listing, b"\x00missing")
                continue
            except OSError as error:
                raise Unpinned(f"{directory}: {error}") from error
            _part(listing, os.fsencode(directory))
            for entry in entries:
                name = os.fsencode(entry.name)
                if entry.is_symlink():
                    raise Unpinned(f"{entry.path} is a symbolic link")
                if entry.is_dir(follow_symlinks=False):
                    _part(listing, b"d" + name)
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    _part(listing, b"f" + name)
                    if h is not None and entry.name.endswith(_READ_SUFFIXES):
                        try:
                            with open(entry.path, "rb") as stream:
                                raw = stream.read()
                        except OSError as error:
                            raise Unpinned(f"{entry.path}: {error}") from error
                        self.files[entry.path] = raw
                        _part(h, name)
                        _part(h, raw)
                else:
                    _part(listing, b"o" + name)

    def _root_files(self, listing: Any) -> None:
        for rel in (self.settings.baseline, _CODEOWNERS):
            _part(listing, rel.encode("utf-8", "surrogatepass"))
            _part(listing, _small_file(self.settings.root / rel))

    def still_listed(self) -> bool:
        """Whether the folders still hold the same names, and the root files the same texts, as
        when the fingerprint was taken (checked before its findings are stored: the texts of
        the folders' files are the ones the loader read, see the module's docstring)."""
        again = Fingerprint.__new__(Fingerprint)
        again.settings = self.settings
        again.files = {}
        listing = hashlib.blake2b(digest_size=24)
        try:
            for top in self._tops():
                _part(listing, os.fsencode(top))
                again._tree(top, listing, None)
            again._root_files(listing)
        except Unpinned:
            return False
        return listing.digest() == self.listing


def _part(h: Any, data: bytes) -> None:
    h.update(len(data).to_bytes(8, "little"))
    h.update(data)


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
