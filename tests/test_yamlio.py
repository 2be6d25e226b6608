"""The YAML reader: values with lines, and every YAML trap turned into a finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from plugins.core.yamlio import IsoDate, parse_yaml, read_text


def test_values_keep_their_lines_and_columns() -> None:
    parsed = parse_yaml("id: a\nitems:\n  - x\n  - y\n", "f.yml")
    assert parsed.ok
    assert parsed.value == {"id": "a", "items": ["x", "y"]}
    assert str(parsed.marks.at(("items", 1))) == "f.yml:4:5"
    assert str(parsed.marks.at(("items",), key=True)) == "f.yml:2:1"


def test_missing_key_points_at_its_mapping() -> None:
    parsed = parse_yaml("top:\n  a: 1\n", "f.yml")
    assert str(parsed.marks.at(("top", "missing"))) == "f.yml:2:3"


def test_duplicate_key_is_reported_with_both_lines() -> None:
    parsed = parse_yaml("status: planned\ntitle: x\nstatus: shipped\n", "f.yml")
    assert [(f.rule, f.line, f.message) for f in parsed.findings] == [
        (
            "PB104",
            3,
            "duplicate key 'status' (first defined on line 1); plain YAML would silently keep only this last value",
        )
    ]
    assert parsed.value["status"] == "planned"  # the first one is kept, nothing silently replaced


def test_dates_stay_text_but_remember_they_were_unquoted() -> None:
    parsed = parse_yaml('a: 2026-01-05\nb: "2026-01-05"\n', "f.yml")
    assert isinstance(parsed.value["a"], IsoDate)
    assert not isinstance(parsed.value["b"], IsoDate)
    assert parsed.value["a"] == parsed.value["b"] == "2026-01-05"


@pytest.mark.parametrize(
    ("text", "implicit"), [("a: no", "no"), ("a: on", "on"), ("a: 1.10", "1.10"), ("a: ~", "~")]
)
def test_implicitly_typed_plain_scalars_keep_their_source_text(text: str, implicit: str) -> None:
    parsed = parse_yaml(text + "\n", "f.yml")
    assert parsed.marks.implicit(("a",)) == implicit


def test_quoted_scalars_are_not_implicit() -> None:
    parsed = parse_yaml('a: "no"\n', "f.yml")
    assert parsed.value == {"a": "no"}
    assert parsed.marks.implicit(("a",)) is None


def test_syntax_error_names_the_line() -> None:
    parsed = parse_yaml("a: [1, 2\nb: 3\n", "f.yml")
    assert parsed.value is None
    (finding,) = parsed.findings
    assert finding.rule == "PB100"
    assert finding.line == 2


def test_tab_indentation_gets_a_specific_message() -> None:
    parsed = parse_yaml("a:\n\tb: 1\n", "f.yml")
    (finding,) = parsed.findings
    assert finding.rule == "PB100"
    assert finding.line == 2
    assert "tab" in finding.message


def test_python_tags_are_refused() -> None:
    parsed = parse_yaml("a: !!python/object/apply:os.system ['echo hi']\n", "f.yml")
    (finding,) = parsed.findings
    assert (finding.rule, finding.line) == ("PB105", 1)
    assert "tag:yaml.org,2002:python/object/apply:os.system" in finding.message


def test_alias_bomb_is_stopped() -> None:
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    parsed = parse_yaml("\n".join(bomb) + "\n", "bomb.yml")
    (finding,) = parsed.findings
    assert finding.rule == "PB105"
    assert "billion laughs" in finding.message


def test_several_documents_are_refused() -> None:
    parsed = parse_yaml("a: 1\n---\nb: 2\n", "f.yml")
    (finding,) = parsed.findings
    assert finding.rule == "PB105"
    assert "several YAML documents" in finding.message


def test_empty_file() -> None:
    parsed = parse_yaml("# only a comment\n", "f.yml")
    assert [(f.rule, f.line) for f in parsed.findings] == [("PB102", 1)]


def test_merge_keys_are_refused() -> None:
    parsed = parse_yaml("base: &b {x: 1}\nother:\n  <<: *b\n", "f.yml")
    assert [(f.rule, f.line) for f in parsed.findings] == [("PB105", 3)]


def test_non_utf8_names_the_byte_and_line(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    text, findings = read_text(path, "x.yml")
    assert text == "a: 1\nb: caf\ufffd\n"  # still readable, so what the file defines stays known
    assert [(f.rule, f.line, f.location.col, f.message) for f in findings] == [
        ("PB101", 2, 7, "byte 0xE9 is not valid UTF-8")
    ]


def test_large_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "big.yml"
    path.write_bytes(b"a: " + b"x" * (10 * 1024 * 1024) + b"\n")
    text, findings = read_text(path, "big.yml")
    assert text is None
    assert findings[0].rule == "PB103"
    assert "10.0 MiB" in findings[0].message


def test_a_file_at_the_limit_is_read_and_one_byte_more_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "edge.yml"
    path.write_bytes(b"a: " + b"x" * (1024 * 1024 - 4) + b"\n")
    text, findings = read_text(path, "edge.yml")
    assert findings == []
    assert text is not None
    assert len(text) == 1024 * 1024
    path.write_bytes(b"a: " + b"x" * (1024 * 1024 - 3) + b"\n")
    text, findings = read_text(path, "edge.yml")
    assert text is None
    assert findings[0].rule == "PB103"


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_file_whose_size_is_unknown_is_read_whole() -> None:
    """Files under /proc say they hold 0 bytes: reading stops at the end, not at the size."""
    text, findings = read_text(Path("/proc/self/status"), "status")
    assert findings == []
    assert text is not None
    assert "Pid:" in text


def test_a_directory_is_a_finding_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "dir.yml").mkdir()
    text, findings = read_text(tmp_path / "dir.yml", "dir.yml")
    assert text is None
    assert "cannot read file" in findings[0].message


def test_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.yml"
    path.write_bytes("\ufeffa: 1\n".encode())
    text, findings = read_text(path, "bom.yml")
    assert findings == []
    assert parse_yaml(text or "", "bom.yml").value == {"a": 1}
