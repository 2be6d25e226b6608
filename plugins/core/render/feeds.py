"""Machine-readable outputs: an Atom feed of releases, JSON exports, an iCalendar file.

Dates come from the data (release dates, roadmap targets), never from the build time, so two builds
of the same commit produce the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from plugins.core.render import atom, site

if TYPE_CHECKING:
    from collections.abc import Iterable

    from plugins.core.model import Playbook, RoadmapItem


def atom_feed(pb: Playbook, ctx: site.SiteContext) -> bytes:
    """An Atom 1.0 feed of the releases, newest first, with absolute links."""
    entries = []
    for release in pb.releases:
        url = ctx.absolute(site.release_uri(release))
        moment = dt.datetime.combine(release.date, dt.time(), dt.UTC)
        sections = []
        for kind in sorted(pb.vocabulary.entry_types, key=lambda t: t.order):
            texts = [e.text for e in release.entries if e.type == kind.id]
            if texts:
                sections.append(kind.heading + ":\n" + "\n".join(f"- {t}" for t in texts))
        entries.append(
            atom.Entry(
                url,
                f"Release {release.version}",
                moment,
                url,
                release.summary,
                "\n\n".join(sections),
                published=moment,
            )
        )
    return atom.document(
        feed_url=ctx.absolute(site.FEED),
        alternate_url=ctx.absolute(site.RELEASES),
        title=f"{ctx.site_name}: release notes",
        author=ctx.site_name,
        updated=pb.releases[0].date if pb.releases else dt.date(1970, 1, 1),
        entries=entries,
    )


def _json(data: dict[str, Any]) -> bytes:
    """Compact JSON (the C encoder: pretty-printing would take Python's slow path)."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def _item_json(item: RoadmapItem, pb: Playbook, ctx: site.SiteContext) -> dict[str, Any]:
    page, anchor = site.item_uri(item)
    release = pb.shipped_in.get(item.id)
    return {
        "id": item.id,
        "title": item.title,
        "summary": item.summary,
        "theme": item.theme,
        "status": item.status,
        "horizon": item.horizon,
        "quarter": item.quarter,
        "owner": item.owner,
        "start": item.start.isoformat() if item.start else None,
        "target": item.target.isoformat(),
        "depends_on": list(item.depends_on),
        "processes": list(item.processes),
        "problem": item.problem,
        "metrics": list(item.metrics),
        "shipped_in": release.version if release else None,
        "url": f"{ctx.absolute(page)}#{anchor}",
        "source": item.origin.path,
    }


def roadmap_json(pb: Playbook, ctx: site.SiteContext) -> bytes:
    data = {
        "version": 1,
        "themes": [{"id": t.id, "name": t.name, "owner": t.owner} for t in pb.themes.values()],
        "items": [_item_json(i, pb, ctx) for i in sorted(pb.roadmap.values(), key=lambda i: i.id)],
    }
    return _json(data)


def releases_json(pb: Playbook, ctx: site.SiteContext) -> bytes:
    def entry(e: Any) -> dict[str, Any]:
        return {
            "type": e.type,
            "text": e.text,
            "items": list(e.items),
            "audience": list(e.audience),
        }

    data = {
        "version": 1,
        "releases": [
            {
                "version": r.version,
                "date": r.date.isoformat(),
                "summary": r.summary,
                "url": ctx.absolute(site.release_uri(r)),
                "entries": [entry(e) for e in r.entries],
            }
            for r in pb.releases
        ],
        "unreleased": [entry(e) | {"file": e.origin.path} for e in pb.unreleased],
    }
    return _json(data)


def calendar(pb: Playbook, ctx: site.SiteContext) -> bytes:
    """Release dates, and the target dates of open roadmap items, as all-day events."""
    host = ctx.site_url.split("//")[-1].split("/")[0] or "playbook.local"
    stamp = pb.releases[0].date if pb.releases else dt.date(1970, 1, 1)
    events = [
        CalendarEvent(
            f"release-{release.version}",
            release.date,
            f"Release {release.version}",
            release.summary,
            ctx.absolute(site.release_uri(release)),
            ("release",),
        )
        for release in pb.releases
    ]
    for item in sorted(pb.roadmap.values(), key=lambda i: i.id):
        if not pb.vocabulary.is_open(item.status):
            continue  # a shipped item's date is its release's event; a cancelled one has none
        page, anchor = site.item_uri(item)
        events.append(
            CalendarEvent(
                f"roadmap-{item.id}",
                item.target,
                f"Target: {item.title} ({item.status})",
                item.summary,
                f"{ctx.absolute(page)}#{anchor}",
                ("roadmap", item.theme),
            )
        )
    # A line break in the site's name would end the calendar's name property.
    name = " ".join(f"{ctx.site_name}: releases and roadmap targets".split())
    return ical(name, host, stamp, events)


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """An all-day event of the calendar export."""

    uid: str
    day: dt.date
    summary: str
    description: str
    url: str
    categories: tuple[str, ...]


def ical(name: str, host: str, stamp: dt.date, events: Iterable[CalendarEvent]) -> bytes:
    """The iCalendar file of `events`: what icalendar writes for the calendar holding them, made
    of the calendar's own lines and each event's, kept while its event is unchanged (a live
    preview writes the calendar again on every save of data)."""
    head = _calendar_head(name)
    end = b"END:VCALENDAR\r\n"
    return head[: -len(end)] + b"".join(_event(e, host, stamp) for e in events) + end


@functools.lru_cache(maxsize=8)
def _calendar_head(name: str) -> bytes:
    import icalendar  # only when the calendar is generated

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Playbook//Roadmap and releases//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    data: bytes = cal.to_ical()
    return data


@functools.lru_cache(maxsize=16384)
def _event(event: CalendarEvent, host: str, stamp: dt.date) -> bytes:
    import icalendar

    ical_event = icalendar.Event()
    ical_event.add("uid", f"{event.uid}@{host}")
    ical_event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), dt.UTC))
    ical_event.add("dtstart", event.day)
    ical_event.add("dtend", event.day + dt.timedelta(days=1))
    ical_event.add("summary", event.summary)
    ical_event.add("description", event.description)
    ical_event.add("url", event.url)
    ical_event.add("categories", list(event.categories))
    data: bytes = ical_event.to_ical()
    return data
