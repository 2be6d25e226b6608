"""Results of parsing files, reused while the files are unchanged.

Parsing a page (front matter, headings, links) or a data file (YAML with positions) is a pure
function of the file's text, of where the file is, and of the settings and code that parse it.
A `ParseCache` keys each result by a digest of exactly those: the text and place of the file, and
a *salt* made of the settings and of the source of every module of this package, so an edit of
the configuration, of the vocabulary or of the code itself starts from an empty cache. A cached
result is therefore the one a cold run computes; `tests/test_parsecache.py` checks it on every
kind of edit.

The cache lives in memory (`mkdocs serve` keeps it across rebuilds) and, for `playbook check`,
in one file per repository in the user's cache directory (`$PLAYBOOK_CACHE_DIR`, else
`$XDG_CACHE_HOME/playbook` or `~/.cache/playbook`), written whole and atomically with only the
entries the last run used, so it never grows beyond one playbook's worth. It is kept outside the
repository on purpose: the file holds pickled objects, and a pull request must not be able to plant
one that a check then loads.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import io
import operator
import os
import pickle
import sys
import tempfile
import threading
import types
from collections.abc import Callable, Iterable, Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar

if TYPE_CHECKING:
    from collections.abc import Iterator

T = TypeVar("T")

_FORMAT: Final = b"playbook-parse-cache-1"
_PACKAGE = Path(__file__).resolve().parent.parent

#: The cache the loader consults, if any (set by `ParseCache.active`).
current: ContextVar[ParseCache | None] = ContextVar("playbook_parse_cache", default=None)


def code_digest() -> bytes:
    """A digest of the source of every module of the `plugins` package, of the Python version and
    of the state of the installed packages: a new release, a local edit, or another version of
    Python-Markdown, its extensions or PyYAML never reads results an older parser made."""
    h = hashlib.blake2b(digest_size=20)
    h.update(sys.version.encode())
    for folder in installed_packages():
        # Installing, upgrading or removing a package adds or removes entries in its folder.
        with contextlib.suppress(OSError):
            h.update(
                f"{folder}\x00{Path(folder).stat().st_mtime_ns}\x00".encode(
                    "utf-8", "surrogatepass"
                )
            )
    for path in sorted(_PACKAGE.rglob("*.py")):
        h.update(path.relative_to(_PACKAGE).as_posix().encode())
        h.update(path.read_bytes())
    return h.digest()


def installed_packages() -> list[str]:
    """The folders of `sys.path` where packages are installed."""
    return [p for p in sys.path if Path(p).name in ("site-packages", "dist-packages")]


class ParseCache:
    """Parse results by the digest of their inputs (see the module's docstring)."""

    def __init__(self, salt: bytes, entries: dict[bytes, bytes] | None = None) -> None:
        self.salt = salt
        #: Digest -> pickled result, from the previous run.
        self.entries: dict[bytes, bytes] = entries or {}
        #: What this run used or made: the next generation.
        self.used: dict[bytes, bytes] = {}
        self.hits = 0
        self.misses = 0
        #: When a set: the key of every result asked for (`recording`).
        self.asked: set[bytes] | None = None

    def get(self, kind: str, rel: str, text: str, compute: Callable[[], T]) -> T:
        """The result of `compute()` for this file, from the cache when its inputs are unchanged.
        A cached result is a fresh copy: the caller may change it."""
        key = self.key(kind, rel, text)
        if self.asked is not None:
            self.asked.add(key)
        found = self.entries.get(key) or self.used.get(key)
        if found is not None:
            self.hits += 1
            self.used[key] = found
            result: T = pickle.loads(found)
            return result
        self.misses += 1
        value = compute()
        self.used[key] = _dumps(value)
        return value

    def key(self, kind: str, rel: str, text: str) -> bytes:
        """The digest a result is kept under: of the salt, and the file's kind, place and text
        (SHA-256: several times faster than BLAKE2 on processors with SHA instructions, and every
        text of a playbook goes through it)."""
        h = hashlib.sha256(self.salt)
        for part in (kind, rel, text):
            data = part.encode("utf-8", "surrogatepass")
            h.update(len(data).to_bytes(8, "little"))
            h.update(data)
        return h.digest()

    def keep(self, keys: Iterable[bytes]) -> None:
        """Keep the results of `keys` for the next generation, as if asked for again."""
        for key in keys:
            found = self.entries.get(key) or self.used.get(key)
            if found is not None:
                self.used[key] = found

    def next_generation(self) -> None:
        """Keep only what the last run used, for the next one."""
        self.entries, self.used = self.used, {}
        self.hits = self.misses = 0

    @contextlib.contextmanager
    def active(self) -> Iterator[ParseCache]:
        token = current.set(self)
        try:
            yield self
        finally:
            current.reset(token)

    # ---- On disk ------------------------------------------------------------------------------

    @classmethod
    def read(cls, path: Path, salt: bytes) -> ParseCache:
        """The cache stored at `path`, or an empty one when there is none, it is unreadable, or
        it was made with other settings or code."""
        try:
            with path.open("rb") as stream:
                if stream.read(len(_FORMAT)) != _FORMAT:
                    return cls(salt)
                stored_salt, entries = pickle.load(stream)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return cls(salt)
        if stored_salt != salt or not isinstance(entries, dict):
            return cls(salt)
        return cls(salt, entries)

    def write(self, path: Path) -> None:
        """Store what this run used at `path` (atomically; a failure to write is not an error:
        the next run is only slower)."""
        if self.misses == 0 and self.used.keys() == self.entries.keys():
            return  # nothing new: the file already holds exactly this
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".parse-", suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                stream.write(_FORMAT)
                pickle.dump((self.salt, self.used), stream, protocol=pickle.HIGHEST_PROTOCOL)
            Path(temporary).replace(path)
        except OSError:
            with contextlib.suppress(OSError, UnboundLocalError):
                Path(temporary).unlink()


def _dumps(value: Any) -> bytes:
    """`value` pickled (see `_Pickler`), by one pickler per thread: a cold check pickles one
    result per file, and making a pickler for each took a sixth of that time."""
    reused: tuple[io.BytesIO, _Pickler] | None = getattr(_REUSED, "pickler", None)
    if reused is None:
        stream = io.BytesIO()
        reused = (stream, _Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL))
    stream, pickler = reused
    _REUSED.pickler = None  # taken: a nested or failed call makes its own
    stream.seek(0)
    stream.truncate()
    pickler.clear_memo()
    pickler.dump(value)
    data = stream.getvalue()
    if len(data) <= _KEPT_BYTES:  # the buffer of a large result is not kept
        _REUSED.pickler = reused
    return data


#: This thread's stream and pickler (`_dumps`), and the most a kept buffer may hold.
_REUSED = threading.local()
_KEPT_BYTES = 1 << 20


class _Pickler(pickle.Pickler):
    """Pickles slotted dataclasses (the model's objects) as their field values: unpickling them
    then skips `dataclasses`' generic `__setstate__`, which looks up the fields for every object
    (half the time of reading a cached playbook)."""

    def reducer_override(self, obj: Any) -> Any:
        cls = type(obj)
        values = _GETTERS.get(cls, _UNSEEN)
        if values is _UNSEEN:
            values = _GETTERS[cls] = _values_getter(cls)
        if values is None:
            return NotImplemented
        return _rebuild, (cls, values(obj))


_FIELDS: dict[type, tuple[str, ...]] = {}
_UNSEEN: Any = object()
#: Per class: a function giving the field values of a slotted dataclass, None for any other
#: class (pickled as usual).
_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {}


def _values_getter(cls: type) -> Callable[[Any], tuple[Any, ...]] | None:
    if not (dataclasses.is_dataclass(cls) and hasattr(cls, "__slots__")):
        return None
    names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        (name,) = names
        return lambda obj: (getattr(obj, name),)
    getter: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    return getter


def _rebuild(cls: type[T], values: tuple[Any, ...]) -> T:
    make = _MAKERS.get(cls)
    if make is None:
        make = _MAKERS[cls] = _maker(cls)
    result: T = make(values)
    return result


#: Per class: a function making an object of it from its field values (`_maker`).
_MAKERS: dict[type, Callable[[tuple[Any, ...]], Any]] = {}


def _maker(cls: type) -> Callable[[tuple[Any, ...]], Any]:
    """A function making an object of the slotted dataclass `cls` from its field values, as
    `dataclasses` makes `__init__`: written out for the class, each value stored by its slot's
    own descriptor (a cached playbook is tens of thousands of such objects: a loop over the
    fields calling `object.__setattr__` took a third longer). A class whose fields are not all
    slots gets the loop."""
    names = _FIELDS.get(cls)
    if names is None:
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(cls))
    count = len(names)
    slots = [getattr(cls, name, None) for name in names]
    if not all(type(slot) is types.MemberDescriptorType for slot in slots):

        def generic(values: tuple[Any, ...]) -> Any:
            obj: Any = object.__new__(cls)
            for name, value in zip(names, values, strict=True):
                object.__setattr__(obj, name, value)
            return obj

        return generic
    lines = [
        "def make(values):",
        f"    if len(values) != {count}:",
        f"        raise ValueError('{cls.__name__} has {count} fields, not ' + str(len(values)))",
        "    obj = new(cls)",
        *(f"    set{i}(obj, values[{i}])" for i in range(count)),
        "    return obj",
    ]
    namespace: dict[str, Any] = {"new": object.__new__, "cls": cls}
    namespace.update({f"set{i}": slot.__set__ for i, slot in enumerate(slots)})  # type: ignore[union-attr]
    exec("\n".join(lines), namespace)  # noqa: S102 - made from field indexes only, as dataclasses does
    make: Callable[[tuple[Any, ...]], Any] = namespace["make"]
    return make


def cache_file(root: Path) -> Path:
    """Where `playbook check` keeps the cache of the repository at `root`."""
    base = os.environ.get("PLAYBOOK_CACHE_DIR")
    if base:
        directory = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        directory = (Path(xdg) if xdg else Path.home() / ".cache") / "playbook"
    name = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()
    return directory / f"parse-{name}.pickle"


@contextlib.contextmanager
def recording() -> Iterator[set[bytes]]:
    """The keys of the results asked for of the active cache, if any, while the block runs (to
    `keep` them for a later run that reuses what they computed without asking again)."""
    keys: set[bytes] = set()
    cache = current.get()
    if cache is None:
        yield keys
        return
    outer, cache.asked = cache.asked, keys
    try:
        yield keys
    finally:
        cache.asked = outer
        if outer is not None:
            outer.update(keys)


def keep(keys: Iterable[bytes]) -> None:
    """`ParseCache.keep` of the active cache, if any."""
    cache = current.get()
    if cache is not None:
        cache.keep(keys)


def cached(kind: str, rel: str, text: str, compute: Callable[[], T]) -> T:
    """`compute()`, through the active cache if there is one."""
    cache = current.get()
    if cache is None:
        return compute()
    return cache.get(kind, rel, text, compute)


def salt_for(*parts: Any) -> bytes:
    """A salt from the code's digest and a canonical text of the settings the parse depends on
    (the same settings give the same salt in every process: sets are sorted, not iterated)."""
    h = hashlib.blake2b(code_digest(), digest_size=20)
    for part in parts:
        h.update(
            part if isinstance(part, bytes) else canonical(part).encode("utf-8", "surrogatepass")
        )
        h.update(b"\x00")
    return h.digest()


def canonical(value: Any) -> str:
    """A text that is equal for equal values in any process (unlike `repr` of a set)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = ",".join(
            f"{f.name}={canonical(getattr(value, f.name))}" for f in dataclasses.fields(value)
        )
        return f"{type(value).__name__}({inner})"
    if isinstance(value, Mapping):
        items = sorted((canonical(k), canonical(v)) for k, v in value.items())
        return "{" + ",".join(f"{k}:{v}" for k, v in items) + "}"
    if isinstance(value, (set, frozenset)):
        return "{" + ",".join(sorted(canonical(v) for v in value)) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    return repr(value)
