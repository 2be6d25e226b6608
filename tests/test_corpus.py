"""The broken-playbook corpus: one defect per case, and exactly the findings it must produce.

Each case in tests/corpus/cases.yml takes the valid minimal site, introduces one defect and lists
every finding a user must see as (rule, path, line). The tests protect what a contributor
experiences when they get something wrong: one precise finding at the right line, no cascade of
follow-up errors, no crash and no slow check.
"""

from __future__ import annotations

import builtins
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from helpers import check, edit, findings_of, write

from plugins.core.findings import Severity
from plugins.core.rules import CATALOGUE

if TYPE_CHECKING:
    from collections.abc import Callable

CASES_FILE = Path(__file__).parent / "corpus" / "cases.yml"
MIN_CASES = 44
TIME_LIMIT_SECONDS = 1.0
CASE_KEYS = {
    "id",
    "why",
    "edits",
    "expect",
    "messages",
    "severities",
    "xfail_reason",
    "xfail_raises",
}
REQUIRED_CASE_KEYS = {"id", "why", "edits", "expect"}


def _load_cases() -> list[dict[str, Any]]:
    with CASES_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    cases: list[dict[str, Any]] = data["cases"]
    return cases


CASES = _load_cases()


# ---- Edits ------------------------------------------------------------------------------------


def _edit(root: Path, spec: dict[str, Any]) -> None:
    edit(root, spec["file"], spec["old"], spec["new"])


def _append(root: Path, spec: dict[str, Any]) -> None:
    path = root / spec["file"]
    path.write_text(path.read_text(encoding="utf-8") + spec["text"], encoding="utf-8")


def _write(root: Path, spec: dict[str, Any]) -> None:
    write(root, spec["file"], spec["text"])


def _delete(root: Path, spec: str) -> None:
    (root / spec).unlink()


def _write_bytes(root: Path, spec: dict[str, Any]) -> None:
    path = root / spec["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes.fromhex(spec["hex"]))


def _insert_bytes(root: Path, spec: dict[str, Any]) -> None:
    path = root / spec["file"]
    raw = path.read_bytes()
    anchor = spec["after"].encode("utf-8")
    at = raw.find(anchor)
    assert at >= 0, f"{spec['after']!r} not in {spec['file']}"
    at += len(anchor)
    path.write_bytes(raw[:at] + bytes.fromhex(spec["hex"]) + raw[at:])


def _big_file(root: Path, spec: dict[str, Any]) -> None:
    """A syntactically plain YAML list, `megabytes` MiB long (like a committed export)."""
    size = int(spec["megabytes"] * 1024 * 1024)
    line = b"  - {id: padding, term: Padding, definition: Exported row.}\n"
    body = b"terms:\n" + line * (size // len(line) + 1)
    path = root / spec["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)


EDITS: dict[str, Callable[[Path, Any], None]] = {
    "edit": _edit,
    "append": _append,
    "write": _write,
    "delete": _delete,
    "write_bytes": _write_bytes,
    "insert_bytes": _insert_bytes,
    "big_file": _big_file,
}


def apply_edits(root: Path, edits: list[dict[str, Any]]) -> None:
    for step in edits:
        ((kind, spec),) = step.items()
        EDITS[kind](root, spec)


# ---- Parametrisation ----------------------------------------------------------------------------


def _param(case: dict[str, Any]) -> Any:
    marks = []
    reason = case.get("xfail_reason")
    if reason:
        raises = getattr(builtins, case.get("xfail_raises", "AssertionError"))
        marks.append(pytest.mark.xfail(strict=True, reason=reason, raises=raises))
    return pytest.param(case, id=case["id"], marks=marks)


# ---- Tests --------------------------------------------------------------------------------------


def test_corpus_is_well_formed() -> None:
    """The corpus stays a readable, valid data file: a bad case must fail loudly, not pass."""
    assert len(CASES) >= MIN_CASES
    ids = [case.get("id") for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for case in CASES:
        name = case.get("id")
        assert REQUIRED_CASE_KEYS <= set(case) <= CASE_KEYS, name
        assert isinstance(name, str)
        assert name.replace("-", "").isalnum()
        assert name == name.lower()
        assert isinstance(case["why"], str)
        assert "\n" not in case["why"].strip(), name
        assert case["edits"], name
        for step in case["edits"]:
            assert isinstance(step, dict), name
            assert len(step) == 1, name
            assert set(step) <= set(EDITS), name
            ((kind, spec),) = step.items()
            if kind == "delete":
                assert isinstance(spec, str), name
            else:
                assert isinstance(spec, dict), name
                assert all(isinstance(v, str) for k, v in spec.items() if k != "megabytes"), name
        for expected in case["expect"]:
            rule, path, line = expected
            assert rule in CATALOGUE, name
            assert isinstance(path, str), name
            assert isinstance(line, int), name
            assert line >= 1, name
        for key in ("messages", "severities"):
            if key in case:
                assert len(case[key]) == len(case["expect"]), name
        for word in case.get("severities", []):
            Severity.parse(word)
        if "xfail_raises" in case:
            assert "xfail_reason" in case, name
            assert issubclass(getattr(builtins, case["xfail_raises"]), Exception), name


def test_the_minimal_site_is_clean(minimal: Path) -> None:
    """Every case starts from a site with no findings, so each finding comes from its defect."""
    assert findings_of(minimal) == []


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_broken_playbook(case: dict[str, Any], minimal: Path) -> None:
    """One defect gives exactly the findings listed, at the right lines, quickly, without raising."""
    apply_edits(minimal, case["edits"])

    started = time.perf_counter()
    report = check(minimal)
    elapsed = time.perf_counter() - started

    found = [(f.rule, f.path, f.line) for f in report.findings]
    expected = [tuple(e) for e in case["expect"]]
    assert found == expected, "\n".join(f.format() for f in report.findings)
    for finding, fragment in zip(report.findings, case.get("messages", []), strict=False):
        if fragment is not None:
            assert fragment in finding.message
    for finding, word in zip(report.findings, case.get("severities", []), strict=False):
        assert finding.severity is Severity.parse(word)
    for finding in report.findings:
        assert finding.message
        assert finding.hint
        assert finding.location.col >= 1
    assert elapsed < TIME_LIMIT_SECONDS, f"check took {elapsed:.2f}s"
