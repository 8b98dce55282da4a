"""The iCalendar builder, read back with icalendar: local times with a VTIMEZONE, exact instants."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar

from shiftapp.exports.calendar import FeedEvent, build_calendar

ROME = ZoneInfo("Europe/Rome")
STAMP = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def _parse(events: list[FeedEvent], zone: str = "Europe/Rome") -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(
        build_calendar(name="My shifts", timezone_name=zone, events=events, stamp=STAMP)
    )


def _event(uid: str, start: datetime, end: datetime) -> FeedEvent:
    return FeedEvent(uid=uid, start=start, end=end, summary="Night shift · Rome", location="Rome")


def _by_uid(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_a_night_shift_ends_on_the_next_day_in_local_time():
    start = datetime(2026, 2, 10, 22, 0, tzinfo=ROME)
    end = datetime(2026, 2, 11, 6, 0, tzinfo=ROME)
    event = _by_uid(_parse([_event("night@shiftapp", start, end)]))["night@shiftapp"]
    dtstart, dtend = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (dtstart.date().isoformat(), dtstart.hour, dtend.date().isoformat(), dtend.hour) == (
        "2026-02-10",
        22,
        "2026-02-11",
        6,
    )
    assert event["DTSTART"].params["TZID"] == "Europe/Rome"
    assert (dtend - dtstart).total_seconds() == 8 * 3600


def test_the_night_the_clocks_go_forward_lasts_seven_hours():
    # Sunday 29 March 2026, 02:00 CET → 03:00 CEST: 22:00 to 06:00 local is 21:00Z to 04:00Z.
    start = datetime(2026, 3, 28, 22, 0, tzinfo=ROME)
    end = datetime(2026, 3, 29, 6, 0, tzinfo=ROME)
    event = _by_uid(_parse([_event("spring@shiftapp", start, end)]))["spring@shiftapp"]
    start_utc = event.decoded("DTSTART").astimezone(UTC)
    end_utc = event.decoded("DTEND").astimezone(UTC)
    assert start_utc == datetime(2026, 3, 28, 21, 0, tzinfo=UTC)
    assert end_utc == datetime(2026, 3, 29, 4, 0, tzinfo=UTC)
    assert (end_utc - start_utc).total_seconds() == 7 * 3600


def test_the_night_the_clocks_go_back_lasts_nine_hours():
    # Sunday 25 October 2026, 03:00 CEST → 02:00 CET: 22:00 to 06:00 local is 20:00Z to 05:00Z.
    start = datetime(2026, 10, 24, 22, 0, tzinfo=ROME)
    end = datetime(2026, 10, 25, 6, 0, tzinfo=ROME)
    event = _by_uid(_parse([_event("autumn@shiftapp", start, end)]))["autumn@shiftapp"]
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 10, 24, 20, 0, tzinfo=UTC)
    assert event.decoded("DTEND").astimezone(UTC) == datetime(2026, 10, 25, 5, 0, tzinfo=UTC)


def test_utc_instants_are_written_in_the_feeds_zone_with_its_vtimezone():
    # The database holds UTC; the feed shows Rome's wall clock and says which zone that is.
    start = datetime(2026, 7, 1, 6, 0, tzinfo=UTC)
    end = datetime(2026, 7, 1, 14, 0, tzinfo=UTC)
    calendar = _parse([_event("summer@shiftapp", start, end)])
    event = _by_uid(calendar)["summer@shiftapp"]
    assert event.decoded("DTSTART").hour == 8  # CEST is UTC+2
    assert "DTSTART;TZID=Europe/Rome:20260701T080000" in calendar.to_ical().decode()
    zones = calendar.walk("VTIMEZONE")
    assert [str(z["TZID"]) for z in zones] == ["Europe/Rome"]
    offsets = {str(part["TZNAME"]): part["TZOFFSETTO"].td.total_seconds() / 3600 for part in zones[0].subcomponents}
    assert offsets == {"CET": 1, "CEST": 2}


def test_every_event_has_the_fields_rfc_5545_requires():
    start = datetime(2026, 5, 4, 8, 0, tzinfo=ROME)
    calendar = _parse([_event("a@shiftapp", start, start.replace(hour=16))])
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"])
    event = calendar.walk("VEVENT")[0]
    for field in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        assert field in event
    assert event.decoded("DTSTAMP") == STAMP
    assert b"\r\n" in calendar.to_ical()


def test_an_empty_feed_still_names_its_time_zone():
    calendar = _parse([], zone="America/New_York")
    assert calendar.walk("VEVENT") == []
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["America/New_York"]
