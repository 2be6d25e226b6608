"""Loading the content model: the default playbook is complete and clean; values keep their lines."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from helpers import CONTENT_DAY, REPO, check, edit, write

from plugins.core.loader import load_playbook
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from pathlib import Path


def test_default_playbook_loads_without_findings() -> None:
    report = check(REPO, CONTENT_DAY)
    assert [f.format() for f in report.findings] == []


def test_default_playbook_has_the_promised_content() -> None:
    pb = load_playbook(read_settings(REPO)).playbook
    assert len(pb.processes) >= 14
    assert len(pb.templates) >= 8
    assert len(pb.teams) >= 4
    assert {
        "product-ops-manager",
        "product-manager",
        "data-analyst",
        "program-manager",
        "engineering-lead",
        "designer",
        "customer-success",
        "marketing",
    } <= set(pb.roles)
    assert {
        "time-to-ship",
        "delivery-velocity",
        "on-time-delivery-rate",
        "backlog-to-feature-time",
        "pm-admin-time",
        "stakeholder-satisfaction",
        "practice-adoption",
    } <= set(pb.kpis)
    assert len(pb.roadmap) >= 25
    assert len({i.theme for i in pb.roadmap.values()}) >= 4
    assert {i.horizon for i in pb.roadmap.values()} == set(pb.vocabulary.horizons)
    assert len(pb.releases) >= 6
    entries = [e for r in pb.releases for e in r.entries]
    assert len(entries) >= 40
    assert sum(1 for e in entries if e.items) >= 25
    for page in (
        "start-here/what-is-product-ops.md",
        "start-here/when-to-invest.md",
        "start-here/how-to-start.md",
    ):
        assert page in pb.pages
    assert len(pb.terms) >= 20


def test_every_process_has_the_required_sections_and_words() -> None:
    pb = load_playbook(read_settings(REPO)).playbook
    for page in pb.pages.values():
        if page.doc is None or page.doc.kind != "process":
            continue
        text = (REPO / page.path).read_text(encoding="utf-8")
        assert len(text.split()) > 600, f"{page.path} is too thin to be a real process"
        for banned in ("lorem", "TODO", "TBD"):
            assert banned not in text, f"{page.path} contains {banned}"


def test_values_remember_their_file_and_line(minimal: Path) -> None:
    pb = load_playbook(read_settings(minimal)).playbook
    item = pb.roadmap["saved-filters"]
    assert str(item.origin.at("depends_on", 0)) == "data/roadmap/saved-filters.yml:11:14"
    process = pb.processes["launch"]
    assert str(process.origin.at("owner")) == "playbook/processes/launch.md:6:8"
    assert process.review.review_by == dt.date(2026, 10, 1) + dt.timedelta(days=180)
    team = pb.teams["core"]
    assert str(team.origin.at("channel")) == "data/teams.yml:12:14"


def test_template_used_by_is_derived(minimal: Path) -> None:
    pb = load_playbook(read_settings(minimal)).playbook
    assert [p.id for p in pb.used_by("checklist")] == ["launch"]


def test_a_failed_item_is_left_out_but_its_id_still_resolves(minimal: Path) -> None:
    edit(minimal, "data/roadmap/fast-search.yml", "status: shipped", "status: done")
    report = check(minimal)
    assert [(f.rule, f.path, f.line) for f in report.findings] == [
        ("PB113", "data/roadmap/fast-search.yml", 5)
    ]
    assert "fast-search" not in report.playbook.roadmap  # left out, yet no "unknown item" errors


def test_model_for_rendering_renders_the_same_headers_without_the_checks_only_parts(
    minimal: Path,
) -> None:
    from plugins.core.loader import for_rendering
    from plugins.core.render.pages import doc_details, doc_facts, doc_header

    loaded = load_playbook(read_settings(minimal))
    pb = loaded.playbook
    today = dt.date(2026, 11, 23)
    before = {
        d.id: (doc_header(d, pb, today), doc_facts(d, pb), doc_details(d, pb)) for d in pb.docs
    }
    slim = for_rendering(loaded)
    after = {
        d.id: (
            doc_header(d, slim.playbook, today),
            doc_facts(d, slim.playbook),
            doc_details(d, slim.playbook),
        )
        for d in slim.playbook.docs
    }
    assert after == before
    assert slim.playbook.pages.keys() == pb.pages.keys()
    assert all(not p.headings and not p.links for p in slim.playbook.pages.values())
    assert slim.ids == {}
    assert all(o.marks.text is None for o in slim.playbook.origins())


def test_front_matter_is_kept_as_yaml_reads_it_for_the_site_builder(minimal: Path) -> None:
    import yaml

    write(minimal, "playbook/odd.md", "---\ntitle: Odd\n1: a number as a key\n---\n# Odd\n")
    write(minimal, "playbook/when.md", "---\ntitle: When\nat: 2026-01-05 10:00:00\n---\n# When\n")
    loaded = load_playbook(read_settings(minimal), keep_front_matter=True)
    kept = loaded.front_matter
    # Not odd.md (YAML reads `1` as a number) nor when.md (a timestamp, which we keep as text).
    assert sorted(kept) == [
        "index.md",
        "processes/launch.md",
        "processes/review.md",
        "templates/checklist.md",
    ]
    for uri, front in kept.items():
        # Exactly what MkDocs would read from the block between the `---` lines.
        source = (minimal / "playbook" / uri).read_text(encoding="utf-8")
        assert source.startswith(f"---\n{front.yaml}---\n")
        assert front.values == yaml.load(front.yaml, Loader=yaml.CSafeLoader)
    assert kept["processes/launch.md"].values["last_reviewed"] == dt.date(2026, 10, 1)
    # Not asked for, not kept (the CLI never needs them).
    assert load_playbook(read_settings(minimal)).front_matter == {}
