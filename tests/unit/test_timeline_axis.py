"""The schedule's time axis as data: windows, shifts as items drawn to their length, status and badges,
hours per person per week and cover per day (no database: rows built in memory)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from shiftapp.models import Assignment, Employee, Shift, StoredConflict
from shiftapp.services.timeline_axis import build_axis, cover_of, status_of, step_anchor, weeks_of, window_of

ROME = ZoneInfo("Europe/Rome")
MILAN, ROMA = "b-milan", "b-rome"
BUREAUS = {MILAN: "Milan", ROMA: "Rome"}


def _person(pid: str, name: str, role: str = "correspondent", bureau: str = MILAN) -> Employee:
    return Employee(id=pid, email=f"{pid}@example.com", full_name=name, shift_role=role, bureau_id=bureau)


def _shift(
    sid: str, day: date, start_hour: int, hours: int, *, bureau: str = MILAN, capacity: int = 1, **fields
) -> Shift:
    start = datetime(day.year, day.month, day.day, start_hour, tzinfo=ROME).astimezone(UTC)
    return Shift(
        id=sid, bureau_id=bureau, start_at=start, end_at=start + timedelta(hours=hours), capacity=capacity, **fields
    )


def _axis(
    people, shifts, assignments, conflicts=(), first=date(2026, 12, 7), last=date(2026, 12, 13), selected=(MILAN,)
):
    return build_axis(
        tz=ROME,
        first=first,
        last=last,
        bureaus=BUREAUS,
        selected=list(selected),
        people=people,
        shifts=shifts,
        assignments=assignments,
        conflicts=conflicts,
        can_edit=True,
    )


def test_windows_start_on_monday_and_months_run_to_their_last_day():
    thursday = date(2026, 12, 10)
    assert window_of("day", thursday) == (thursday, thursday)
    assert window_of("week", thursday) == (date(2026, 12, 7), date(2026, 12, 13))
    assert window_of("week", date(2026, 12, 7)) == (date(2026, 12, 7), date(2026, 12, 13))
    assert window_of("month", date(2027, 2, 14)) == (date(2027, 2, 1), date(2027, 2, 28))
    assert weeks_of(date(2026, 12, 1), date(2026, 12, 31)) == (date(2026, 11, 30), date(2027, 1, 3))


def test_stepping_moves_by_the_zoom_and_months_wrap_the_year():
    assert step_anchor("day", date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert step_anchor("week", date(2026, 12, 10), -1) == date(2026, 12, 3)
    assert step_anchor("month", date(2026, 12, 31), 1) == date(2027, 1, 1)
    assert step_anchor("month", date(2026, 1, 15), -1) == date(2025, 12, 1)


def test_a_shift_is_an_item_at_its_wall_clock_times_on_its_persons_row():
    giulia = _person("e1", "Giulia Conti")
    night = _shift("s1", date(2026, 12, 8), 22, 8)
    axis = _axis([giulia], [night], [Assignment(id="a1", shift_id="s1", employee_id="e1")])
    (item,) = axis.items
    assert (item.id, item.group) == ("a:a1", "p:e1")
    assert (item.start, item.end) == ("2026-12-08T22:00", "2026-12-09T06:00")
    assert item.label == "22:00–06:00" and item.can_move and item.can_resize
    assert "Giulia Conti" in item.aria and "Tue 08 Dec 22:00–06:00" in item.aria


def test_rows_are_open_shifts_then_bureau_and_role_headings_then_people_with_their_weeks_hours():
    senior, editor = _person("e1", "Anna Senior", "senior"), _person("e2", "Bruno Editor", "editor")
    shifts = [_shift("s1", date(2026, 12, 7), 8, 8), _shift("s2", date(2026, 12, 9), 14, 6)]
    assignments = [
        Assignment(id="a1", shift_id="s1", employee_id="e1"),
        Assignment(id="a2", shift_id="s2", employee_id="e1"),
    ]
    axis = _axis([senior, editor], shifts, assignments)
    assert [(g.kind, g.id) for g in axis.groups] == [
        ("open", f"open:{MILAN}"),
        ("heading", f"heading:{MILAN}:senior"),
        ("person", "p:e1"),
        ("heading", f"heading:{MILAN}:editor"),
        ("person", "p:e2"),
    ]
    assert axis.groups[1].title == "Milan · Senior"
    assert axis.hours == {"e1": 14.0}
    assert axis.groups[2].subtitle == "14 h this week" and axis.groups[4].subtitle == "0 h this week"


def test_hours_count_the_whole_monday_week_in_day_view_and_each_week_in_month_view():
    anna = _person("e1", "Anna")
    shifts = [
        _shift("s1", date(2026, 12, 7), 8, 8),
        _shift("s2", date(2026, 12, 13), 8, 8),
        _shift("s3", date(2026, 12, 14), 8, 10),
    ]
    assignments = [Assignment(id=f"a{n}", shift_id=f"s{n}", employee_id="e1") for n in (1, 2, 3)]
    day = _axis([anna], shifts, assignments, first=date(2026, 12, 9), last=date(2026, 12, 9))
    assert day.items == [] and day.groups[-1].subtitle == "16 h this week"
    month = _axis([anna], shifts, assignments, first=date(2026, 12, 1), last=date(2026, 12, 31))
    assert month.groups[-1].subtitle == "26 h · max 16 h/week"


def test_open_places_are_one_item_on_the_bureaus_open_row():
    anna = _person("e1", "Anna")
    shift = _shift("s1", date(2026, 12, 8), 8, 8, capacity=3, required_role="senior")
    axis = _axis([anna], [shift], [Assignment(id="a1", shift_id="s1", employee_id="e1")])
    opened = [i for i in axis.items if i.id == "o:s1"]
    assert len(opened) == 1
    assert opened[0].group == f"open:{MILAN}" and opened[0].label == "08:00–16:00 · 2 open"
    assert "needs a senior" in opened[0].aria


def test_cover_per_day_counts_places_filled_of_places_in_the_selected_bureaus_only():
    anna = _person("e1", "Anna")
    shifts = [
        _shift("s1", date(2026, 12, 8), 8, 8, capacity=2),
        _shift("s2", date(2026, 12, 8), 14, 8),
        _shift("s3", date(2026, 12, 8), 8, 8, bureau=ROMA),
        _shift("s4", date(2026, 12, 9), 8, 8, status="cancelled"),
    ]
    assignments = [
        Assignment(id="a1", shift_id="s1", employee_id="e1"),
        Assignment(id="a3", shift_id="s3", employee_id="e1"),
    ]
    axis = _axis([anna], shifts, assignments)
    assert axis.cover == {"2026-12-08": "1/3"}
    assert axis.cover_lines == ["Tue 08 Dec: 1 of 3 places filled"]
    rome = next(i for i in axis.items if i.shift_id == "s3")
    assert rome.label.endswith("Rome")  # another bureau's shift of someone shown says where it is


def test_status_tells_draft_published_and_changed_since_publishing():
    published_at = datetime(2026, 12, 1, 9, tzinfo=UTC)
    shift = _shift("s1", date(2026, 12, 8), 8, 8, status="published", published_at=published_at)
    shift.updated_at = published_at
    assert status_of(shift, []) == "published"
    later = Assignment(id="a1", shift_id="s1", employee_id="e1", created_at=published_at + timedelta(hours=1))
    later.updated_at = later.created_at
    assert status_of(shift, [later]) == "changed"
    shift.updated_at = published_at + timedelta(days=1)
    assert status_of(shift, []) == "changed"
    assert status_of(_shift("s2", date(2026, 12, 8), 8, 8, status="confirmed"), []) == "draft"
    axis = _axis([_person("e1", "Anna")], [shift], [])
    assert axis.items[0].status == "changed" and axis.items[0].status_mark == "✱"


def test_badges_carry_the_worst_rules_short_name_and_every_full_message():
    anna = _person("e1", "Anna")
    shift = _shift("s1", date(2026, 12, 8), 8, 8)
    conflicts = [
        StoredConflict(
            key="k1",
            rule_code="min_rest",
            severity="soft",
            level="low",
            employee_id="e1",
            entities={"shift_ids": ["s1"]},
            message="Only 9 h rest before this shift",
        ),
        StoredConflict(
            key="k2",
            rule_code="double_booking",
            severity="hard",
            level="high",
            employee_id="e1",
            entities={"shift_ids": ["s1", "s9"]},
            message="Anna is already scheduled 08:00–12:00",
        ),
    ]
    axis = _axis([anna], [shift], [Assignment(id="a1", shift_id="s1", employee_id="e1")], conflicts)
    (item,) = axis.items
    assert item.badge == "hard" and item.badge_text == "Double Booking +1"
    assert "Double Booking: Anna is already scheduled" in item.problem and "Only 9 h rest" in item.problem
    assert "Hard conflict: " in item.aria


def test_proposals_are_counted_and_marked():
    anna = _person("e1", "Anna")
    axis = _axis(
        [anna],
        [_shift("s1", date(2026, 12, 8), 8, 8)],
        [Assignment(id="a1", shift_id="s1", employee_id="e1", status="proposed", source="auto")],
    )
    assert axis.proposed == 1 and axis.items[0].proposed and axis.items[0].status_mark == "✎?"
    assert "proposed by auto" in axis.items[0].aria


def test_cover_rows_count_each_shift_on_its_local_start_day_and_fill_no_more_than_its_places():
    late = datetime(2026, 12, 7, 23, 30, tzinfo=UTC)  # already Tuesday in Rome
    rows = [(late, 2, 3), (datetime(2026, 12, 7, 8, tzinfo=UTC), 3, 1), (datetime(2026, 12, 20, 8, tzinfo=UTC), 5, 5)]
    assert cover_of(rows, ROME, date(2026, 12, 7), date(2026, 12, 8)) == {"2026-12-07": [1, 3], "2026-12-08": [2, 2]}


def test_given_the_cover_and_open_shifts_left_out_the_axis_draws_only_what_it_was_given():
    anna = _person("e1", "Anna")
    drawn = _shift("s1", date(2026, 12, 8), 8, 8, capacity=2)
    axis = build_axis(
        tz=ROME,
        first=date(2026, 12, 7),
        last=date(2026, 12, 13),
        bureaus=BUREAUS,
        selected=[MILAN],
        people=[anna],
        shifts=[drawn],
        assignments=[],
        conflicts=[],
        can_edit=True,
        cover_places=cover_of(
            [(drawn.start_at, 2, 0), (datetime(2026, 12, 9, 8, tzinfo=UTC), 4, 4)],
            ROME,
            date(2026, 12, 7),
            date(2026, 12, 13),
        ),
        open_left_out=7,
    )
    assert axis.cover == {"2026-12-08": "0/2", "2026-12-09": "4/4"}
    assert [i.id for i in axis.items] == ["o:s1"] and axis.open_left_out == 7


def test_each_bureaus_open_shifts_row_sits_above_its_own_people_and_guests_come_last():
    third = "b-turin"
    names = {**BUREAUS, third: "Turin"}
    people = [
        _person("e1", "Anna", bureau=MILAN),
        _person("e2", "Bruno", bureau=ROMA),
        _person("e3", "Carla", bureau="b-elsewhere"),  # a guest working one of the shifts
    ]
    axis = build_axis(
        tz=ROME,
        first=date(2026, 12, 7),
        last=date(2026, 12, 13),
        bureaus=names,
        selected=[MILAN, ROMA, third],
        people=people,
        shifts=[],
        assignments=[],
        conflicts=[],
        can_edit=True,
    )
    assert [g.id for g in axis.groups] == [
        f"open:{MILAN}",
        f"heading:{MILAN}:correspondent",
        "p:e1",
        f"open:{ROMA}",
        f"heading:{ROMA}:correspondent",
        "p:e2",
        f"open:{third}",  # a bureau with nobody in it still has its open-shifts row, before the guests
        "heading:b-elsewhere:correspondent",
        "p:e3",
    ]


def test_shifts_of_a_bureau_the_viewer_may_not_change_are_read_only_and_say_so():
    anna, bruno = _person("e1", "Anna"), _person("e2", "Bruno", bureau=ROMA)
    shifts = [
        _shift("s1", date(2026, 12, 8), 8, 8),
        _shift("s2", date(2026, 12, 8), 8, 8, bureau=ROMA),
        _shift("s3", date(2026, 12, 9), 8, 8, bureau=ROMA),  # open
    ]
    assignments = [
        Assignment(id="a1", shift_id="s1", employee_id="e1"),
        Assignment(id="a2", shift_id="s2", employee_id="e2"),
    ]

    def axis(can_edit: bool, editable: set[str]):
        return build_axis(
            tz=ROME,
            first=date(2026, 12, 7),
            last=date(2026, 12, 13),
            bureaus=BUREAUS,
            selected=[MILAN, ROMA],
            people=[anna, bruno],
            shifts=shifts,
            assignments=assignments,
            conflicts=[],
            can_edit=can_edit,
            editable=editable,
        )

    by_id = {i.id: i for i in axis(True, {MILAN}).items}
    own, other, other_open = by_id["a:a1"], by_id["a:a2"], by_id["o:s3"]
    assert own.can_move and own.can_resize and not own.read_only and "read only" not in own.aria
    for item in (other, other_open):
        assert not item.can_move and not item.can_resize and item.read_only and "read only" in item.aria
    # Someone who may change nothing here is not told "read only" on every shift: nothing is movable anyway.
    viewer = axis(False, set())
    assert not any(i.read_only or i.can_move for i in viewer.items)
