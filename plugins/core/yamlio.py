"""Reading YAML safely, with a line number for every value.

PyYAML composes a node tree (with the C loader when libyaml is present); we build plain Python
values from it ourselves so that we can:

- record where every value and key sits (`Marks`), so any later finding can name the line;
- report duplicate keys instead of silently keeping the last one;
- refuse tags other than YAML's core types (no `!!python/object`), merge keys and several
  documents in one file;
- stop alias bombs by counting the values an alias expands to;
- remember the source text of booleans, numbers and dates that YAML 1.1 typed implicitly, so
  validation can say "`no` was read as false; quote it";
- keep dates as text (`IsoDate`, a `str`), so text fields never receive a `datetime.date`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
import sys
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from plugins.core import rules
from plugins.core.findings import Finding, Location

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

try:  # libyaml makes composing several times faster
    _Base: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Base = yaml.SafeLoader  # slower, same result

_TAG = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ = _TAG + "str", _TAG + "map", _TAG + "seq"
#: Plain scalar -> its tag, for the short words every file repeats (statuses, ids, booleans).
_TAGS: dict[str, str] = {}
_TAGS_MAX = 50_000


class _Loader(_Base):  # type: ignore[misc]
    """YAML's safe loader with its tag resolution memoised.

    The composer (C) calls the resolver (Python) for every node, and a playbook's documents repeat
    the same words thousands of times. No path resolvers are registered, so a tag depends only on
    the node's kind and, for a plain scalar, its text."""

    def resolve(self, kind: type[yaml.Node], value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if not implicit[0]:  # quoted, or a block scalar
                return _STR
            tag = _TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= _INTERN_MAX and len(_TAGS) < _TAGS_MAX:
                    _TAGS[value] = tag
            return tag
        return _MAP if kind is yaml.MappingNode else _SEQ

    def descend_resolver(self, current_node: yaml.Node | None, current_index: object) -> None:
        return None  # path resolvers only

    def ascend_resolver(self) -> None:
        return None


#: A path into a YAML document: keys and list indexes from the root.
KeyPath = tuple[str | int, ...]


def key_name(path: KeyPath) -> str:
    """`entries[2].type` for ('entries', 2, 'type')."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out or "document"


MAX_DATA_BYTES = 1024 * 1024
MAX_PAGE_BYTES = 2 * 1024 * 1024
MAX_VALUES = 20_000
MAX_DEPTH = 64

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BOOL_WORDS = frozenset(("yes", "no", "true", "false", "on", "off"))


_NUMBER_HINT = (
    "Write a plain number, or put the value in quotes if it is text (and drop any !! tag)."
)


class IsoDate(str):
    """An unquoted YAML date, kept as its ISO text. Quoted dates are plain `str`."""

    __slots__ = ()

    def to_date(self) -> dt.date:
        return dt.date.fromisoformat(self)


@dataclass(frozen=True, slots=True)
class Scalar:
    """Where a value sits, and how YAML wrote it when it typed it implicitly."""

    line: int
    col: int
    #: Source text of a plain (unquoted) scalar that YAML resolved to a non-string type.
    implicit: str | None = None


@dataclass(slots=True)
class Marks:
    """Positions of the values (and keys) of one document, by key path.

    Built lazily from the composed node tree the first time a position is asked for: most
    documents are valid and never need one, so loading them stays fast.
    """

    path: str
    #: The document's text and the line it starts on in its file (front matter starts on line 2).
    text: str | None = None
    offset: int = 0
    #: Key paths of unquoted dates in the document (text fields must not hold one).
    dates: list[KeyPath] = field(default_factory=list)
    #: Built from `text` when first asked for: not part of what the marks are.
    _values: dict[KeyPath, Scalar] | None = field(default=None, compare=False, repr=False)
    _keys: dict[KeyPath, Scalar] | None = field(default=None, compare=False, repr=False)

    @property
    def values(self) -> dict[KeyPath, Scalar]:
        if self._values is None:
            self._index()
        assert self._values is not None
        return self._values

    @property
    def keys(self) -> dict[KeyPath, Scalar]:
        if self._keys is None:
            self._index()
        assert self._keys is not None
        return self._keys

    def _index(self) -> None:
        values: dict[KeyPath, Scalar] = {}
        keys: dict[KeyPath, Scalar] = {}
        root = yaml.compose(self.text, Loader=_Loader) if self.text else None
        position = _Positions(self.text or "", self.offset)
        stack: list[tuple[yaml.Node, KeyPath]] = [(root, ())] if root is not None else []
        while stack:
            node, path = stack.pop()
            line, col = position(node.start_mark)
            if isinstance(node, yaml.MappingNode):
                values[path] = Scalar(line, col)
                for key_node, value_node in node.value:
                    key_path = (*path, str(key_node.value))
                    if key_path in keys:
                        continue  # a duplicate: the first definition is the one in the model
                    keys[key_path] = Scalar(*position(key_node.start_mark))
                    stack.append((value_node, key_path))
            elif isinstance(node, yaml.SequenceNode):
                values[path] = Scalar(line, col)
                stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
            else:
                plain = not getattr(node, "style", None)
                implicit = node.value if node.tag != _STR and plain else None
                values[path] = Scalar(line, col, implicit)
        self._values, self._keys = values, keys

    def release(self) -> None:
        """Drop the document's text and position tables once no finding can be made any more
        (a built site keeps its model until the last page is written). Positions asked for
        afterwards fall back to the start of the file."""
        self.text = None
        self._values = self._keys = None

    def at(self, key_path: KeyPath, *, key: bool = False) -> Location:
        """The location of the value at `key_path` (of its key with `key=True`).

        Falls back to the closest enclosing value, so a missing key points at its mapping.
        """
        table = self.keys if key else self.values
        probe = key_path
        while True:
            mark = table.get(probe) or (self.values.get(probe) if key else None)
            if mark is not None:
                return Location(self.path, mark.line, mark.col)
            if not probe:
                return Location(self.path, 1, 1)
            probe = probe[:-1]

    def implicit(self, key_path: KeyPath) -> str | None:
        mark = self.values.get(key_path)
        return mark.implicit if mark else None


@dataclass(slots=True)
class Parsed:
    """The result of reading one YAML document: a value (or None) plus findings."""

    value: Any
    marks: Marks
    findings: list[Finding]
    #: `value` is what a standard YAML loader (`yaml.safe_load`) reads, once each `IsoDate` is a
    #: `datetime.date` (see `standard_values`): no findings, no timestamp kept as text, only text
    #: keys.
    standard: bool = False
    #: Warnings about a document that was read correctly but probably not as its author meant
    #: (text cut short by a comment): reported, but they refuse nothing and skip no validation.
    notes: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.findings


class _Abort(Exception):
    """Raised inside the builder to stop at the first structural problem."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


#: The bytes of files already read in this run, by path (`resultcache.Fingerprint.files`):
#: `read_text` parses exactly the text whose digest keys the run's findings.
snapshot: ContextVar[Mapping[str, bytes] | None] = ContextVar("playbook_snapshot", default=None)


def read_text(
    path: Path, rel: str, *, max_bytes: int = MAX_DATA_BYTES
) -> tuple[str | None, list[Finding]]:
    """Read a file as UTF-8; too-large and undecodable files become findings.

    An undecodable file is still returned, decoded with replacement characters, so that what it
    defines (its id, its headings) stays known and no other finding cascades from the bad byte.
    """
    files = snapshot.get()
    raw = files.get(os.fspath(path)) if files is not None else None
    try:
        if raw is None:
            raw, size = _read_bytes(path, max_bytes)
        else:
            size = len(raw)
        if size > max_bytes:
            return None, [
                rules.FILE_TOO_LARGE.at(
                    Location(rel),
                    f"file is {size / 1024 / 1024:.1f} MiB; the limit is {max_bytes // 1024 // 1024} MiB",
                )
            ]
    except OSError as error:
        return None, [rules.YAML_SYNTAX.at(Location(rel), f"cannot read file: {error.strerror}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        byte = raw[error.start : error.start + 1].hex().upper()
        finding = rules.ENCODING.at(Location(rel, line, col), f"byte 0x{byte} is not valid UTF-8")
        return raw.decode("utf-8", errors="replace").removeprefix("\ufeff"), [finding]
    return text.removeprefix("\ufeff"), []


def _read_bytes(path: Path, max_bytes: int) -> tuple[bytes, int]:
    """The bytes of a file (at most one past `max_bytes`: a larger file is not read whole) and
    its size. Reads into a buffer of the file's size: asking for `max_bytes` at once allocates
    that much for every file, which costs more than reading thousands of small files."""
    fd = os.open(path, os.O_RDONLY)  # not pathlib's or io's layers: thousands of files
    try:
        size = os.fstat(fd).st_size
        if size > max_bytes:
            return b"", size
        raw = os.read(fd, size + 1)
        if len(raw) != size:  # not a regular file, a short read, or a file being written
            parts = [raw]
            total = len(raw)
            while raw and total <= max_bytes:
                raw = os.read(fd, max_bytes + 1 - total)
                parts.append(raw)
                total += len(raw)
            raw = b"".join(parts)
            size = len(raw)
        return raw, size
    finally:
        os.close(fd)


def parse_yaml(text: str, rel: str, *, line_offset: int = 0, empty_ok: bool = False) -> Parsed:
    """Parse one YAML document. `line_offset` shifts lines (front matter inside a page)."""
    simple = _simple_document(text)
    if simple is not None:
        return Parsed(simple[0], Marks(rel, text, line_offset, simple[1]), [], True, ())
    return parse_yaml_fully(text, rel, line_offset=line_offset, empty_ok=empty_ok)


def parse_yaml_fully(
    text: str, rel: str, *, line_offset: int = 0, empty_ok: bool = False
) -> Parsed:
    """`parse_yaml` through libyaml whatever the document (what its fast path must equal)."""
    marks = Marks(rel)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        return Parsed(None, marks, [_syntax_finding(error, text, rel, line_offset)])
    except yaml.YAMLError as error:  # a reader error without a mark
        return Parsed(
            None, marks, [rules.YAML_SYNTAX.at(Location(rel, 1 + line_offset), str(error))]
        )
    if node is None:
        if empty_ok:
            return Parsed(None, marks, [])
        return Parsed(
            None, marks, [rules.EMPTY_FILE.at(Location(rel, 1 + line_offset), "file has no data")]
        )
    builder = _Builder(marks, line_offset, text)
    try:
        value = builder.build(node, ())
    except _Abort as abort:
        return Parsed(None, marks, [abort.finding])
    marks.text, marks.offset, marks.dates = text, line_offset, builder.dates
    return Parsed(
        value,
        marks,
        builder.findings,
        builder.standard and not builder.findings,
        tuple(builder.notes),
    )


# ---- The common case without libyaml ------------------------------------------------------------
#
# Front matter, roadmap items and releases are mostly `key: word` lines, `key: "quoted text"`,
# `key: [a, b]` lists, nested mappings and lists of flat mappings (`- type: fix` then more keys).
# Composing them with libyaml creates a node and calls back into Python for every value;
# `_simple_document` reads exactly that shape line by line and gives what `_Builder` would, and
# returns None for anything else (escapes in quotes, quotes in flow lists, comments, block
# scalars, continued lines, anchors, tags, duplicate keys, unusual characters...), which then
# takes the full path. A property test compares both paths on generated documents.

#: What may make libyaml read a document otherwise than line by line: comments, braces, tabs,
#: odd line breaks, a byte order mark and any other character YAML does not print.
_NOT_SIMPLE = re.compile(
    # One set of characters (printable ASCII but `#`, `{` and `}`, and the printable rest), not
    # an alternative of two: a pattern tries each alternative at every character.
    "[^\n\x20-\x22\x24-\x7a\x7c\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]"
)
#: Characters a plain scalar must not start with (YAML indicators).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
#: Texts of the numbers converted here; any other number (octal, hex, 1_000, 1:30, 1e3, .inf...)
#: takes the full path.
_INT_TEXT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT_TEXT = re.compile(r"[-+]?[0-9]+\.[0-9]+")
_SIMPLE_DEPTH = 16
#: Longer documents take the full path (which counts their values against `MAX_VALUES`).
_SIMPLE_MAX_CHARS = 20_000
_NO: Any = object()


def _tag(text: str) -> str:
    """The tag YAML resolves a plain scalar to (as `_Loader.resolve`, with the same memo)."""
    tag = _TAGS.get(text)
    if tag is None:
        tag = _STR
        for candidate, pattern in (
            *_Loader.yaml_implicit_resolvers.get(text[0] if text else "", ()),
            *_Loader.yaml_implicit_resolvers.get(None, ()),
        ):
            if pattern.match(text):
                tag = candidate
                break
        if len(text) <= _INTERN_MAX and len(_TAGS) < _TAGS_MAX:
            _TAGS[text] = tag
    return tag


def _plain(text: str, flow: bool) -> Any:
    """The value of a plain scalar as `_Builder` gives it, or `_NO` when this path does not read
    it."""
    first = text[0]
    if first in _INDICATORS and (first != "-" or len(text) == 1 or text[1] == " "):
        return _NO
    if text[-1] == ":" or ": " in text:
        return _NO
    if flow and (":" in text or "[" in text or "]" in text):
        return _NO
    tag = _tag(text)
    if tag == _STR:
        return sys.intern(text) if len(text) <= _INTERN_MAX else text
    if tag == _TAG + "null":
        return None
    if tag == _TAG + "bool":
        lowered = text.lower()
        return lowered in ("yes", "true", "on", "y") if lowered in _BOOL_WORDS else _NO
    if tag == _TAG + "int":
        return int(text) if _INT_TEXT.fullmatch(text) else _NO
    if tag == _TAG + "float":
        return float(text) if _FLOAT_TEXT.fullmatch(text) else _NO
    if tag == _TAG + "timestamp" and _DATE_RE.match(text):
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            return _NO
        return IsoDate(text)
    return _NO


#: One line of a simple document: blank, `key:` (with what follows), `- key:` (with what follows:
#: the first key of a mapping in a list) or `- item`.
_SIMPLE_LINE = re.compile(r"( *)(?:(- +)?([A-Za-z_][A-Za-z0-9_-]*):(?: (.*))?|(-) (.*)|)")
#: Value text -> (the value, or a tuple of a list's items; whether it is a list; where its dates
#: are: () for a scalar date, item indexes for a list). The same words recur across documents.
_VALUES: dict[str, tuple[Any, bool, tuple[int, ...] | None]] = {}
_VALUES_MAX = 50_000
#: Line -> what `_simple_line` reads from it. Most lines of a playbook's documents recur
#: (`status: active`, `kind: process`, a RACI line...).
_LINES: dict[str, _Line] = {}
_LINES_MAX = 60_000
#: Lines up to this length are memoised.
_LINE_MEMO_MAX = 120


def forget_memos() -> None:
    """Empty the memos of lines, plain values and their tags (`_LINES`, `_VALUES`, `_TAGS`): a
    one-off build drops them once the content is loaded and checked, so that the pages it builds
    next reuse that memory (over 10,000 entries, about 1.5 MB, at 2,000 pages). Parsing gives
    the same results without them, only slower; they fill again on the next parse."""
    _LINES.clear()
    _VALUES.clear()
    _TAGS.clear()


def _quoted(text: str) -> Any:
    """The value of a quoted scalar on one line without escapes (`"a: b"`, `'x'`), or `_NO`."""
    quote = text[0]
    inner = text[1:-1]
    if len(text) < 2 or text[-1] != quote or quote in inner or (quote == '"' and "\\" in inner):
        return _NO
    return sys.intern(inner) if len(inner) <= _INTERN_MAX else inner


def _simple_value(text: str) -> tuple[Any, bool, tuple[int, ...] | None]:
    """The value after `key: `: a plain or quoted scalar or a flow list of plain scalars (`_NO`
    if not)."""
    known = _VALUES.get(text)
    if known is not None:
        return known
    found: tuple[Any, bool, tuple[int, ...] | None]
    first = text[0]
    if first == "[":
        inner = text[1:-1]
        if text[-1] != "]":
            found = (_NO, False, None)
        elif not inner.strip(" "):
            found = (
                ((), True, None) if "[" not in inner and "]" not in inner else (_NO, False, None)
            )
        else:
            items = [_item(part.strip(" ")) for part in inner.split(",")]
            if _NO in items:  # (no item equals `_NO` but itself)
                found = (_NO, False, None)
            elif IsoDate in map(type, items):
                dates = tuple(i for i, item in enumerate(items) if type(item) is IsoDate)
                found = (tuple(items), True, dates)
            else:
                found = (tuple(items), True, None)
    elif first == '"' or first == "'":
        found = (_quoted(text), False, None)
    else:
        value = _plain(text, flow=False)
        found = (value, False, () if type(value) is IsoDate else None)
    if len(text) <= _INTERN_MAX and len(_VALUES) < _VALUES_MAX:
        _VALUES[text] = found
    return found


def _item(text: str) -> Any:
    """The value of a plain scalar in a flow list (`_NO` if this path does not read it)."""
    if not text or ":" in text or "[" in text or "]" in text or text[0] in "\"'":
        return _NO  # nothing, or read otherwise in a flow list
    # Outside a flow list the same text has the same value (a list's items recur elsewhere).
    return (_VALUES.get(text) or _simple_value(text))[0]


#: What one line of a simple document holds: its indent (the column of its key, or of its `-`
#: when it has no key); its key ("" for a `- item` line); its value (`_OPENS` after a bare
#: `key:`), whether that is a list (a tuple of items) and where its dates are (see `_VALUES`);
#: the column of its leading `- ` (-1 if none). Or `_BLANK`, or `_NOT_LINE` for a line this path
#: does not read.
_Line = tuple[int, str, Any, bool, tuple[int, ...] | None, int]
_BLANK: _Line = (0, "", _NO, False, None, -1)
_NOT_LINE: _Line = (-1, "", _NO, False, None, -1)
_OPENS: Any = object()


def _simple_line(line: str) -> _Line:
    """What a line of a simple document holds (see `_Line`)."""
    if _NOT_SIMPLE.search(line):
        return _NOT_LINE
    parts = _SIMPLE_LINE.fullmatch(line)
    if parts is None:
        return _NOT_LINE
    spaces, entry, key, rest, dash, item = parts.groups()
    if dash is not None:
        item = item.strip(" ")
        if not item:
            return _NOT_LINE
        value, is_list, where = _simple_value(item)
        if value is _NO or is_list:
            return _NOT_LINE
        return (len(spaces), "", value, False, where, len(spaces))
    if key is None:
        return _BLANK
    if _tag(key) != _STR:
        return _NOT_LINE
    indent = len(spaces)
    dash_at = -1
    if entry is not None:
        dash_at = indent
        indent += len(entry)
    if rest is not None:
        rest = rest.strip(" ")
    if not rest:
        return (indent, sys.intern(key), _OPENS, False, None, dash_at)
    value, is_list, where = _simple_value(rest)
    if value is _NO:
        return _NOT_LINE
    return (indent, sys.intern(key), value, is_list, where, dash_at)


def _simple_document(text: str) -> tuple[dict[str, Any], list[KeyPath]] | None:
    """What `_Builder` reads from a document of the simple shape (see above), or None."""
    if len(text) > _SIMPLE_MAX_CHARS:
        return None
    root: dict[str, Any] = {}
    dates: list[KeyPath] = []
    #: Open mappings and lists, innermost last: (indent, the mapping or list, its key path). A
    #: mapping's indent is the column of its keys, a list's the column of its dashes.
    levels: list[tuple[int, Any, KeyPath]] = [(0, root, ())]
    #: A key with nothing after it: (indent, its mapping, key, key path) until its content starts.
    pending: tuple[int, dict[str, Any], str, KeyPath] | None = None
    count = 0
    memo = _LINES
    known = memo.get
    for line in text.split("\n"):
        entry = known(line)
        if entry is None:
            entry = _simple_line(line)
            if len(line) <= _LINE_MEMO_MAX and len(memo) < _LINES_MAX:
                memo[line] = entry
        if entry is _BLANK:
            continue
        if entry is _NOT_LINE:
            return None
        indent, key, value, is_list, where, dash = entry
        count += 1
        if dash >= 0:  # `- item` or `- key: ...`
            if pending is not None:
                key_indent, mapping, name, path = pending
                pending = None
                if dash >= key_indent:  # the list is the key's value (else the key is null)
                    if len(levels) >= _SIMPLE_DEPTH:
                        return None
                    mapping[name] = []
                    levels.append((dash, mapping[name], path))
            while dash < levels[-1][0]:
                levels.pop()
            top, items, parent = levels[-1]
            if dash != top or type(items) is not list:
                return None
            if not key:
                if where is not None:
                    dates.append((*parent, len(items)))
                items.append(value)
                continue
            if len(levels) >= _SIMPLE_DEPTH:
                return None
            parent = (*parent, len(items))
            mapping = {}
            items.append(mapping)
            levels.append((indent, mapping, parent))
        else:
            if pending is not None:
                key_indent, mapping, name, path = pending
                pending = None
                if indent > key_indent:  # a nested mapping starts
                    if len(levels) >= _SIMPLE_DEPTH:
                        return None
                    mapping[name] = {}
                    levels.append((indent, mapping[name], path))
            while indent < levels[-1][0]:
                levels.pop()
            top, mapping, parent = levels[-1]
            if indent == top and type(mapping) is list:  # a list at its key's indent ends
                levels.pop()
                top, mapping, parent = levels[-1]
            if indent != top or type(mapping) is not dict or key in mapping:
                return None
        if value is _OPENS:
            pending = (indent, mapping, key, (*parent, key))
            mapping[key] = None
        elif is_list:
            mapping[key] = list(value)
            if where:
                dates.extend((*parent, key, index) for index in where)
        else:
            mapping[key] = value
            if where is not None:
                dates.append((*parent, key))
    if count == 0:
        return None
    return root, dates


def standard_values(value: Any, dates: list[KeyPath]) -> Any:
    """`value` (of a `Parsed.standard` parse) as a standard YAML loader reads it: the `IsoDate`
    at each of `dates` becomes a `datetime.date`, in place."""
    for path in dates:
        if not path:  # the document is a date
            return value.to_date()
        *parents, last = path
        holder = value
        for key in parents:
            holder = holder[key]
        holder[last] = holder[last].to_date()
    return value


#: Characters YAML counts as line breaks but editors and git do not (or not alone).
_ODD_BREAKS = re.compile("[\x85\u2028\u2029]|\r(?!\n)")


def _line_of(text: str, mark: yaml.Mark) -> int:
    """1-based line of a mark, counting only \\n as editors do."""
    if _ODD_BREAKS.search(text) and mark.index <= len(text):
        return text.count("\n", 0, mark.index) + 1
    return int(mark.line) + 1


def _syntax_finding(error: yaml.MarkedYAMLError, text: str, rel: str, line_offset: int) -> Finding:
    mark = error.problem_mark or error.context_mark
    last_line = text.count("\n") + (0 if text.endswith("\n") else 1)
    line = min(_line_of(text, mark) if mark else 1, max(last_line, 1)) + line_offset
    col = mark.column + 1 if mark else 1
    problem = error.problem or "invalid YAML"
    lines = text.split("\n")
    source = lines[mark.line] if mark and mark.line < len(lines) else ""
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent or "tab" in problem:
        return rules.YAML_SYNTAX.at(
            Location(rel, line, col),
            "a tab character is not allowed in YAML indentation",
            "Indent with spaces (two per level); configure your editor to insert spaces.",
        )
    if (
        "expected a single document" in (error.context or "")
        or "but found another document" in problem
    ):
        return rules.UNSUPPORTED_YAML.at(
            Location(rel, line, col),
            "the file holds several YAML documents ('---' separators); expected exactly one",
        )
    message = problem
    if error.context:
        message = f"{problem} ({error.context})"
    return rules.YAML_SYNTAX.at(Location(rel, line, col), f"invalid YAML: {message}")


class _Positions:
    """Line and column of a YAML mark as an editor counts them (only \\n breaks a line)."""

    def __init__(self, text: str, offset: int) -> None:
        self.offset = offset
        self.newlines: list[int] | None = None
        if _ODD_BREAKS.search(text):
            self.newlines = [i for i, char in enumerate(text) if char == "\n"]

    def __call__(self, mark: yaml.Mark) -> tuple[int, int]:
        if self.newlines is None:
            return mark.line + 1 + self.offset, mark.column + 1
        line = bisect.bisect_left(self.newlines, mark.index)
        start = self.newlines[line - 1] + 1 if line else 0
        return line + 1 + self.offset, mark.index - start + 1


#: Blanks, then `#` and a character that starts a word: a comment right after plain text, as in
#: `decided in #launches` (a comment written as `# note` or `#: note` is not reported).
_CUT_BY_COMMENT = re.compile(r"([ \t]+)#[^\s#:!]")

#: Scalars up to this length are interned.
_INTERN_MAX = 64


class _Builder:
    """Turns a composed node tree into plain values, recording marks and findings."""

    def __init__(self, marks: Marks, line_offset: int, text: str) -> None:
        self.marks = marks
        self.offset = line_offset
        self.findings: list[Finding] = []
        self.dates: list[KeyPath] = []
        #: Every value is the one a standard YAML loader reads (see `Parsed.standard`).
        self.standard = True
        self.count = 0
        self.line_col = _Positions(text, line_offset)
        self.notes: list[Finding] = []
        #: Only a document with ` #` or a tab before `#` somewhere can have text cut by a comment.
        self.text = text if (" #" in text or "\t#" in text) else ""

    def _loc(self, node: yaml.Node) -> Location:
        line, col = self.line_col(node.start_mark)
        return Location(self.marks.path, line, col)

    def build(self, node: yaml.Node, path: KeyPath, depth: int = 0) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _Abort(
                rules.UNSUPPORTED_YAML.at(
                    self._loc(node),
                    f"the document expands to more than {MAX_VALUES:,} values "
                    "(anchors and aliases that multiply: a YAML 'billion laughs' bomb?)",
                    "Remove the anchors (&name) and aliases (*name); write values out.",
                )
            )
        if depth > MAX_DEPTH:
            raise _Abort(
                rules.UNSUPPORTED_YAML.at(
                    self._loc(node), f"nesting deeper than {MAX_DEPTH} levels"
                )
            )
        if isinstance(node, yaml.ScalarNode):
            if node.tag == _STR:
                text: str = node.value
                if self.text and not node.style:
                    self._cut_by_comment(node, path)
                # Ids, statuses and other short words recur across thousands of documents: one
                # copy of each is kept (a large playbook's model is mostly such references).
                return sys.intern(text) if len(text) <= _INTERN_MAX else text
            value = self._scalar(node)[0]
            if type(value) is IsoDate:
                self.dates.append(path)
            return value
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        self._check_tag(node, "seq")
        return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]

    def _cut_by_comment(self, node: yaml.ScalarNode, path: KeyPath) -> None:
        """A note when plain text is followed on its line by ` #word`: YAML ends the value there,
        while its author most likely meant a channel, a hashtag or an issue number."""
        end = node.end_mark
        cut = _CUT_BY_COMMENT.match(self.text, end.index)
        if cut is None or not node.value:
            return
        rest = self.text[cut.end() - 2 :].split("\n", 1)[0].strip()
        line, col = self.line_col(end)
        where = key_name(path)
        shown = node.value if len(node.value) <= 40 else "..." + node.value[-37:]
        rest = rest if len(rest) <= 40 else rest[:37] + "..."
        self.notes.append(
            rules.COMMENT_CUTS_TEXT.at(
                Location(self.marks.path, line, col + len(cut.group(1))),
                f"{where} ends at '{shown}': YAML reads '{rest}' as a comment and drops it",
                "Put the whole value in double quotes, or write the '#' with no space before it.",
            )
        )

    def _check_tag(self, node: yaml.Node, kind: str) -> None:
        if node.tag != _TAG + kind:
            raise _Abort(
                rules.UNSUPPORTED_YAML.at(
                    self._loc(node),
                    f"the tag {node.tag!r} is not allowed",
                    "Remove the tag (the part starting with '!'); write plain YAML values.",
                )
            )

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict[str, Any]:
        self._check_tag(node, "map")
        out: dict[str, Any] = {}
        first_keys: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG + "merge":
                raise _Abort(
                    rules.UNSUPPORTED_YAML.at(
                        self._loc(key_node),
                        "merge keys ('<<') are not supported",
                        "Write the keys out in full.",
                    )
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Abort(
                    rules.WRONG_TYPE.at(self._loc(key_node), "a mapping key must be plain text")
                )
            if key_node.tag == _STR:
                key = key_node.value
            else:  # `1:` or `yes:` is a key in text here, a number or a boolean to YAML
                key = str(self._scalar(key_node)[0])
                self.standard = False
            if key in first_keys:
                first_line = self.line_col(first_keys[key].start_mark)[0]
                where = f" (first defined on line {first_line})"
                self.findings.append(
                    rules.DUPLICATE_KEY.at(
                        self._loc(key_node),
                        f"duplicate key '{key}'{where}; plain YAML would silently keep only this last value",
                    )
                )
                continue
            first_keys[key] = key_node
            out[key] = self.build(value_node, (*path, key), depth + 1)
        return out

    def _scalar(self, node: yaml.ScalarNode) -> tuple[Any, str | None]:
        """The value of a scalar and, when YAML typed plain text implicitly, that text."""
        tag = node.tag
        text = node.value
        if tag == _TAG + "str":
            return text, None
        plain = not node.style  # None (pure-Python loader) or '' (libyaml) for plain scalars
        implicit = text if plain else None
        if tag == _TAG + "null":
            return None, implicit
        if tag == _TAG + "bool":
            lowered = text.lower()
            if lowered not in _BOOL_WORDS:  # `!!bool` on some other text: YAML cannot read it
                self.standard = False
            return lowered in ("yes", "true", "on", "y"), implicit
        if tag == _TAG + "int":
            return _to_int(text, node, self), implicit
        if tag == _TAG + "float":
            try:
                return _to_float(text), implicit
            except ValueError:
                raise _Abort(
                    rules.BAD_VALUE.at(self._loc(node), f"'{text}' is not a number", _NUMBER_HINT)
                ) from None
        if tag == _TAG + "timestamp":
            if _DATE_RE.match(text):
                try:
                    dt.date.fromisoformat(text)
                except ValueError:
                    self.standard = False
                    return text, implicit  # not a real date: the schema says what was expected
                return IsoDate(text), implicit
            self.standard = False  # a date and time, kept as text
            return text, implicit
        raise _Abort(
            rules.UNSUPPORTED_YAML.at(
                self._loc(node),
                f"the tag {tag!r} is not allowed",
                "Remove the tag (the part starting with '!'); write plain YAML values.",
            )
        )


def _to_int(text: str, node: yaml.ScalarNode, builder: _Builder) -> int:
    cleaned = text.replace("_", "")
    sign = -1 if cleaned.startswith("-") else 1
    digits = cleaned.lstrip("+-")
    try:
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        if digits.startswith("0b"):
            return sign * int(digits[2:], 2)
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if ":" in digits:  # sexagesimal, a YAML 1.1 curiosity: 1:30 is 90
            total = 0
            for part in digits.split(":"):
                total = total * 60 + int(part)
            return sign * total
        if len(digits) > 1 and digits.startswith("0"):
            return sign * int(digits, 8)
        return sign * int(digits)
    except ValueError:
        raise _Abort(
            rules.BAD_VALUE.at(builder._loc(node), f"'{text}' is not a number", _NUMBER_HINT)
        ) from None


def _to_float(text: str) -> float:
    lowered = text.lower().replace("_", "")
    if lowered in (".nan",):
        return float("nan")
    if lowered in (".inf", "+.inf"):
        return float("inf")
    if lowered == "-.inf":
        return float("-inf")
    if ":" in lowered:
        sign = -1.0 if lowered.startswith("-") else 1.0
        total = 0.0
        for part in lowered.lstrip("+-").split(":"):
            total = total * 60 + float(part)
        return sign * total
    return float(lowered)
