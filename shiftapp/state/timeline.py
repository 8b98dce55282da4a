"""The schedule (also the seed 002 schedule view): shifts on a time axis for one or more bureaus, with
conflict badges, proposals to accept or reject, drag to move, resize and assign with the rule
engine's preview before anything is written, auto-assign jobs, publish and the audit trail."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import reflex as rx

from shiftapp.i18n import format_date, translate
from shiftapp.models import SHIFT_ROLES, Employee
from shiftapp.services import planning, shifts
from shiftapp.services.auto_assign_shifts import auto_assign_job, job_outcome, start_auto_assign
from shiftapp.services.errors import Conflict, DomainError, HardConflicts, ValidationFailed
from shiftapp.services.jobs import job_view
from shiftapp.services.shift_views import planning_today
from shiftapp.services.timeline_axis import ZOOMS, step_anchor, window_of
from shiftapp.services.timeline_changes import (
    MAX_GROUP,
    AxisChange,
    ShiftForm,
    add_on_axis,
    change_on_axis,
    copy_form,
    delete_on_axis,
    move_together,
    shift_of_item,
)
from shiftapp.services.timeline_rows import WHOLE_UP_TO as WHOLE_UP_TO  # the page draws a large group in windows
from shiftapp.services.timeline_rows import (
    RowsView,
    axis_block_view,
    axis_rows_view,
    block_rows,
    needs_load,
    rows_to_load,
)
from shiftapp.state.auth import AuthState
from shiftapp.state.base import error_toast, page_event, run_as_user, run_as_user_in_thread
from shiftapp.state.solver_verdict import solver_verdict

MOVE_HINT = "Pick a shift on the schedule first"
NOT_EDITOR = "Only this bureau's team leaders and its planners can change its shifts"
ROLES = sorted(SHIFT_ROLES)
# The time axis's own words (its sidebar header, week headers and cover tooltips), by the name it reads them by.
AXIS_TEXTS = {"people": "People · hours per week", "week": "Week {day}", "cover": "Cover {day}: {cover}"}


@dataclasses.dataclass
class Item:
    """An axis item as the page keeps it on the server (the full message is in `aria`); the browser gets
    `wire(item)`."""

    id: str = ""
    group: str = ""
    start: str = ""
    end: str = ""
    shift_id: str = ""
    assignment_id: str = ""
    label: str = ""
    status: str = ""
    status_mark: str = ""
    badge: str = ""
    badge_text: str = ""
    aria: str = ""
    proposed: bool = False
    can_move: bool = False
    can_resize: bool = False
    read_only: bool = False


ITEM_FIELDS = tuple(f.name for f in dataclasses.fields(Item))


def wire(item: Item) -> dict[str, Any]:
    """What the browser draws of an item, in short keys, leaving out what it can do without: a month of
    a large group is hundreds of items in one message, and the keys and the empty or repeated fields
    (the shift's id is an open item's own, a place's assignment id its own) were half of it. Read by
    timeline_axis.jsx."""
    out: dict[str, Any] = {
        "id": item.id,
        "g": item.group,
        "s": item.start,
        "e": item.end,
        "l": item.label,
        "st": item.status,
        "mk": item.status_mark,
        "a": item.aria,
    }
    if item.id.startswith("a:"):
        out["sh"] = item.shift_id
    if item.badge:
        out["b"], out["bt"] = item.badge, item.badge_text
    if item.proposed:
        out["p"] = True
    if item.can_move:
        out["m"] = True
    if item.read_only:
        out["ro"] = True
    return out


@dataclasses.dataclass
class Group:
    id: str = ""
    title: str = ""
    kind: str = ""
    subtitle: str = ""
    hint: str = ""
    # An open-shift row's lines (the browser's guess of its height until it is drawn: timeline_rows.jsx).
    lines: int = 1


@dataclasses.dataclass(frozen=True)
class Change:
    """A rule check or a write asked for on the schedule, taken from the state while it is locked:
    `work` runs in a worker thread as the user the session token resolves to (the services check role
    and ownership); `done` shows its outcome and `refused` a domain error (a toast unless given), both
    with the state locked again, and return what to send."""

    work: Callable[[Any, Employee], Any]
    done: Callable[[Any], Any]
    refused: Callable[[DomainError], Any] | None = None


@dataclasses.dataclass
class AuditLine:
    at: str = ""
    actor: str = ""
    action: str = ""
    entity: str = ""
    reason: str = ""


class TimelineState(AuthState):
    bureaus: list[dict[str, str]] = []
    selected_bureaus: list[str] = []
    zoom: str = "week"
    anchor: str = ""
    window_label: str = ""
    visible_start: str = ""
    visible_end: str = ""
    # The items loaded, kept on the server (handlers look items up here, never in the browser's word);
    # the browser gets `axis_items`.
    items: list[Item] = rx.field(default_factory=list, is_var=False)
    axis_items: list[dict[str, Any]] = []
    # Some item drawn is another bureau's, which this user may not change (the legend explains the lock).
    read_only_shown: bool = False
    groups: list[Group] = []
    cover: dict[str, str] = {}
    cover_lines: list[str] = []
    people_total: int = 0
    # Rows whose items are loaded, and the rows the browser last said it shows (timeline_rows.py).
    rows_start: int = 0
    rows_end: int = 0
    view_first: int = 0
    view_last: int = -1  # not said yet: the service assumes the first screen of rows
    open_left_out: int = 0
    proposed_count: int = 0
    # The rows and their items are read in worker threads (`read_rows`, `read_block`), off the event
    # loop that carries every user's websocket. Each read asked for takes the next number (`_asked`);
    # `_reload_asked` is the last read of every row asked for, `_shown` the read whose result is shown.
    # A read of every row is shown only if no newer one was asked (another group, window, or the refresh
    # after a change); a scroll's read only if it was asked after that and nothing newer is shown: so a
    # change's refresh never gives way to an older read.
    _asked: int = 0
    _reload_asked: int = 0
    _shown: int = 0
    # The rows [start, end) the latest scroll's read is loading ([] when none), so that the next scroll
    # event asking for the same rows does not read them again.
    _loading_rows: list[int] = []
    # A read asked for is not shown yet (the axis is aria-busy meanwhile).
    reading: bool = False
    can_edit: bool = False
    can_plan: bool = False
    # A rule check or a write is running in a worker thread (`_off_loop`): the dialogs' buttons are
    # disabled and aria-busy meanwhile, and another change asked for before it ends is ignored, so that a
    # double click or a second confirm writes once.
    changing: bool = False
    # The selected shift (click, or Enter on a focused item).
    selected: str = ""
    # A change previewed and waiting for confirmation.
    pending_item: str = ""
    pending_start: str = ""
    pending_end: str = ""
    pending_target: str = ""
    pending_version: int = 0
    pending_text: str = ""
    pending_conflicts: list[str] = []
    pending_warnings: list[str] = []
    force_reason: str = ""
    # What the pending change is: "" a change of one item (a drag, Move…/Edit…), "add" (Add shift, Copy…),
    # "delete", or "group" (the shifts selected to move together).
    pending_kind: str = ""
    pending_lines: list[str] = []
    pending_versions: dict[str, int] = {}
    pending_form: dict[str, str] = {}
    pending_days: int = 0
    pending_picks: list[str] = []
    # Shifts selected to move together (Ctrl/Shift-click, or Select in the shift's details).
    picked: list[str] = []
    group_open: bool = False
    group_days: str = "1"
    group_person: str = ""
    # The Add shift dialog (also Copy…, prefilled from a shift).
    add_open: bool = False
    add_title: str = "Add a shift"
    add_date: str = ""
    add_start: str = "08:00"
    add_end: str = "16:00"
    add_role: str = ""
    add_person: str = "open"
    add_bureau: str = ""
    # The Move… dialog (the keyboard's way to every drag).
    move_open: bool = False
    move_date: str = ""
    move_start: str = ""
    move_end: str = ""
    move_person: str = ""
    move_role: str = ""
    # Background auto-assign.
    job_id: str = ""
    job_status: str = ""
    job_progress: int = 0
    job_message: str = ""
    # Publish.
    publish_conflicts: list[str] = []
    publish_open: bool = False
    publish_reason: str = ""
    # The review shown before publishing: what the same service call would publish.
    publish_reviewed: bool = False
    publish_count: int = 0
    publish_text: str = ""
    publish_ids: list[str] = []
    # Audit.
    audit_title: str = ""
    audit_lines: list[AuditLine] = []
    audit_open: bool = False

    # ------------------------------------------------------------ the window
    def _anchor(self) -> date:
        """The day the view is built around; today where the bureaus plan until the page has loaded
        (a handler may be called before its on_load ran, e.g. by a forged event)."""
        try:
            return date.fromisoformat(self.anchor)
        except (TypeError, ValueError):
            return planning_today()

    def _zoom(self) -> str:
        return self.zoom if self.zoom in ZOOMS else "week"

    def _show(self, rows: RowsView) -> None:
        view, axis = rows.view, rows.view.axis
        self.rows_start, self.rows_end = rows.rows_start, rows.rows_end
        if not rows.whole:
            # A scroll: the items of the rows around the view, and those people's hours; the other rows
            # and the cover stay as shown.
            self._set_items(axis.items)
            self.proposed_count, self.open_left_out = axis.proposed, axis.open_left_out
            loaded = {g.id: g for g in axis.groups}
            self.groups = [Group(**dataclasses.asdict(loaded[g.id])) if g.id in loaded else g for g in self.groups]
            return
        self.bureaus, self.selected_bureaus, self.can_edit = view.bureaus, view.bureau_ids, view.can_edit
        self.can_plan = view.can_plan
        self.window_label = view.label
        self.visible_start = f"{view.first.isoformat()}T00:00"
        self.visible_end = f"{(view.last + timedelta(days=1)).isoformat()}T00:00"
        self._set_items(axis.items)
        self.groups = [Group(**dataclasses.asdict(g)) for g in axis.groups]
        self.cover, self.cover_lines = axis.cover, axis.cover_lines
        self.people_total = axis.people_total
        self.open_left_out, self.proposed_count = axis.open_left_out, axis.proposed
        if self.selected and not any(i.id == self.selected for i in self.items):
            self.selected = ""
        shown = {i.id for i in self.items}
        self.picked = [p for p in self.picked if p in shown]

    def _set_items(self, items) -> None:
        self.items = [Item(**{name: getattr(i, name) for name in ITEM_FIELDS}) for i in items]
        self.axis_items = [wire(i) for i in self.items]
        self.read_only_shown = any(i.read_only for i in self.items)

    def _refresh(self):
        """Ask for every row and the items around the view again: the event that reads them off the loop."""
        self._asked += 1
        self._reload_asked, self._loading_rows, self.reading = self._asked, [], True
        return TimelineState.read_rows

    def _reload_pending(self) -> bool:
        return self._reload_asked > self._shown

    def _shown_up_to(self, asked: int) -> None:
        """The read numbered `asked` is shown (or failed): reading goes on while a newer one is under way."""
        self._shown = max(self._shown, asked)
        if self._shown >= self._asked:
            self._loading_rows = []
        self.reading = self._asked > self._shown

    @page_event(background=True)
    async def read_rows(self):
        """Read every row of the group, the cover and the items around the view in a worker thread (the
        state is locked only to take what to read and to show it), unless a newer read of every row was
        asked meanwhile; then load the rows the browser scrolled to while it read, if it did."""
        async with self:
            if not self._reload_pending():
                return
            asked, token, lang = self._reload_asked, self.token, self.lang
            anchor, zoom, bureaus = self._anchor(), self._zoom(), list(self.selected_bureaus)
            in_view = (self.view_first, self.view_last) if self.view_last >= 0 else None
        try:
            rows = await run_as_user_in_thread(
                token,
                lambda s, u: axis_rows_view(
                    session=s, actor=u, bureau_ids=bureaus, zoom=zoom, anchor=anchor, in_view=in_view
                ),
            )
        except DomainError as error:
            async with self:
                if asked == self._reload_asked:
                    self._shown_up_to(asked)
            yield error_toast(error, lang)
            return
        async with self:
            if asked != self._reload_asked or asked <= self._shown:
                return
            self._show(rows)
            self._shown_up_to(asked)
            follow = self._scroll_load()
        if follow is not None:
            yield follow

    @page_event(background=True)
    async def read_block(self):
        """A scroll's load (`_loading_rows`, as `rows_in_view` asked for it) read in a worker thread and
        shown, unless a newer read was shown meanwhile or a read of every row is under way."""
        async with self:
            if self._reload_pending() or len(self._loading_rows) != 2:
                return
            asked, token, lang = self._asked, self.token, self.lang
            rows = (self._loading_rows[0], self._loading_rows[1])
            anchor, zoom, bureaus = self._anchor(), self._zoom(), list(self.selected_bureaus)
            # The rows' people and open-shift rows as this page was given them (the server's own list,
            # not the browser's word).
            person_ids, open_bureaus = block_rows(self.groups, rows)
        try:
            block = await run_as_user_in_thread(
                token,
                lambda s, u: axis_block_view(
                    session=s,
                    actor=u,
                    bureau_ids=bureaus,
                    zoom=zoom,
                    anchor=anchor,
                    rows=rows,
                    person_ids=person_ids,
                    open_bureaus=open_bureaus,
                ),
            )
        except DomainError as error:
            async with self:
                if asked > self._reload_asked:
                    self._shown_up_to(asked)
            yield error_toast(error, lang)
            return
        async with self:
            if asked <= self._reload_asked or asked <= self._shown:
                return
            # Shown even if a newer scroll's read is under way: its rows are nearer the view than none.
            self._show(block)
            self._shown_up_to(asked)
            follow = None if self.reading else self._scroll_load()
        if follow is not None:
            yield follow

    def _scroll_load(self):
        """The event that loads the items of the rows around those in view when they reach beyond the
        rows loaded, or None: none is needed, the same rows are being read, or a read of every row is
        under way (it loads around the view it finds, and looks again when it is shown)."""
        if self._reload_pending():
            return None
        total = len(self.groups)
        if not needs_load(self.view_first, self.view_last, (self.rows_start, self.rows_end), total):
            return None
        rows = rows_to_load(self.view_first, self.view_last, total)
        if rows == (self.rows_start, self.rows_end):
            return None  # near the group's edge: the rows loaded are already all there is
        if self._loading_rows == list(rows):
            return None
        self._asked += 1
        self._loading_rows, self.reading = list(rows), True
        return TimelineState.read_block

    @page_event(public=True)
    def open_schedule(self):
        """on_load of the schedule: who is signed in, and the rows asked for, in one event."""
        return self._open_signed_in(self._start_schedule)

    def _start_schedule(self):
        # A change cut off with its worker (the state kept in Redis) would leave every later one ignored.
        self.changing = False
        self._open_at_link()
        self.anchor = self._anchor().isoformat()
        return self._refresh()

    def _open_at_link(self) -> None:
        """A link such as schedule health's "Open in the schedule" (`?bureau=<id>&week=YYYY-MM-DD`) opens
        that bureau's week; the service still decides which bureaus the user may see."""
        params = self.router.url.query_parameters
        week = params.get("week", "")
        with contextlib.suppress(TypeError, ValueError):  # no week, or not a date: today's window
            self.anchor, self.zoom = date.fromisoformat(week).isoformat(), "week"
        bureau = params.get("bureau", "")
        if isinstance(bureau, str) and bureau:
            self.selected_bureaus = [bureau]
            self._to_top()
        # A group of bureaus and a zoom (`?bureaus=<id>,<id>&zoom=month`), as a link or a bookmark keeps them.
        group = params.get("bureaus", "")
        if isinstance(group, str) and group:
            self.selected_bureaus = [b for b in group.split(",") if b][:100]
            self._to_top()
        zoom = params.get("zoom", "")
        if zoom in ZOOMS:
            self.zoom = zoom

    @page_event
    def set_bureaus(self, value: str):
        """One bureau, or "all"."""
        if value == "all":
            self.selected_bureaus = [b["id"] for b in self.bureaus]
        elif value in {b["id"] for b in self.bureaus}:
            self.selected_bureaus = [value]
        else:
            return
        self._to_top()
        return self._refresh()

    @page_event
    def toggle_bureau(self, bureau_id: str):
        """Add a bureau to the view, or take it away (one always stays)."""
        if bureau_id not in {b["id"] for b in self.bureaus}:
            return
        if bureau_id in self.selected_bureaus:
            if len(self.selected_bureaus) == 1:
                return
            self.selected_bureaus = [b for b in self.selected_bureaus if b != bureau_id]
        else:
            self.selected_bureaus = [*self.selected_bureaus, bureau_id]
        self._to_top()
        return self._refresh()

    @page_event
    def set_zoom(self, value: str | list[str]):
        if value in ZOOMS:
            self.zoom = value  # type: ignore[assignment]
            return self._refresh()

    @page_event
    def shift_period(self, steps: int):
        if abs(steps) <= 12:
            self.anchor = step_anchor(self._zoom(), self._anchor(), steps).isoformat()  # type: ignore[arg-type]
            return self._refresh()

    @page_event
    def go_today(self):
        self.anchor = planning_today().isoformat()
        return self._refresh()

    @page_event
    def go_to_date(self, value: str):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            return rx.toast.error(self._t("Pick a date like 2026-12-07"))
        if not 2000 <= day.year <= 2100:
            return rx.toast.error(self._t("Pick a date between 2000 and 2100"))
        self.anchor = day.isoformat()
        return self._refresh()

    def _to_top(self) -> None:
        """Another group of rows: the browser starts again at its first row."""
        self.view_first, self.view_last = 0, -1

    @page_event
    def rows_in_view(self, first: int, last: int):
        """The browser scrolled: rows `first`..`last` (0-based, inclusive) are drawn. Their items are
        loaded, off the event loop, when they reach beyond those loaded; the rows themselves are already
        all known."""
        if not (isinstance(first, int) and isinstance(last, int)) or not 0 <= first <= last:
            return None
        total = len(self.groups)
        self.view_first, self.view_last = min(first, max(total - 1, 0)), min(last, max(total - 1, 0))
        return self._scroll_load()

    # ------------------------------------------------------------ selection
    @page_event
    def select_item(self, item_id: str, how: str = "pointer"):
        """A shift picked by a click or by Enter; from the keyboard, focus goes to its details and actions."""
        if how == "toggle":
            return self._toggle_pick(item_id)
        if any(i.id == item_id for i in self.items):
            self.selected = item_id
            if how == "keyboard":
                return rx.set_focus("selected-shift")

    @page_event
    def clear_selection(self, group_id: str = "", time: str = ""):
        self.selected = ""

    @rx.var
    def axis_texts(self) -> dict[str, str]:
        """The words the time axis draws itself (components/timeline_axis.jsx), in the reader's language."""
        return {name: translate(text, self.lang) for name, text in AXIS_TEXTS.items()}

    @rx.var
    def job_status_label(self) -> str:
        """The auto-assign job's status in the reader's language."""
        return translate(self.job_status, self.lang)

    @rx.var
    def selected_item(self) -> Item:
        return next((i for i in self.items if i.id == self.selected), Item())

    @rx.var
    def person_choices(self) -> list[dict[str, str]]:
        """The rows a shift can be moved to in the Move… dialog: the people shown, and open shifts. Only
        while a dialog that offers them is open: it is the rows over again, hundreds in a large group."""
        if not (self.move_open or self.group_open):
            return []
        return [
            {"id": g.id, "name": g.title if g.kind == "person" else f"{g.title} ({g.subtitle})"}
            for g in self.groups
            if g.kind != "heading"
        ]

    @rx.var
    def people_choices(self) -> list[dict[str, str]]:
        """The people shown, for the Add shift dialog (an open place is its own choice there), while it
        is open."""
        if not self.add_open:
            return []
        return [{"id": g.id, "name": g.title} for g in self.groups if g.kind == "person"]

    # ------------------------------------------------------------ previews and writes
    async def _off_loop(self, take: Callable[[], Any]):
        """The change `take` asks for, run in a worker thread: the event loop, which carries every user's
        websocket, never waits on the rule engine or the database. `take` is called with the state locked
        and returns a `Change`, or what to send instead (a refusal, or None); the state is locked again
        only to show the outcome. Nothing is taken while another change is running."""
        async with self:
            if self.changing:
                return
            change = take()
            if isinstance(change, Change):
                self.changing = True
                token, lang = self.token, self.lang
        if not isinstance(change, Change):
            if change is not None:
                yield change
            return
        try:
            outcome = await run_as_user_in_thread(token, change.work)
        except DomainError as error:
            async with self:
                self.changing = False
                answer = change.refused(error) if change.refused is not None else error_toast(error, lang)
            if answer is not None:
                yield answer
            return
        except BaseException:
            async with self:  # whatever went wrong, the next change is not refused for it
                self.changing = False
            raise
        async with self:
            self.changing = False
            answer = change.done(outcome)
        if answer is not None:
            yield answer

    def _finding(self, conflict) -> str:
        """A rule engine finding as the dialog lists it: the rule's name and the message, both in the reader's
        language."""
        return f"{self._t(conflict.name)}: {conflict.text(self.lang)}"

    def _preview(self, change: AxisChange):
        if not self.can_edit:
            return rx.toast.error(self._t(NOT_EDITOR))
        return Change(
            work=lambda s, u: change_on_axis(session=s, actor=u, change=change, write=False),
            done=lambda outcome: self._show_preview(change, outcome),
        )

    def _show_preview(self, change: AxisChange, outcome) -> None:
        self.pending_item = change.item_id
        self.pending_start, self.pending_end, self.pending_target = (
            change.start or "",
            change.end or "",
            change.target or "",
        )
        self.pending_version = outcome.shift_version
        self.pending_text = outcome.summary
        self.pending_conflicts = [self._finding(c) for c in outcome.result.hard]
        self.pending_warnings = [self._finding(c) for c in outcome.result.soft]
        self.force_reason = ""
        self.move_open = False
        self.pending_kind, self.pending_lines = "", []
        self.pending_form = {"role": change.role} if change.role is not None else {}

    @page_event(background=True)
    async def item_moved(self, item_id: str, start: str, group_id: str):
        """A drag ended: the item's new start (wall clock) and the row it was dropped on."""
        async for update in self._off_loop(lambda: self._drag_preview(item_id, start, group_id)):
            yield update

    def _drag_preview(self, item_id: str, start: str, group_id: str):
        item = next((i for i in self.items if i.id == item_id), None)
        if item is None:
            return rx.toast.error(self._t("This shift is no longer on the schedule; reload the page"))
        if item.read_only:
            return rx.toast.error(self._t(NOT_EDITOR))
        target = group_id if group_id != item.group else None
        return self._preview(AxisChange(item_id=item_id, start=start if start != item.start else None, target=target))

    @page_event(background=True)
    async def item_resized(self, item_id: str, time: str, edge: str):
        async for update in self._off_loop(lambda: self._resize_preview(item_id, time, edge)):
            yield update

    def _resize_preview(self, item_id: str, time: str, edge: str):
        if edge == "left":
            return self._preview(AxisChange(item_id=item_id, start=time, end=self._item_end(item_id)))
        if edge == "right":
            return self._preview(AxisChange(item_id=item_id, end=time))
        return None

    def _item_end(self, item_id: str) -> str | None:
        return next((i.end for i in self.items if i.id == item_id), None)

    @page_event(background=True)
    async def nudge(self, item_id: str, days: int):
        """The keyboard way to move a shift a day earlier or later, with the same preview."""
        async for update in self._off_loop(lambda: self._nudge_preview(item_id, days)):
            yield update

    def _nudge_preview(self, item_id: str, days: int):
        item = next((i for i in self.items if i.id == item_id), None)
        if item is None or days not in (-1, 1):
            return rx.toast.error(self._t(MOVE_HINT))
        try:
            start = (date.fromisoformat(item.start[:10]) + timedelta(days=days)).isoformat() + item.start[10:]
        except ValueError:
            return None
        return self._preview(AxisChange(item_id=item_id, start=start))

    @page_event
    def set_force_reason(self, value: str):
        self.force_reason = value

    @page_event
    def cancel_move(self):
        self.pending_item, self.pending_kind = "", ""

    @page_event(background=True)
    async def confirm_move(self):
        """The confirmation of the change previewed: its rule check and write in a worker thread, once
        however often it is clicked while it runs."""
        async for update in self._off_loop(self._confirmed_change):
            yield update

    def _confirmed_change(self):
        if not (self.pending_item or self.pending_kind):
            return None  # nothing previewed (or it was just written): nothing to confirm
        if self.pending_kind == "add":
            return self._confirm_add()
        if self.pending_kind == "delete":
            return self._confirm_delete()
        if self.pending_kind == "group":
            return self._confirm_group()
        change = AxisChange(
            item_id=self.pending_item,
            start=self.pending_start or None,
            end=self.pending_end or None,
            target=self.pending_target or None,
            role=self.pending_form.get("role"),
        )
        force, version = bool(self.pending_conflicts), self.pending_version or None
        # The service decides what forcing needs (services/shifts.py); a reason is kept when given.
        reason = self.force_reason.strip() or None

        def changed(outcome):
            self.pending_item = ""
            return [
                self._refresh(),
                rx.toast.success(self._t("Shift changed (forced)" if outcome.forced else "Shift changed")),
            ]

        return Change(
            work=lambda s, u: change_on_axis(
                session=s, actor=u, change=change, write=True, force=force, reason=reason, expected_version=version
            ),
            done=changed,
        )

    # ------------------------------------------------------------ the Move… dialog
    @page_event
    def open_move(self, item_id: str):
        item = next((i for i in self.items if i.id == item_id), None)
        if item is None:
            return rx.toast.error(self._t(MOVE_HINT))
        try:
            role = run_as_user(self.token, lambda s, u: shift_of_item(s, item_id)[0].required_role or "")
        except DomainError as error:
            return error_toast(error)
        self.selected = item_id
        self.move_date, self.move_start, self.move_end = item.start[:10], item.start[11:16], item.end[11:16]
        self.move_person, self.move_role = item.group, role
        self.move_open = True

    @page_event
    def set_move_date(self, value: str):
        self.move_date = value

    @page_event
    def set_move_start(self, value: str):
        self.move_start = value

    @page_event
    def set_move_end(self, value: str):
        self.move_end = value

    @page_event
    def set_move_person(self, value: str):
        self.move_person = value

    @page_event
    def set_move_role(self, value: str):
        self.move_role = value

    @page_event
    def close_move(self):
        self.move_open = False

    @page_event(background=True)
    async def preview_dialog_move(self):
        async for update in self._off_loop(self._dialog_preview):
            yield update

    def _dialog_preview(self):
        item = next((i for i in self.items if i.id == self.selected), None)
        if item is None:
            return rx.toast.error(self._t(MOVE_HINT))
        try:
            day = date.fromisoformat(self.move_date)
            start_at = shifts.parse_hhmm(self.move_start, "start time")
            end_at = shifts.parse_hhmm(self.move_end, "end time")
        except ValueError:
            return rx.toast.error(self._t("Pick a date like 2026-12-07"))
        except ValidationFailed as error:
            return error_toast(error)
        end_day = day + timedelta(days=1) if end_at <= start_at else day  # ends after midnight
        start = f"{day.isoformat()}T{start_at:%H:%M}"
        end = f"{end_day.isoformat()}T{end_at:%H:%M}"
        target = self.move_person if self.move_person and self.move_person != item.group else None
        return self._preview(
            AxisChange(
                item_id=item.id,
                start=start if start != item.start else None,
                end=end if end != item.end else None,
                target=target,
                role=self.move_role,
            )
        )

    # ------------------------------------------------------------ add, copy, delete
    def _fill_add(self, form: ShiftForm, title: str) -> None:
        self.add_title = title
        self.add_bureau, self.add_date, self.add_start, self.add_end = form.bureau_id, form.day, form.start, form.end
        self.add_role, self.add_person = form.role, form.person if form.person.startswith("p:") else "open"
        self.add_open = True

    @page_event
    def open_add(self):
        """The keyboard's way to add a shift: the first day shown, an ordinary day's hours, an open place."""
        if not self.can_edit:
            return rx.toast.error(self._t(NOT_EDITOR))
        first = self.visible_start[:10] or self._anchor().isoformat()
        anchor = self._anchor().isoformat()
        day = anchor if first <= anchor < self.visible_end[:10] else first
        bureau = self.selected_bureaus[0] if self.selected_bureaus else ""
        self._fill_add(ShiftForm(bureau_id=bureau, day=day, start="08:00", end="16:00"), self._t("Add a shift"))

    @page_event
    def open_add_at(self, group_id: str, time: str):
        """A double click on an empty cell: a shift on that row, from the hour clicked, eight hours long."""
        if not self.can_edit:
            return rx.toast.error(self._t(NOT_EDITOR))
        try:
            at = datetime.fromisoformat(time)
        except ValueError:
            return rx.toast.error(self._t("Double-click a day on a person's row or on Open shifts"))
        start, end = f"{at:%H}:00", f"{(at.hour + 8) % 24:02d}:00"
        if group_id.startswith("open:") and group_id[5:] in self.selected_bureaus:
            form = ShiftForm(bureau_id=group_id[5:], day=at.date().isoformat(), start=start, end=end)
        elif group_id.startswith("p:") and any(g.id == group_id for g in self.groups):
            try:
                bureau = run_as_user(self.token, lambda s, u: _bureau_of(s, group_id[2:]))
            except DomainError as error:
                return error_toast(error)
            form = ShiftForm(
                bureau_id=bureau or (self.selected_bureaus[0] if self.selected_bureaus else ""),
                day=at.date().isoformat(),
                start=start,
                end=end,
                person=group_id,
            )
        else:
            return rx.toast.error(self._t("Double-click a day on a person's row or on Open shifts"))
        self._fill_add(form, self._t("Add a shift"))

    @page_event(background=True)
    async def open_copy(self, item_id: str):
        """Copy a shift: the Add dialog with its hours, role, bureau and person, on the next day."""
        async for update in self._off_loop(lambda: self._copy_of(item_id)):
            yield update

    def _copy_of(self, item_id: str):
        item = next((i for i in self.items if i.id == item_id), None)
        if item is None:
            return rx.toast.error(self._t(MOVE_HINT))
        if not self.can_edit:
            return rx.toast.error(self._t(NOT_EDITOR))
        try:
            next_day = (date.fromisoformat(item.start[:10]) + timedelta(days=1)).isoformat()
        except ValueError:
            return rx.toast.error(self._t(MOVE_HINT))
        return Change(
            work=lambda s, u: copy_form(s, item_id, next_day, None),
            done=lambda form: self._fill_add(form, self._t("Copy this shift")),
        )

    @page_event
    def set_add_date(self, value: str):
        self.add_date = value

    @page_event
    def set_add_start(self, value: str):
        self.add_start = value

    @page_event
    def set_add_end(self, value: str):
        self.add_end = value

    @page_event
    def set_add_role(self, value: str):
        self.add_role = value

    @page_event
    def set_add_person(self, value: str):
        self.add_person = value

    @page_event
    def set_add_bureau(self, value: str):
        self.add_bureau = value

    @page_event
    def close_add(self):
        self.add_open = False

    def _add_form(self) -> ShiftForm:
        return ShiftForm(
            bureau_id=self.add_bureau,
            day=self.add_date,
            start=self.add_start,
            end=self.add_end,
            role=self.add_role,
            person="" if self.add_person == "open" else self.add_person,
        )

    @page_event(background=True)
    async def preview_add(self):
        async for update in self._off_loop(self._add_preview):
            yield update

    def _add_preview(self):
        if not self.can_edit:
            return rx.toast.error(self._t(NOT_EDITOR))
        form = self._add_form()

        def previewed(outcome) -> None:
            self._show_pending("add", outcome.summary, outcome.result)
            self.pending_form = dataclasses.asdict(form)
            self.add_open = False

        return Change(work=lambda s, u: add_on_axis(session=s, actor=u, form=form, write=False), done=previewed)

    def _show_pending(self, kind: str, text: str, result, item_id: str = "") -> None:
        self.pending_kind, self.pending_item, self.pending_text = kind, item_id, text
        self.pending_conflicts = [self._finding(c) for c in result.hard]
        self.pending_warnings = [self._finding(c) for c in result.soft]
        self.pending_lines, self.force_reason = [], ""

    def _confirm_add(self):
        form = ShiftForm(**{k: str(self.pending_form.get(k, "")) for k in ShiftForm.__dataclass_fields__})
        force, reason = bool(self.pending_conflicts), self.force_reason.strip() or None

        def added(outcome):
            self.pending_kind = ""
            done = "Shift added (forced)" if outcome.forced else "Shift added"
            return [self._refresh(), rx.toast.success(self._t(done))]

        return Change(
            work=lambda s, u: add_on_axis(session=s, actor=u, form=form, write=True, force=force, reason=reason),
            done=added,
        )

    @page_event(background=True)
    async def preview_delete(self, item_id: str):
        """Delete a shift: the confirmation says what goes (and who loses it) before anything is removed."""
        async for update in self._off_loop(lambda: self._delete_preview(item_id)):
            yield update

    def _delete_preview(self, item_id: str):
        if not self.can_edit:
            return rx.toast.error(self._t(NOT_EDITOR))
        if not any(i.id == item_id for i in self.items):
            return rx.toast.error(self._t(MOVE_HINT))

        def previewed(outcome) -> None:
            self._show_pending("delete", outcome.summary, outcome.result, item_id)
            self.pending_version = outcome.shift_version

        return Change(
            work=lambda s, u: delete_on_axis(session=s, actor=u, item_id=item_id, write=False), done=previewed
        )

    def _confirm_delete(self):
        item_id, version = self.pending_item, self.pending_version or None

        def deleted(_outcome):
            self.pending_kind, self.pending_item, self.selected = "", "", ""
            return [self._refresh(), rx.toast.success(self._t("Shift deleted"))]

        return Change(
            work=lambda s, u: delete_on_axis(session=s, actor=u, item_id=item_id, write=True, expected_version=version),
            done=deleted,
        )

    # ------------------------------------------------------------ several shifts together
    def _toggle_pick(self, item_id: str):
        if not any(i.id == item_id for i in self.items):
            return rx.toast.error(self._t(MOVE_HINT))
        if item_id in self.picked:
            self.picked = [p for p in self.picked if p != item_id]
        elif len(self.picked) >= MAX_GROUP:
            return rx.toast.error(self._t("Move at most {count} shifts at once", count=MAX_GROUP))
        else:
            self.picked = [*self.picked, item_id]

    @page_event
    def toggle_pick(self, item_id: str):
        """The keyboard's Ctrl-click: add the shift to the group moved together, or take it out."""
        return self._toggle_pick(item_id)

    @page_event
    def clear_picks(self):
        self.picked = []

    @rx.var
    def picked_labels(self) -> list[str]:
        chosen = set(self.picked)
        return [i.aria for i in self.items if i.id in chosen]

    @page_event
    def open_group(self):
        if not self.picked:
            return rx.toast.error(self._t("Select shifts first: Ctrl-click them, or Select in a shift's details"))
        self.group_days, self.group_person, self.group_open = "1", "", True

    @page_event
    def set_group_days(self, value: str | float):
        # A number field: Reflex may send the number itself rather than its text.
        self.group_days = str(int(value)) if isinstance(value, (int, float)) else value

    @page_event
    def set_group_person(self, value: str):
        self.group_person = value

    @page_event
    def close_group(self):
        self.group_open = False

    @page_event(background=True)
    async def preview_group(self):
        async for update in self._off_loop(self._group_preview):
            yield update

    def _group_preview(self):
        if not self.can_edit:
            return rx.toast.error(self._t(NOT_EDITOR))
        try:
            days = int(self.group_days or "0")
        except ValueError:
            return rx.toast.error(self._t("Say how many days to move them, as a whole number (negative for earlier)"))
        picks, target = list(self.picked), self.group_person or None

        def previewed(outcome) -> None:
            self._show_pending("group", outcome.summary, outcome.result, picks[0])
            self.pending_lines, self.pending_versions = list(outcome.lines), dict(outcome.versions)
            self.pending_picks, self.pending_days, self.pending_target = picks, days, target or ""
            self.group_open = False

        return Change(
            work=lambda s, u: move_together(session=s, actor=u, item_ids=picks, days=days, target=target, write=False),
            done=previewed,
        )

    def _confirm_group(self):
        picks, days, target = list(self.pending_picks), self.pending_days, self.pending_target or None
        versions, force = dict(self.pending_versions), bool(self.pending_conflicts)
        reason = self.force_reason.strip() or None

        def moved(outcome):
            self.pending_kind, self.pending_item, self.picked = "", "", []
            done = "{count} shift(s) changed (forced)" if outcome.forced else "{count} shift(s) changed"
            return [self._refresh(), rx.toast.success(self._t(done, count=len(outcome.lines)))]

        return Change(
            work=lambda s, u: move_together(
                session=s,
                actor=u,
                item_ids=picks,
                days=days,
                target=target,
                write=True,
                force=force,
                reason=reason,
                expected_versions=versions,
            ),
            done=moved,
        )

    # ------------------------------------------------------------ proposals
    @page_event(background=True)
    async def accept(self, assignment_id: str):
        change = Change(
            work=lambda s, u: shifts.set_assignment_status(
                session=s, actor=u, assignment_id=assignment_id, status="confirmed"
            ),
            done=lambda _outcome: self._refresh(),
        )
        async for update in self._off_loop(lambda: change):
            yield update

    @page_event(background=True)
    async def reject(self, assignment_id: str):
        change = Change(
            work=lambda s, u: shifts.unassign(
                session=s, actor=u, assignment_id=assignment_id, reason="Proposal rejected"
            ),
            done=lambda _outcome: self._refresh(),
        )
        async for update in self._off_loop(lambda: change):
            yield update

    @page_event(background=True)
    async def accept_all(self):
        async for update in self._off_loop(self._accept_all):
            yield update

    def _accept_all(self):
        ids = [i.assignment_id for i in self.items if i.proposed]

        def accept(session, user):
            for assignment_id in ids:
                shifts.set_assignment_status(
                    session=session, actor=user, assignment_id=assignment_id, status="confirmed"
                )
            return len(ids)

        def accepted(count: int):
            return [self._refresh(), rx.toast.success(self._t("Accepted {count} proposal(s)", count=count))]

        return Change(work=accept, done=accepted)

    # ------------------------------------------------------------ auto-assign job
    @page_event(background=True)
    async def run_auto_assign(self):
        async with self:
            if self.job_status in ("queued", "running"):
                return
            if len(self.selected_bureaus) != 1:
                yield rx.toast.error(self._t("Auto-assign works on one bureau at a time: pick one bureau first"))
                return
            token, bureau_id, anchor, zoom = self.token, self.selected_bureaus[0], self._anchor(), self._zoom()
            first, last = _window(zoom, anchor)
        try:
            job, _started = await run_as_user_in_thread(
                token,
                lambda s, u: start_auto_assign(
                    session=s, actor=u, bureau_id=bureau_id, start_date=first, end_date=last
                ),
            )
            job_id = job.id
        except DomainError as error:
            yield error_toast(error)
            return
        async with self:
            self.job_id, self.job_status, self.job_progress = job_id, "queued", 0
            self.job_message = self._t("Starting")
        job = None
        for _ in range(600):
            job = await run_as_user_in_thread(
                token, lambda s, u: job_view(auto_assign_job(session=s, actor=u, job_id=job_id))
            )
            async with self:
                self.job_status = job.status
                self.job_progress = int(100 * round(job.progress, 3))
                self.job_message = self._t(job.message) if job.message else ""
            if job.finished:
                break
            await asyncio.sleep(0.5)
        refresh = None
        async with self:
            outcome = job_outcome(job) if job is not None and job.status == "succeeded" else None
            if outcome is not None:
                self.job_message = self._t(
                    "Proposed {filled} of {places} open place(s); {left} left open. ",
                    filled=outcome.filled,
                    places=outcome.open_places,
                    left=len(outcome.unfilled),
                ) + self._t(solver_verdict(proven=outcome.optimal, time_limit_reached=outcome.time_limit_reached))
                unchanged = (self._anchor(), self._zoom(), self.selected_bureaus) == (anchor, zoom, [bureau_id])
                if unchanged:
                    # The view with the new proposals, read off the event loop (unless the planner moved
                    # to another window meanwhile: that window's own read shows it).
                    refresh = self._refresh()
            elif job is not None and job.error:
                self.job_message = self._t(job.error)
        if refresh is not None:
            yield refresh

    # ------------------------------------------------------------ publish
    def _publish_range(self):
        first, last = _window(self._zoom(), self._anchor())
        return first, last, list(self.selected_bureaus)

    @page_event(background=True)
    async def review_publish(self):
        """Publish's first step: what the same service would publish (drafts, days, what is already
        published and changed since, the hard conflicts in the way), before anything is written."""
        async for update in self._off_loop(self._publish_review):
            yield update

    def _publish_review(self):
        first, last, bureau_ids = self._publish_range()
        if not bureau_ids:
            return rx.toast.error(self._t("The schedule has not loaded yet; reload the page and try again"))
        return Change(
            work=lambda s, u: _publish_previews(s, u, bureau_ids, first, last),
            done=lambda outcomes: self._show_review(outcomes, first, last, bureau_ids),
        )

    def _show_review(self, outcomes: list[planning.PublishOutcome], first: date, last: date, bureau_ids: list[str]):
        drafts = sum(o.published for o in outcomes)
        live = sum(o.already_published for o in outcomes)
        changed = sum(o.changed_since_publishing for o in outcomes)
        days = sorted(d for o in outcomes for d in (o.first_day, o.last_day) if d)
        names = {b["id"]: b["name"] for b in self.bureaus}
        where = ", ".join(names.get(b, b) for b in bureau_ids)
        day = self._day
        if drafts:
            if days[0] == days[-1]:
                span = day(days[0])
            else:
                span = self._t("{first} to {last}", first=day(days[0]), last=day(days[-1]))
            text = self._t(
                "{count} draft shift(s) of {where}, on {span}, will be published and their people told.",
                count=drafts,
                where=where,
                span=span,
            )
        else:
            text = self._t(
                "Nothing to publish: {where} has no draft shifts from {first} to {last}.",
                where=where,
                first=day(first),
                last=day(last),
            )
        if changed:
            text += self._t(
                " {count} shift(s) in {first} – {last} are already published, {changed} of them changed since "
                "publishing (people already see those changes).",
                count=live,
                first=day(first),
                last=day(last),
                changed=changed,
            )
        else:
            text += self._t(
                " {count} shift(s) in {first} – {last} are already published.",
                count=live,
                first=day(first),
                last=day(last),
            )
        self.publish_count, self.publish_text = drafts, text
        self.publish_ids = sorted(i for o in outcomes for i in o.shift_ids)
        self.publish_conflicts = [c.text(self.lang) for o in outcomes for c in o.blocking]
        self.publish_open, self.publish_reviewed, self.publish_reason = True, True, ""

    def _day(self, value: date | str) -> str:
        """A date of the publish review: ISO in English, as it always read; "lun 7 dic 2026" in Italian."""
        if self.lang == "it":
            return format_date(value, "it")
        return value.isoformat() if isinstance(value, date) else value

    @page_event(background=True)
    async def publish(self):
        async for update in self._off_loop(self._publish_change):
            yield update

    def _publish_change(self):
        first, last, bureau_ids = self._publish_range()
        if not bureau_ids:
            return rx.toast.error(self._t("The schedule has not loaded yet; reload the page and try again"))
        force = self.publish_open and bool(self.publish_conflicts)
        # Whether forcing a publish needs a reason is the service's to say (it does), not the page's.
        reason = self.publish_reason.strip() or None
        reviewed = list(self.publish_ids) if self.publish_reviewed else None

        def publish_all(session, user):
            if reviewed is not None:
                now = sorted(i for o in _publish_previews(session, user, bureau_ids, first, last) for i in o.shift_ids)
                if now != reviewed:
                    raise Conflict("The schedule changed since you reviewed it; check the new counts and publish again")
            published, blocking = 0, []
            for bureau_id in bureau_ids:
                try:
                    result = planning.publish(
                        session=session,
                        actor=user,
                        bureau_id=bureau_id,
                        start_date=first,
                        end_date=last,
                        force=force,
                        reason=reason,
                    )
                    published += result.published
                except HardConflicts as error:
                    blocking += error.conflicts
            if blocking:
                # Nothing is published while any selected bureau is blocked (the transaction rolls back).
                raise HardConflicts(f"{len(blocking)} hard conflict(s) block publishing", conflicts=blocking)
            return published

        def published(count: int):
            self.publish_open, self.publish_conflicts, self.publish_reviewed = False, [], False
            return [self._refresh(), rx.toast.success(self._t("Published {count} shift(s)", count=count))]

        def refused(error: DomainError):
            if isinstance(error, HardConflicts):
                self.publish_conflicts = [c.text(self.lang) for c in error.conflicts]
                self.publish_open, self.publish_reason = True, ""
                return None
            if isinstance(error, Conflict):
                return [error_toast(error, self.lang), TimelineState.review_publish]
            return error_toast(error, self.lang)

        return Change(work=publish_all, done=published, refused=refused)

    @page_event
    def set_publish_reason(self, value: str):
        self.publish_reason = value

    @page_event
    def close_publish(self):
        self.publish_open, self.publish_reviewed = False, False

    # ------------------------------------------------------------ audit
    @page_event
    def show_audit(self, item_id: str):
        try:
            shift_id = run_as_user(self.token, lambda s, u: shift_of_item(s, item_id)[0].id)
        except DomainError as error:
            return error_toast(error)
        return self._audit(shift_id)

    def _audit(self, shift_id: str | None):
        try:
            data = run_as_user(
                self.token,
                lambda s, u: planning.list_audit(
                    session=s, actor=u, entity_id=shift_id, page_size=50, kind=None if shift_id else "planning_change"
                ),
            )
        except DomainError as error:
            return error_toast(error)
        self.audit_title = self._t("Audit of this shift" if shift_id else "Audit of the plan (latest 50)")
        self.audit_lines = [
            AuditLine(
                at=entry.at[:16].replace("T", " "),
                actor=entry.actor or self._t("system"),
                action=self._t(entry.action),
                entity=self._t(entry.entity_type),
                reason=entry.reason or "",
            )
            for entry in data.items
        ]
        self.audit_open = True

    @page_event
    def show_plan_audit(self):
        return self._audit(None)

    @page_event
    def close_audit(self):
        self.audit_open = False


def _bureau_of(session, employee_id: str) -> str | None:
    person = session.get(Employee, employee_id)
    return person.bureau_id if person is not None and person.deleted_at is None else None


def _publish_previews(session, user, bureau_ids: list[str], first: date, last: date) -> list[planning.PublishOutcome]:
    return [
        planning.publish(session=session, actor=user, bureau_id=b, start_date=first, end_date=last, write=False)
        for b in bureau_ids
    ]


def _window(zoom: str, anchor: date) -> tuple[date, date]:
    return window_of(zoom if zoom in ZOOMS else "week", anchor)  # type: ignore[arg-type]
