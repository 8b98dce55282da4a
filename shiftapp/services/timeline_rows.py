"""The schedule for a group of any size: every row is known from the start, the shifts are loaded for
the rows the browser shows.

A group of bureaus can hold hundreds of people; a month of their shifts is thousands of items, more
than a browser draws quickly and more than one websocket message should carry. So the view is in two
parts:

- the rows (`AxisGroup`s: open-shift rows, bureau and role headings, people with their hours per
  week), all of them: they are light (a name and a line of text each), their hours come from one
  narrow query, and the browser needs them all to size its scroll area and to reach any row from the
  keyboard;
- the items (shifts and open places) of a block of rows only: the rows in view plus a margin, in
  whole blocks of ROW_BLOCK, loaded again when the browser scrolls out of them (`rows_to_load`).

Groups of at most WHOLE_UP_TO rows are loaded whole, as before (the browser then draws every row).
`rows_to_load` and `block_people` are pure; `axis_rows_view` loads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from shiftapp.models import Assignment, Employee, Shift
from shiftapp.services import access
from shiftapp.services.timeline_axis import (
    MAX_OPEN_ITEMS,
    Axis,
    AxisGroup,
    AxisScope,
    AxisView,
    axis_groups,
    axis_scope,
    build_axis,
    bureau_people,
    counted_shifts,
    drawn_rows,
    guest_people,
    scope_view,
    week_split,
    weeks_of,
)

# Rows whose items are loaded together, and the rows loaded beyond each side of those in view: a
# block of 16 people's month is about 350 items, so a load (at most 3 blocks) stays far below the
# websocket's message cap while a scroll of half a screen needs no new load.
ROW_BLOCK = 16
ROW_MARGIN = 8
# Up to this many rows the whole group is loaded and drawn at once (a bureau or two).
WHOLE_UP_TO = 60
# Rows assumed in view before the browser has said which (a tall window shows about 20).
FIRST_ROWS = 24
# Rows the browser may ask for in one load (a very tall screen, zoomed out).
MAX_ROWS_ASKED = 200


def rows_to_load(first: int, last: int, total: int) -> tuple[int, int]:
    """The rows [start, end) whose items to load when rows `first`..`last` are in view: whole blocks
    covering them and ROW_MARGIN rows either side, within [0, total); all of them in a small group."""
    if total <= WHOLE_UP_TO:
        return 0, total
    first = max(0, min(first, total - 1))
    last = max(first, min(last, total - 1, first + MAX_ROWS_ASKED))
    start = max(0, (first - ROW_MARGIN) // ROW_BLOCK * ROW_BLOCK)
    end = min(total, -(-(last + 1 + ROW_MARGIN) // ROW_BLOCK) * ROW_BLOCK)
    return start, end


def needs_load(first: int, last: int, loaded: tuple[int, int], total: int) -> bool:
    """Whether rows `first`..`last` in view reach beyond the rows loaded (or the margin is thin)."""
    if total <= WHOLE_UP_TO:
        return loaded != (0, total)
    start, end = loaded
    return (
        first < start
        or last >= end
        or (start > 0 and first - start < ROW_MARGIN // 2)
        or (end < total and end - 1 - last < ROW_MARGIN // 2)
    )


def block_people(groups: Sequence[AxisGroup], rows: tuple[int, int]) -> tuple[list[str], bool]:
    """The people (employee ids) in rows [start, end), and whether an open-shift row is among them."""
    start, end = rows
    block = groups[start:end]
    people = [g.id[2:] for g in block if g.kind == "person"]
    return people, any(g.kind == "open" for g in block)


def week_hours_of(rows: Sequence[tuple[str, Any, Any]], scope: AxisScope) -> tuple[dict[str, list[float]], int]:
    """Hours per person per week, from (employee id, start, end) of their shifts that are not
    cancelled, as build_axis counts them for the people it draws."""
    monday, sunday = weeks_of(scope.first, scope.last)
    week_lo, _hi = scope.counted_span
    weeks = (sunday - monday).days // 7 + 1
    hours: dict[str, list[float]] = defaultdict(lambda: [0.0] * weeks)
    for employee_id, start, end in rows:
        for w, in_week in week_split(start.astimezone(scope.tz), end.astimezone(scope.tz), week_lo, weeks):
            hours[employee_id][w] += in_week
    return hours, weeks


def _hours_rows(session: Session, scope: AxisScope, person_ids: Sequence[str]) -> list[tuple[str, Any, Any]]:
    lo, hi = scope.counted_span
    found: list[tuple[str, Any, Any]] = []
    for chunk in range(0, len(person_ids), 500):
        found += [
            (row[0], row[1], row[2])
            for row in session.execute(
                select(col(Assignment.employee_id), col(Shift.start_at), col(Shift.end_at))
                .join(Shift, col(Shift.id) == col(Assignment.shift_id))
                .where(
                    col(Assignment.employee_id).in_(person_ids[chunk : chunk + 500]),
                    col(Shift.status) != "cancelled",
                    col(Shift.start_at) < hi,
                    col(Shift.start_at) >= lo - timedelta(days=1),
                    col(Shift.end_at) > lo,
                )
            )
        ]
    return found


@dataclass(frozen=True)
class RowsView:
    """Every row of the group, the items of rows [rows_start, rows_end) and, when `whole`, the cover."""

    view: AxisView
    rows_start: int
    rows_end: int
    whole: bool


def axis_rows_view(
    *,
    session: Session,
    actor: Employee,
    bureau_ids: Sequence[str] | None,
    zoom: str,
    anchor: date | None = None,
    in_view: tuple[int, int] = (0, FIRST_ROWS - 1),
    whole: bool = True,
) -> RowsView:
    """The group's rows and the items of the rows around `in_view` (first and last row shown).

    `whole=False` is a scroll: the rows are built again (they give the row numbers) but the hours and
    the cover per day, which the page already shows, are not counted again."""
    scope = axis_scope(session, actor, bureau_ids, zoom, anchor)
    people = bureau_people(session, scope) + guest_people(session, scope)
    by_id = {p.id: p for p in people}
    if whole:
        week_hours, weeks = week_hours_of(_hours_rows(session, scope, list(by_id)), scope)
    else:
        week_hours, weeks = {}, 1
    groups = axis_groups(
        bureaus=scope.names, selected=scope.selected, people=people, week_hours=week_hours, weeks=weeks
    )
    rows = rows_to_load(in_view[0], in_view[1], len(groups))
    person_ids, with_open = block_people(groups, rows)
    counted = counted_shifts(session, scope) if whole or with_open else []
    open_ids = [row[0] for row in counted if row[3] < row[2]] if with_open else []
    shifts, assignments, conflicts = drawn_rows(session, scope, person_ids, open_ids[:MAX_OPEN_ITEMS])
    can_edit = access.is_planner(actor)
    block = build_axis(
        tz=scope.tz,
        first=scope.first,
        last=scope.last,
        bureaus=scope.names,
        selected=scope.selected,
        people=[by_id[i] for i in person_ids],
        shifts=shifts,
        assignments=assignments,
        conflicts=conflicts,
        can_edit=can_edit,
        cover_rows=[(row[1], row[2], row[3]) for row in counted],
        open_left_out=max(len(open_ids) - MAX_OPEN_ITEMS, 0),
    )
    # Open places of people's shifts are drawn on the open-shift rows only when those rows are loaded.
    items = block.items if with_open else [i for i in block.items if not i.id.startswith("o:")]
    axis = Axis(
        groups=groups,
        items=items,
        cover=block.cover,
        cover_lines=block.cover_lines,
        hours={person: round(sum(values), 1) for person, values in week_hours.items()},
        proposed=block.proposed,
        open_left_out=block.open_left_out,
        people_total=len(people),
        people_offset=0,
    )
    return RowsView(scope_view(scope, axis, zoom, can_edit), rows[0], rows[1], whole)
