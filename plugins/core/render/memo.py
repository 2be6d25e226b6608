"""Rendering again only what an edit of the model changes (a live preview's rebuilds).

A renderer reads some fields of the model (the teams, the roadmap, the processes...). A `Memo`
calls it through a view of the model that records which fields it reads, and keeps its result
with the *version* of each of those fields. Each new model handed to `Memo.model` is compared
with the previous one field by field, once: a field that is not the same object, or an equal one,
gets a new version. A renderer called again under the same key, with equal other arguments, and
whose fields all kept their version, returns the kept result: what it computed from equal inputs.

Renderers are pure functions of their arguments (`generate.generate_site` says so, and the
preview tests compare a reused build with a clean one, byte for byte); what makes this exact is
that the view records every field read, including those read by the model's own methods and
properties, which run with the view as `self`.
"""

from __future__ import annotations

import dataclasses
import types
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

T = TypeVar("T")
M = TypeVar("M")


class _Reading:
    """A model as a renderer sees it, recording the names of the fields it reads."""

    __slots__ = ("_fields", "_model", "_read")

    def __init__(self, model: Any, names: frozenset[str]) -> None:
        self._model = model
        self._fields = names
        self._read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        if name in self._fields:
            self._read.add(name)
            return getattr(self._model, name)
        attribute = getattr(type(self._model), name)
        if isinstance(attribute, property) and attribute.fget is not None:
            return attribute.fget(self)
        if isinstance(attribute, types.FunctionType):
            return types.MethodType(attribute, self)
        return attribute  # a constant of the class


class Memo(Generic[M]):
    """Results of renderers of a model `M` (a dataclass), reused while what they read is equal."""

    def __init__(self) -> None:
        self._current: Any = None
        self._names: frozenset[str] = frozenset()
        self._versions: dict[str, int] = {}
        #: Key -> (arguments, versions of the fields read, result).
        self._kept: dict[Hashable, tuple[tuple[Any, ...], dict[str, int], Any]] = {}

    def model(self, model: M) -> None:
        """Render from `model` from now on: each field unequal to the last model's is a new
        version."""
        previous = self._current
        if previous is None or type(previous) is not type(model):
            self._names = frozenset(f.name for f in dataclasses.fields(model))  # type: ignore[arg-type]
            self._versions = dict.fromkeys(self._names, 0)
            self._kept.clear()
        else:
            for name in self._names:
                old, new = getattr(previous, name), getattr(model, name)
                if old is not new and old != new:
                    self._versions[name] += 1
        self._current = model

    def call(self, key: Hashable, render: Callable[..., T], *args: Any) -> T:
        """`render(model, *args)` for the current model, or its result kept under `key` when
        the arguments are equal and the fields it read kept their version."""
        kept = self._kept.get(key)
        if kept is not None:
            kept_args, versions, result = kept
            if _same(kept_args, args) and all(
                self._versions[name] == version for name, version in versions.items()
            ):
                kept_result: T = result
                return kept_result
        view = _Reading(self._current, self._names)
        result = render(view, *args)
        self._kept[key] = (args, {name: self._versions[name] for name in view._read}, result)
        return result


def _same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
    return len(a) == len(b) and all(x is y or x == y for x, y in zip(a, b, strict=True))
