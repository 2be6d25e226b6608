"""Atom 1.0 documents (RFC 4287), written with the standard library's ElementTree."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    title: str
    updated: dt.datetime
    url: str
    summary: str
    content: str = ""
    author: str = ""
    published: dt.datetime | None = None


def timestamp(moment: dt.datetime | dt.date) -> str:
    """RFC 3339 in UTC; a date is midnight UTC."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime(moment.year, moment.month, moment.day, tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def document(
    *,
    feed_url: str,
    alternate_url: str,
    title: str,
    author: str,
    updated: dt.datetime | dt.date,
    entries: Sequence[Entry],
) -> bytes:
    """A complete feed: id, title, updated, self and alternate links, author, then the entries."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", feed_url)
    sub(feed, "title", title)
    sub(feed, "updated", timestamp(updated))
    sub(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(feed, "link", rel="alternate", href=alternate_url, type="text/html")
    sub(sub(feed, "author"), "name", author)
    for item in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", item.id)
        sub(entry, "title", item.title)
        sub(entry, "updated", timestamp(item.updated))
        if item.published is not None:
            sub(entry, "published", timestamp(item.published))
        if item.author:
            sub(sub(entry, "author"), "name", item.author)
        sub(entry, "link", rel="alternate", href=item.url, type="text/html")
        sub(entry, "summary", item.summary)
        if item.content:
            sub(entry, "content", item.content, type="text")
    ET.indent(feed)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"
