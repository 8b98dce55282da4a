"""The schedule's time axis: react-calendar-timeline (MIT, 0.30.0-beta.19) wrapped as a Reflex component.

0.30's betas are the first releases that run under React 19 (0.28 and older use React's old context
API, which React 19 dropped). The library is wrapped through the small module timeline_axis.jsx,
which gives it an item renderer (status mark, conflict badge, aria-label, keyboard selection), a
cover-per-day header, and Monday as the first day of the week, and which turns the library's
event arguments into what Python can check: the library's `onItemMove(itemId, dragTime,
newGroupOrder)` reaches Python as the item's id, the new start as a wall-clock time in the bureau's
zone ("2026-12-07T08:15") and the target row's id; `onItemResize(itemId, time, edge)` as the id, the
edge's new wall-clock time and "left" or "right"; a selection as the id and "pointer", "keyboard" or
"toggle" (a Ctrl-, Cmd- or Shift-click, which adds the shift to the group moved together or takes it
out); a double click on an empty cell as the row's id and the wall-clock time clicked."""

from __future__ import annotations

from typing import Any

import reflex as rx

TIMELINE = "react-calendar-timeline@0.30.0-beta.19"
# The library's peer dependencies, at the versions it was checked with.
PEERS = ["interactjs@1.10.27", "dayjs@1.11.23"]
_MODULE = rx.asset("timeline_axis.jsx", shared=True)
# The row windowing it imports (next to it in the same folder of the build).
_ROWS_MODULE = rx.asset("timeline_rows.jsx", shared=True)


def _module_path() -> str:
    path = _MODULE.importable_path if hasattr(_MODULE, "importable_path") else str(_MODULE)
    return path.split("?")[0]


def _move_spec(
    item_id: rx.Var[str], start: rx.Var[str], group_id: rx.Var[str]
) -> tuple[rx.Var[str], rx.Var[str], rx.Var[str]]:
    return item_id, start, group_id


def _resize_spec(
    item_id: rx.Var[str], time: rx.Var[str], edge: rx.Var[str]
) -> tuple[rx.Var[str], rx.Var[str], rx.Var[str]]:
    return item_id, time, edge


def _select_spec(item_id: rx.Var[str], how: rx.Var[str]) -> tuple[rx.Var[str], rx.Var[str]]:
    return item_id, how


def _rows_spec(first: rx.Var[int], last: rx.Var[int]) -> tuple[rx.Var[int], rx.Var[int]]:
    return first, last


def _canvas_spec(group_id: rx.Var[str], time: rx.Var[str]) -> tuple[rx.Var[str], rx.Var[str]]:
    return group_id, time


class ShiftAxis(rx.Component):
    """Props: `items` (dicts in short keys, state/timeline.wire: id, g the row, s and e the start and end
    as wall-clock "YYYY-MM-DDTHH:MM", l the label, st the status, mk its mark, a the full text, and only
    when set: sh the shift's id, b "hard"/"soft" and bt the badge's text, p proposed, m movable, ro
    read only),
    `groups` (dicts with id, title, kind "heading"/"open"/"person", subtitle, hint), the visible
    window as wall-clock strings, `cover` (local date → text shown under that day), `editable`,
    `selected_id` and `picked_ids` (the shifts selected to move together), `virtual_from`;
    `locale` ("en" or "it": the days and months the headers name) and `texts` (the words the axis draws
    itself, in the reader's language: `people`, `week` with `{day}`, `cover` with `{day}` and `{cover}`);
    `on_rows_in_view(first, last)` tells which rows are drawn."""

    library = _module_path()
    tag = "ShiftAxis"
    lib_dependencies: list[str] = [TIMELINE, *PEERS]

    items: rx.Var[list[Any]]
    groups: rx.Var[list[Any]]
    visible_start: rx.Var[str]
    visible_end: rx.Var[str]
    editable: rx.Var[bool]
    cover: rx.Var[dict[str, str]]
    selected_id: rx.Var[str]
    picked_ids: rx.Var[list[str]]
    line_height: rx.Var[int]
    sidebar_width: rx.Var[int]
    # Groups of more rows than this are drawn a window at a time (timeline_rows.jsx).
    virtual_from: rx.Var[int]
    locale: rx.Var[str]
    texts: rx.Var[dict[str, str]]
    # The rows whose items are loaded [start, end) (an open-shift row is measured once they are).
    loaded_start: rx.Var[int]
    loaded_end: rx.Var[int]
    # The heading above the rows' names and hours.
    hours_heading: rx.Var[str]

    on_item_move: rx.EventHandler[_move_spec]
    on_item_resize: rx.EventHandler[_resize_spec]
    on_item_select: rx.EventHandler[_select_spec]
    on_canvas_click: rx.EventHandler[_canvas_spec]
    on_rows_in_view: rx.EventHandler[_rows_spec]
    on_canvas_double_click: rx.EventHandler[_canvas_spec]

    def add_imports(self) -> dict[str, Any]:
        return {"": "react-calendar-timeline/style.css"}


shift_axis = ShiftAxis.create
