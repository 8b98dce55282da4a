"""iCalendar (RFC 5545) feeds of shifts, in the bureau's time zone with its VTIMEZONE."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

PRODUCT_ID = "-//shiftapp//Shift calendar//EN"


@dataclass(frozen=True)
class FeedEvent:
    """One shift as a calendar entry. Instants are timezone-aware (any zone); they are written in the
    feed's zone, so a calendar shows local times and still knows the exact instants."""

    uid: str
    start: datetime
    end: datetime
    summary: str
    description: str = ""
    location: str = ""
    sequence: int = 0
    last_modified: datetime | None = None


def build_calendar(
    *, name: str, timezone_name: str, events: Sequence[FeedEvent], stamp: datetime, refresh_hours: int = 1
) -> bytes:
    """The feed as bytes. `stamp` (aware) is every event's DTSTAMP: when this feed was generated."""
    zone = ZoneInfo(timezone_name)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone_name)
    calendar.add("refresh-interval", timedelta(hours=refresh_hours), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", timedelta(hours=refresh_hours))
    utc_stamp = stamp.astimezone(ZoneInfo("UTC"))
    for item in sorted(events, key=lambda e: (e.start, e.uid)):
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", utc_stamp)
        event.add("dtstart", item.start.astimezone(zone))
        event.add("dtend", item.end.astimezone(zone))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.location:
            event.add("location", item.location)
        event.add("sequence", item.sequence)
        if item.last_modified is not None:
            event.add("last-modified", item.last_modified.astimezone(ZoneInfo("UTC")))
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    first, last = _span(events, stamp)
    # The VTIMEZONE covers the events' years only, so the feed stays small (a whole 1970–2038 table is ~4 KB).
    calendar.add_missing_timezones(first_date=first, last_date=last)
    if not events:
        calendar.add_component(
            icalendar.Timezone.from_tzinfo(zone, tzid=timezone_name, first_date=first, last_date=last)
        )
    content: bytes = calendar.to_ical()
    return content


def _span(events: Sequence[FeedEvent], stamp: datetime) -> tuple[date, date]:
    instants = [e.start for e in events] + [e.end for e in events] or [stamp]
    first = min(instants).date().replace(month=1, day=1)
    last = max(instants).date().replace(month=12, day=31) + timedelta(days=1)
    return first, last
