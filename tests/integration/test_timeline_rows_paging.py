"""The schedule of a group of bureaus reads and sends less, and shows the same: the cover per day counted
by the database equals the count over every shift in Python; an open-shift row's shifts come with the
block of rows it is in; another bureau's shifts are read only for a team leader."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import col, select

from shiftapp.models import Assignment, Bureau, Employee, Shift
from shiftapp.services.shift_views import planning_today
from shiftapp.services.timeline_axis import axis_scope, cover_counts, cover_of, open_shifts
from shiftapp.services.timeline_rows import axis_block_view, axis_rows_view, block_rows, stacked_lines
from shiftapp.state.timeline import ITEM_FIELDS, Item, wire


def _months_around() -> list[date]:
    """This month and the two around it (the demo's shifts are near today)."""
    today = planning_today()
    first = today.replace(day=1)
    return [(first - timedelta(days=1)).replace(day=1), first, (first + timedelta(days=32)).replace(day=1)]


def _python_cover(db, scope) -> dict[str, list[int]]:
    """The cover counted as the page counted it before: every shift in view, with its people, in Python."""
    placed = (
        sa_select(func.count())
        .select_from(Assignment)
        .where(col(Assignment.shift_id) == col(Shift.id))
        .scalar_subquery()
    )
    rows = db.execute(
        sa_select(col(Shift.start_at), col(Shift.capacity), placed).where(
            *scope.in_view, col(Shift.status) != "cancelled"
        )
    )
    return cover_of(((start, places, count) for start, places, count in rows), scope.tz, scope.first, scope.last)


def test_the_cover_per_day_counted_by_the_database_equals_the_count_in_python(db):
    db.expire_all()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    bureaus = [b.id for b in db.exec(select(Bureau))]
    compared = 0
    for month in _months_around():
        for chosen in [bureaus, bureaus[:1]]:
            scope = axis_scope(db, leader, chosen, "month", month)
            counted = cover_counts(db, scope)
            assert counted == _python_cover(db, scope)
            compared += sum(places for _filled, places in counted.values())
    assert compared > 0  # some days had places to count


def test_a_shift_starting_just_before_local_midnight_counts_on_its_own_day(db):
    """The day is the bureau's local one: 23:30 in Rome on the 1st is 22:30 UTC, still the 1st."""
    db.expire_all()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    bureau = db.exec(select(Bureau).order_by(col(Bureau.name))).first()
    assert bureau is not None
    month = planning_today().replace(day=1) + timedelta(days=200)
    month = month.replace(day=1)
    scope = axis_scope(db, leader, [bureau.id], "month", month)
    late = datetime.combine(month, time(23, 30), tzinfo=scope.tz)
    early = datetime.combine(month + timedelta(days=1), time(0, 30), tzinfo=scope.tz)
    made = [
        Shift(bureau_id=bureau.id, start_at=late, end_at=late + timedelta(hours=4), capacity=3),
        Shift(bureau_id=bureau.id, start_at=early, end_at=early + timedelta(hours=4), capacity=2),
    ]
    db.add_all(made)
    db.flush()
    db.add(Assignment(shift_id=made[0].id, employee_id=leader.id))
    db.flush()
    try:
        counted = cover_counts(db, scope)
        before = _python_cover(db, scope)
        assert counted == before
        first, second = month.isoformat(), (month + timedelta(days=1)).isoformat()
        assert counted[first][1] - counted[first][0] >= 2 and counted[first][1] >= 3
        assert counted[second][1] >= 2
    finally:
        db.rollback()


def _block(db, actor, bureaus, groups, rows):
    """A scroll's load of rows [start, end) of this month, as the page asks for it."""
    people, open_bureaus = block_rows(groups, rows)
    return axis_block_view(
        session=db,
        actor=actor,
        bureau_ids=bureaus,
        zoom="month",
        anchor=planning_today(),
        rows=rows,
        person_ids=people,
        open_bureaus=open_bureaus,
    )


def test_an_open_shift_rows_shifts_come_with_the_block_it_is_in(db):
    db.expire_all()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    bureaus = [b.id for b in db.exec(select(Bureau).order_by(col(Bureau.name)))]
    anchor = planning_today()
    whole = axis_rows_view(session=db, actor=leader, bureau_ids=bureaus, zoom="month", anchor=anchor)
    groups = whole.view.axis.groups
    # Each bureau's open-shift row comes before its own people.
    rows = [g.id for g in groups]
    for bureau_id in bureaus:
        theirs = [n for n, g in enumerate(groups) if g.kind == "person" and g.id[2:] in _people_of(db, bureau_id)]
        if theirs:
            assert rows.index(f"open:{bureau_id}") < min(theirs)
    scope = axis_scope(db, leader, bureaus, "month", anchor)
    with_open = [b for b in bureaus if open_shifts(db, scope, [b])]
    assert with_open  # the demo has open places this month
    bureau_id = with_open[-1]
    row = rows.index(f"open:{bureau_id}")
    people, open_bureaus = block_rows(groups, (row, row + 1))
    assert (people, open_bureaus) == ([], [bureau_id])
    block = _block(db, leader, bureaus, groups, (row, row + 1))
    drawn = {i.group for i in block.view.axis.items}
    assert drawn == {f"open:{bureau_id}"}
    expected = [f"o:{shift_id}" for shift_id, *_ in open_shifts(db, scope, [bureau_id])]
    assert [i.id for i in block.view.axis.items] == expected[: len(block.view.axis.items)]
    # A block without that row brings none of its open shifts.
    person_row = next(n for n, g in enumerate(groups) if g.kind == "person")
    other = _block(db, leader, bureaus, groups, (person_row, person_row + 1))
    assert not [i for i in other.view.axis.items if i.id.startswith("o:")]


def test_every_open_shift_row_says_its_lines_whether_its_shifts_are_loaded_or_not(db):
    db.expire_all()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    bureaus = [b.id for b in db.exec(select(Bureau).order_by(col(Bureau.name)))]
    anchor = planning_today()
    scope = axis_scope(db, leader, bureaus, "month", anchor)
    # Three open shifts at once in the last bureau. (The demo's group is small enough to be loaded
    # whole; tests/unit/test_timeline_rows.py counts the lines from the shifts alone.)
    noon = datetime.combine(scope.first + timedelta(days=3), time(12), tzinfo=scope.tz)
    made = [
        Shift(bureau_id=bureaus[-1], start_at=noon, end_at=noon + timedelta(hours=h), capacity=1) for h in (2, 3, 4)
    ]
    db.add_all(made)
    db.flush()
    try:
        whole = axis_rows_view(
            session=db, actor=leader, bureau_ids=bureaus, zoom="month", anchor=anchor, in_view=(0, 0)
        )
        groups = whole.view.axis.groups
        said = {g.id: g.lines for g in groups if g.kind == "open"}
        assert set(said) == {f"open:{b}" for b in bureaus}
        counted = {
            f"open:{b}": stacked_lines([(start, end) for _id, _b, start, end in open_shifts(db, scope, [b])])
            for b in bureaus
        }
        assert said == counted
        assert said[f"open:{bureaus[-1]}"] >= 3
        assert all(g.lines == 1 for g in groups if g.kind != "open")
    finally:
        db.rollback()


def test_open_bureaus_outside_the_group_bring_nothing(db):
    db.expire_all()
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    bureaus = [b.id for b in db.exec(select(Bureau).order_by(col(Bureau.name)))]
    scope = axis_scope(db, leader, bureaus[:1], "month", planning_today())
    assert open_shifts(db, scope, [*bureaus[1:], "no-such-bureau"]) == []


def _people_of(db, bureau_id: str) -> set[str]:
    return {e.id for e in db.exec(select(Employee).where(Employee.bureau_id == bureau_id))}


def test_a_team_leader_sees_other_bureaus_shifts_read_only(db):
    db.expire_all()
    teamlead = db.exec(select(Employee).where(Employee.email == "teamlead@example.com")).one()
    # Rome (hers) beside Milan; every row's items loaded, however many people other tests added.
    milan = db.exec(select(Bureau).where(Bureau.name == "Milan")).one()
    bureaus = [milan.id, teamlead.bureau_id]
    items = []
    for month in _months_around():
        view = axis_rows_view(session=db, actor=teamlead, bureau_ids=bureaus, zoom="month", anchor=month)
        assert view.view.can_edit
        every_row = (0, len(view.view.axis.groups))
        people, open_rows = block_rows(view.view.axis.groups, every_row)
        block = axis_block_view(
            session=db,
            actor=teamlead,
            bureau_ids=bureaus,
            zoom="month",
            anchor=month,
            rows=every_row,
            person_ids=people,
            open_bureaus=open_rows,
        )
        items += block.view.axis.items
    shift_bureau = {
        s.id: s.bureau_id for s in db.exec(select(Shift).where(col(Shift.id).in_({i.shift_id for i in items})))
    }
    own = [i for i in items if shift_bureau[i.shift_id] == teamlead.bureau_id and i.status != "cancelled"]
    others = [i for i in items if shift_bureau[i.shift_id] != teamlead.bureau_id]
    assert own and others
    assert all(i.can_move and i.can_resize and not i.read_only and "read only" not in i.aria for i in own)
    assert all(not i.can_move and not i.can_resize and i.read_only and "read only" in i.aria for i in others)
    # The browser is told so: not movable, marked read only.
    sent = wire(Item(**{name: getattr(others[0], name) for name in ITEM_FIELDS}))
    assert sent.get("ro") is True and "m" not in sent
    # A planner changes every bureau's shifts: nothing is read only.
    leader = db.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
    view = axis_rows_view(session=db, actor=leader, bureau_ids=bureaus, zoom="month", anchor=_months_around()[1])
    assert not any(i.read_only for i in view.view.axis.items)
