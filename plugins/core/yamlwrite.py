"""Writing YAML that reads back exactly as given: the one writer for the CLI and the importers.

Every string's style is chosen by construction, never by trial parsing:

- single-line text goes to PyYAML's emitter with no preferred style. The emitter analyses the
  characters (indicators such as a leading `` ` ``, `[`, `*`, `@`, `%`, `!`, `"`, `>`, `: ` and
  ` #` inside, leading or trailing spaces) and the resolver says whether the plain text would be
  read as another type (`yes`, `off`, `~`, `1.10`, `2026-01-05`...). It writes the text plain when
  both allow it, single-quoted when only quoting is needed, double-quoted (with escapes) otherwise;
- multi-line text is written as a literal block (`|`), with the chomping indicator its ending
  needs (`|-` without a final line break, `|+` with several) and an indentation indicator when it
  starts with a space or an empty line. Unlike PyYAML's default, a literal block is also used for
  text whose lines end in spaces (Markdown's hard line break) or hold tabs: YAML keeps both
  inside a literal block. Text a literal block cannot hold (a carriage return, a control
  character, a byte-order mark, Unicode line separators) is double-quoted with escapes.

libyaml's emitter writes most documents (it is several times faster and analyses text as PyYAML's
does); a document holding multi-line text with trailing spaces or tabs goes through PyYAML's
pure-Python emitter with the one relaxation above.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from yaml.emitter import ScalarAnalysis

_STR = "tag:yaml.org,2002:str"

#: Characters a literal block keeps exactly: line feed, tab and the printable characters YAML
#: allows unescaped, minus those it reads as line breaks (NEL, LS, PS) or strips (BOM).
_LITERAL_SAFE = re.compile(
    "[\n\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]*"
)

_OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


def literal_can_hold(text: str) -> bool:
    """Whether a literal block scalar reads back as exactly `text`."""
    return "\n" in text and _LITERAL_SAFE.fullmatch(text) is not None


def scalar_style(text: str) -> str | None:
    """The style the writer asks for: `|` for multi-line text, otherwise the emitter's choice."""
    return "|" if "\n" in text else None


class _Emitter(yaml.emitter.Emitter):
    def analyze_scalar(self, scalar: str) -> ScalarAnalysis:
        analysis = super().analyze_scalar(scalar)
        if _OTHER_BREAKS.search(scalar):
            # PyYAML writes NEL, LS and PS raw inside quotes, where a reader folds them into
            # spaces: only the double-quoted style (which escapes them) keeps them.
            analysis.allow_flow_plain = analysis.allow_block_plain = False
            analysis.allow_single_quoted = analysis.allow_block = False
            return analysis
        if not analysis.allow_block and literal_can_hold(scalar):
            # PyYAML refuses blocks for trailing spaces and tabs to protect the folded style;
            # a literal block keeps them.
            analysis.allow_block = True
        return analysis

    def determine_block_hints(self, text: str) -> str:
        hints = ""
        if text:
            if text[0] in " \t\n":  # the reader could not tell the indentation from line one
                hints += str(self.best_indent)
            if text[-1] != "\n":
                hints += "-"  # strip: no final line break
            elif len(text) == 1 or text[-2] == "\n":
                hints += "+"  # keep: several final line breaks
        return hints


class _PyDumper(_Emitter, yaml.SafeDumper):
    """SafeDumper with the emitter above and the representers below."""


try:  # libyaml emits several times faster; it chooses styles as PyYAML's emitter does
    _CBase: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _CBase = _PyDumper


class _CDumper(_CBase):  # type: ignore[misc]
    """libyaml's emitter, for documents whose multi-line text it writes as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar(_STR, value, style=scalar_style(value))


def _represent_list(dumper: yaml.SafeDumper, value: list[Any] | tuple[Any, ...]) -> yaml.Node:
    # Short lists of one-line words (ids, audiences) stay on one line: `audience: [admins]`.
    flow = all(isinstance(item, str) and "\n" not in item for item in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


for _dumper in (_PyDumper, _CDumper):
    _dumper.add_representer(str, _represent_str)
    _dumper.add_representer(list, _represent_list)
    _dumper.add_representer(tuple, _represent_list)

#: What makes libyaml (like PyYAML) refuse a literal block that YAML could hold: a space before
#: a line break or at the very end, or a tab.
_BLOCK_REFUSED = re.compile(r" \n| \Z|\t")


def _needs_own_emitter(value: Any) -> bool:
    """Whether `value` holds multi-line text that only the emitter above writes as a block."""
    if isinstance(value, str):
        return literal_can_hold(value) and _BLOCK_REFUSED.search(value) is not None
    if isinstance(value, Mapping):
        return any(_needs_own_emitter(k) or _needs_own_emitter(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_needs_own_emitter(item) for item in value)
    return False


def dumps(data: Mapping[str, Any], *, comment: str = "") -> str:
    """One YAML document for `data`, keys in the given order; reading it back gives `data`.

    `comment` (for example a `yaml-language-server` line) is put before the document as is.
    Long lines are never folded: text stays on the line its author wrote it on.
    """
    text: str = yaml.dump(
        dict(data),
        Dumper=_PyDumper if _needs_own_emitter(data) else _CDumper,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
        default_flow_style=False,
    )
    # A document ending in a `|+` block gets an explicit end marker; the end of the text ends
    # the block as well, and a front matter block must not contain a `...` line.
    return comment + text.removesuffix("...\n")
