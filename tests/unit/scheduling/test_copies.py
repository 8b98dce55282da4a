"""Planning copies of a week and shifts from templates: wall-clock times across daylight saving,
exact duplicates left out (and said so), cancelled shifts not copied, people optional."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from shiftapp.scheduling.copies import (
    SourceShift,
    TemplateSpec,
    count_template_shifts,
    plan_template_shifts,
    plan_week_copies,
)

ROME = ZoneInfo("Europe/Rome")
# Clocks in Rome go forward on Sunday 2027-03-28 and back on Sunday 2027-10-31.
WEEK_BEFORE_SPRING = date(2027, 3, 22)
WEEK_BEFORE_AUTUMN = date(2027, 10, 25)


def _rome(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=ROME).astimezone(UTC)


def _shift(shift_id: str, day: date, start: int, end: int, **extra) -> SourceShift:
    return SourceShift(id=shift_id, start=_rome(day, start), end=_rome(day, end), shift_type="Morning", **extra)


def test_a_copy_across_the_spring_change_keeps_its_local_times_and_moves_an_hour_in_utc():
    source = [_shift("a", date(2027, 3, 24), 8, 14)]  # Wednesday, winter time (UTC+1)
    plan = plan_week_copies(
        source=source, source_monday=WEEK_BEFORE_SPRING, weeks=1, include_assignments=False, zone=ROME
    )
    (copy,) = plan.create
    assert copy.local_date == date(2027, 3, 31) and (copy.start_hhmm, copy.end_hhmm) == ("08:00", "14:00")
    assert copy.start == datetime(2027, 3, 31, 6, tzinfo=UTC)  # summer time (UTC+2): 06:00 UTC, not 07:00
    assert copy.end - copy.start == source[0].end - source[0].start
    assert source[0].start == datetime(2027, 3, 24, 7, tzinfo=UTC)


def test_a_copy_across_the_autumn_change_keeps_its_local_times():
    source = [_shift("a", date(2027, 10, 27), 22, 23)]
    plan = plan_week_copies(
        source=source, source_monday=WEEK_BEFORE_AUTUMN, weeks=2, include_assignments=False, zone=ROME
    )
    assert [(c.local_date, c.start_hhmm, c.start.hour) for c in plan.create] == [
        (date(2027, 11, 3), "22:00", 21),
        (date(2027, 11, 10), "22:00", 21),
    ]
    assert source[0].start.hour == 20  # summer time before the change


def test_a_night_shift_over_the_change_keeps_both_wall_clock_ends():
    # Saturday 27 March 22:00 to Sunday 28 March 06:00 spans the spring change: 7 hours that night,
    # 8 hours a week later.
    source = [SourceShift(id="n", start=_rome(date(2027, 3, 27), 22), end=_rome(date(2027, 3, 28), 6))]
    (copy,) = plan_week_copies(
        source=source, source_monday=WEEK_BEFORE_SPRING, weeks=1, include_assignments=False, zone=ROME
    ).create
    assert (copy.start_hhmm, copy.end_hhmm) == ("22:00", "06:00")
    assert (copy.end - copy.start).total_seconds() == 8 * 3600
    assert (source[0].end - source[0].start).total_seconds() == 7 * 3600


def test_each_week_gets_a_copy_with_its_people_when_asked():
    source = [
        _shift("a", date(2027, 1, 4), 8, 14, employee_ids=("p1", "p2"), assignment_statuses=("confirmed", "proposed"))
    ]
    with_people = plan_week_copies(
        source=source, source_monday=date(2027, 1, 4), weeks=3, include_assignments=True, zone=ROME
    )
    assert [c.local_date for c in with_people.create] == [date(2027, 1, 11), date(2027, 1, 18), date(2027, 1, 25)]
    assert all(
        c.employee_ids == ("p1", "p2") and c.assignment_statuses == ("confirmed", "proposed")
        for c in with_people.create
    )
    assert len({c.key for c in with_people.create}) == 3
    without = plan_week_copies(
        source=source, source_monday=date(2027, 1, 4), weeks=1, include_assignments=False, zone=ROME
    )
    assert without.create[0].employee_ids == ()


def test_people_who_left_are_not_copied_and_their_place_stays_open():
    source = [_shift("a", date(2027, 1, 5), 8, 14, employee_ids=("stays", "left"))]
    (copy,) = plan_week_copies(
        source=source,
        source_monday=date(2027, 1, 4),
        weeks=1,
        include_assignments=True,
        zone=ROME,
        leavers=frozenset({"left"}),
    ).create
    assert copy.employee_ids == ("stays",)


def test_exact_duplicates_already_in_the_schedule_are_skipped_and_said_so():
    monday = date(2027, 1, 4)
    source = [
        _shift("a", date(2027, 1, 5), 8, 14),
        _shift("b", date(2027, 1, 5), 8, 14),
        _shift("c", date(2027, 1, 6), 8, 14),
    ]
    # Next week already holds one of the two Tuesday mornings and the Wednesday one at another hour.
    existing = [_shift("x", date(2027, 1, 12), 8, 14), _shift("y", date(2027, 1, 13), 9, 14)]
    plan = plan_week_copies(
        source=source, source_monday=monday, weeks=1, include_assignments=False, zone=ROME, existing=existing
    )
    assert [c.source_shift_id for c in plan.create] == ["b", "c"]  # the second Tuesday and Wednesday
    (skipped,) = plan.skipped
    assert skipped.reason == "already in the schedule" and skipped.existing_shift_id == "x"


def test_with_people_a_duplicate_must_have_the_same_people():
    source = [_shift("a", date(2027, 1, 5), 8, 14, employee_ids=("p1",))]
    existing = [_shift("x", date(2027, 1, 12), 8, 14, employee_ids=("p2",))]
    kwargs = {"source": source, "source_monday": date(2027, 1, 4), "weeks": 1, "zone": ROME, "existing": existing}
    assert len(plan_week_copies(include_assignments=True, **kwargs).create) == 1
    assert len(plan_week_copies(include_assignments=False, **kwargs).skipped) == 1


def test_cancelled_shifts_are_not_copied_and_a_cancelled_shift_is_no_duplicate():
    source = [_shift("a", date(2027, 1, 5), 8, 14, status="cancelled"), _shift("b", date(2027, 1, 6), 8, 14)]
    existing = [_shift("x", date(2027, 1, 13), 8, 14, status="cancelled")]
    plan = plan_week_copies(
        source=source, source_monday=date(2027, 1, 4), weeks=1, include_assignments=False, zone=ROME, existing=existing
    )
    assert [c.source_shift_id for c in plan.create] == ["b"]
    assert [s.reason for s in plan.skipped] == ["cancelled in the source week"]


def test_the_source_week_must_start_on_a_monday():
    with pytest.raises(ValueError, match="Monday"):
        plan_week_copies(source=[], source_monday=date(2027, 1, 5), weeks=1, include_assignments=False, zone=ROME)


def test_templates_make_one_shift_per_matching_day_at_local_times_with_nights_ending_next_day():
    weekdays = TemplateSpec(id="t1", name="Desk", start_time=time(8), end_time=time(14), days=("Monday", "Friday"))
    nights = TemplateSpec(id="t2", name="Nights", start_time=time(22), end_time=time(6), days=())
    plan = plan_template_shifts(
        templates=[weekdays, nights], start_date=date(2027, 3, 26), end_date=date(2027, 3, 29), zone=ROME
    )
    desk = [c for c in plan.create if c.template_id == "t1"]
    assert [c.local_date for c in desk] == [date(2027, 3, 26), date(2027, 3, 29)]  # Friday and Monday
    assert desk[0].start == datetime(2027, 3, 26, 7, tzinfo=UTC) and desk[1].start == datetime(
        2027, 3, 29, 6, tzinfo=UTC
    )
    night = [c for c in plan.create if c.template_id == "t2"]
    assert len(night) == 4 and all(c.end.astimezone(ROME).hour == 6 for c in night)
    assert night[0].shift_type == "Evening" and desk[0].shift_type == "Morning"
    assert count_template_shifts([weekdays, nights], date(2027, 3, 26), date(2027, 3, 29)) == 6


def test_applying_templates_twice_skips_what_the_first_run_made():
    template = TemplateSpec(id="t1", name="Desk", start_time=time(8), end_time=time(14), days=())
    first = plan_template_shifts(
        templates=[template], start_date=date(2027, 1, 4), end_date=date(2027, 1, 10), zone=ROME
    )
    made = [
        SourceShift(id=f"s{n}", start=c.start, end=c.end, shift_type=c.shift_type) for n, c in enumerate(first.create)
    ]
    again = plan_template_shifts(
        templates=[template], start_date=date(2027, 1, 4), end_date=date(2027, 1, 10), zone=ROME, existing=made
    )
    assert len(first.create) == 7 and again.create == [] and len(again.skipped) == 7
