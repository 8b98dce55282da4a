"""The schedule for a group of any size: every row is known from the start, the shifts are loaded for
the rows the browser shows.

A group of bureaus can hold hundreds of people; a month of their shifts is thousands of items, more
than a browser draws quickly and more than one websocket message should carry. So the view is in two
parts:

- the rows (`AxisGroup`s: open-shift rows, bureau and role headings, people), all of them: they are
  light (a name each), and the browser needs them all to size its scroll area and to reach any row
  from the keyboard;
- the items (shifts and open places) of a block of rows only, and those people's hours per week: the
  rows in view plus a margin, in whole blocks of ROW_BLOCK, loaded again when the browser scrolls
  out of them (`rows_to_load`, `axis_block_view`). An open-shift row is a row like the others: its
  open shifts come with the block it is in.

Groups of at most WHOLE_UP_TO rows are loaded whole, as before (the browser then draws every row).
`rows_to_load`, `needs_load` and `block_rows` are pure; `axis_rows_view` and `axis_block_view` load;
`block_axis` is the one builder of a block's items for both."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from sqlmodel import Session, col, select

from shiftapp.i18n import reading_language
from shiftapp.models import Employee
from shiftapp.services.timeline_axis import (
    MAX_OPEN_ITEMS,
    Axis,
    AxisScope,
    AxisView,
    axis_groups,
    axis_scope,
    build_axis,
    bureau_people,
    cover_counts,
    cover_texts,
    drawn_rows,
    edit_rights,
    editable_bureaus,
    guest_people,
    open_shifts,
    scope_view,
)

# Rows whose items are loaded together, and the rows loaded beyond each side of those in view (the
# browser draws 8 more each side, so a small scroll needs no load): a month of a row's shifts is about
# 22 items, some 10 kB to send, so a load of up to 32 rows stays a few hundred kB.
ROW_BLOCK = 8
ROW_MARGIN = 4
# Up to this many rows the whole group is loaded and drawn at once (a bureau or two).
WHOLE_UP_TO = 60
# Lines (rows of one line) assumed in view before the browser has said which (a 900-pixel window shows
# about 16); an open-shift row stacks its overlapping shifts and counts as many lines as it stacks.
FIRST_ROWS = 16
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


def stacked_lines(spans: Sequence[tuple[datetime, datetime]]) -> int:
    """The lines a row of these (start, end) spans stacks into: the most that overlap at one time, as
    the axis stacks an item on the lowest line free at its start (at least one line)."""
    edges = sorted([(start, 1) for start, _ in spans] + [(end, -1) for _, end in spans])
    most = now = 0
    for _, step in edges:  # an end sorts before a start at the same time: touching spans share a line
        now += step
        most = max(most, now)
    return max(most, 1)


def open_row_lines(open_found: Iterable[tuple[str, str, datetime, datetime]]) -> dict[str, int]:
    """The lines each bureau's open-shift row stacks into, by row id ("open:<bureau id>"), from its open
    shifts as `open_shifts` lists them (shift id, bureau id, start, end). A row with none is left out
    (it is one line)."""
    spans: dict[str, list[tuple[datetime, datetime]]] = {}
    for _shift_id, bureau_id, start, end in open_found:
        spans.setdefault(f"open:{bureau_id}", []).append((start, end))
    return {row: stacked_lines(found) for row, found in spans.items()}


def first_in_view(groups: Sequence[Row], lines: int = FIRST_ROWS) -> tuple[int, int]:
    """The rows in view before the browser has said (the first and last): those that fill `lines` lines
    from the top, an open-shift row counting the lines it stacks into (its own `lines`)."""
    used = 0
    for n, group in enumerate(groups):
        used += group.lines
        if used >= lines:
            return 0, n
    return 0, max(len(groups) - 1, 0)


class Row(Protocol):
    """What `block_rows` and `first_in_view` read of a row (an AxisGroup, or the page's copy of one)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def lines(self) -> int: ...


def block_rows(groups: Sequence[Row], rows: tuple[int, int]) -> tuple[list[str], list[str]]:
    """The people (employee ids) in rows [start, end), and the bureaus whose open-shift rows are among them."""
    start, end = rows
    block = groups[start:end]
    people = [g.id[2:] for g in block if g.kind == "person"]
    return people, [g.id.removeprefix("open:") for g in block if g.kind == "open"]


@dataclass(frozen=True)
class RowsView:
    """Rows and the items of rows [rows_start, rows_end). `whole`: every row of the group and the cover
    per day; otherwise a scroll's block: only the block's rows (their hours) and items."""

    view: AxisView
    rows_start: int
    rows_end: int
    whole: bool


def block_axis(
    session: Session,
    scope: AxisScope,
    people: Sequence[Employee],
    open_bureaus: Sequence[str],
    actor: Employee,
    lang: str = "en",
    open_found: Sequence[tuple[str, str, datetime, datetime]] | None = None,
) -> Axis:
    """The items of these people and of these bureaus' open-shift rows, and the people's rows with their
    hours per week, in `lang`. Items are movable where the actor may change the shift's bureau.
    `open_found`: the open shifts of (at least) these bureaus, when the caller has already read them."""
    wanted = set(open_bureaus)
    if open_found is None:
        open_found = open_shifts(session, scope, wanted)
    open_ids = [shift_id for shift_id, bureau_id, *_ in open_found if bureau_id in wanted]
    shifts, assignments, conflicts = drawn_rows(session, scope, [p.id for p in people], open_ids[:MAX_OPEN_ITEMS], lang)
    editable = editable_bureaus(actor, scope.names)
    block = build_axis(
        tz=scope.tz,
        first=scope.first,
        last=scope.last,
        bureaus=scope.names,
        selected=scope.selected,
        people=people,
        shifts=shifts,
        assignments=assignments,
        conflicts=conflicts,
        can_edit=bool(editable & set(scope.selected)),
        cover_places={},
        open_left_out=max(len(open_ids) - MAX_OPEN_ITEMS, 0),
        lang=lang,
        editable=editable,
    )
    # People's shifts with open places are drawn on their bureau's open-shift row, only where that row
    # is in this block.
    rows = {f"open:{b}" for b in wanted}
    block.items = [i for i in block.items if not i.id.startswith("o:") or i.group in rows]
    return block


def axis_rows_view(
    *,
    session: Session,
    actor: Employee,
    bureau_ids: Sequence[str] | None,
    zoom: str,
    anchor: date | None = None,
    in_view: tuple[int, int] | None = None,
) -> RowsView:
    """Every row of the group, the cover per day, and the items of the rows around `in_view` (the first
    and last row shown; by default those that fill the first FIRST_ROWS lines). Hours per week are
    given for the rows loaded; the others show them when a scroll loads them (`axis_block_view`):
    counting every person's hours would read every shift of the group again. Every open-shift row
    says the lines it stacks into, loaded or not, so that the browser gives it its height before its
    shifts come (a row that grew once drawn would move the rows under it and the window, and a scroll
    would wait for a second measure). The text is in the language of whoever asks."""
    lang = reading_language()
    scope = axis_scope(session, actor, bureau_ids, zoom, anchor)
    people = bureau_people(session, scope) + guest_people(session, scope)
    by_id = {p.id: p for p in people}
    groups = axis_groups(bureaus=scope.names, selected=scope.selected, people=people, week_hours={}, weeks=1, lang=lang)
    for group in groups:
        if group.kind == "person":
            group.subtitle = group.hint = ""
    # One read of every selected bureau's open shifts in the window: the lines of every open-shift row,
    # and the items of those in the rows loaded.
    open_found = open_shifts(session, scope, scope.selected)
    open_lines = open_row_lines(open_found)
    for group in groups:
        if group.kind == "open":
            group.lines = open_lines.get(group.id, 1)
    if in_view is None:
        # The first screen: its open-shift rows count the lines they stack into.
        in_view = first_in_view(groups)
    rows = rows_to_load(in_view[0], in_view[1], len(groups))
    person_ids, open_bureaus = block_rows(groups, rows)
    block = block_axis(session, scope, [by_id[i] for i in person_ids], open_bureaus, actor, lang, open_found=open_found)
    loaded = {g.id: g for g in block.groups if g.kind == "person"}
    block.groups = [loaded.get(g.id, g) for g in groups]
    block.people_total = len(people)
    block.cover, block.cover_lines = cover_texts(cover_counts(session, scope), lang)
    rights = edit_rights(actor, scope.selected)
    return RowsView(scope_view(scope, block, zoom, rights, lang), rows[0], rows[1], whole=True)


def axis_block_view(
    *,
    session: Session,
    actor: Employee,
    bureau_ids: Sequence[str] | None,
    zoom: str,
    anchor: date | None,
    rows: tuple[int, int],
    person_ids: Sequence[str],
    open_bureaus: Sequence[str],
) -> RowsView:
    """A scroll's load: the items of rows [start, end) — these people, and the open shifts of these
    bureaus' open-shift rows — and those people's rows with their hours (the rest of the page, rows and
    cover, stays as loaded)."""
    lang = reading_language()
    scope = axis_scope(session, actor, bureau_ids, zoom, anchor)
    found = {p.id: p for p in session.exec(select(Employee).where(col(Employee.id).in_(list(person_ids))))}
    people = [found[i] for i in person_ids if i in found]
    block = block_axis(session, scope, people, open_bureaus, actor, lang)
    block.groups = [g for g in block.groups if g.kind == "person"]
    rights = edit_rights(actor, scope.selected)
    return RowsView(scope_view(scope, block, zoom, rights, lang), rows[0], rows[1], whole=False)
