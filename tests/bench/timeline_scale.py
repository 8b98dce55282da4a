"""The schedule of a group of 500 people over a month, in Chromium: `python -m tests.bench.timeline_scale`.

Uses the organisation-sized data (`python -m shiftapp.seed --scale`): seeded into a new SQLite file,
or an existing one given with `--database sqlite:///…`. The group is the first ten bureaus by name
(Bureau 01, the scheduler's own, to Bureau 10): 500 people, about 11,000 of their shifts in the month.

In the process, on that database (median and max of the runs):

- the schedule's data for the group's month as the page loads it (services/timeline_rows.py: every
  row, the cover per day, the items of the first rows), a scroll's load (the items of rows further
  down), and the state the page sends for the first load (its JSON, the size of the first message);
- the drag preview (`change_on_axis(write=False)`: a shift moved a day and given to another person),
  and beside it the same rule check on the whole plan of those weeks, which the preview read before.

In Chromium (the production build, signed in as leader@example.com, each visit in a new tab as in
tests.bench.pages_scale, one warm-up first), each condition checked on every animation frame:

- time to interactive of the group's month: from the navigation's start until a person's shift is
  drawn on the axis and the row count is shown; beside it a bureau's week, the page as
  tests.bench.pages_scale measures it (the machine's floor for the page);
- a scroll to the middle of the group: from setting the scroll position until a shift of the rows
  now in view is drawn (the rows are drawn at once, their items come from the server);
- a drag preview: a person's shift dragged one row down (to the next person) in the group's week,
  from the mouse's release until the preview dialog shows the change.

Goals (issue 21): the group's month interactive in < 1.5 s, the drag preview answered in < 150 ms.
Figures only: nothing here fails on a slow machine.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.bench.pages_scale import CHROMIUM, CHROMIUM_ARGS, WAIT_MS, _sign_in, _start_app, _timeline_ready, _wait
from tests.support import migrate_and_seed

GROUP_BUREAUS = 10
GOALS = {"month": 1.5, "preview": 0.150}
_GROUP_READY = """() => {
    const count = document.querySelector('#people-count')?.textContent ?? '';
    const chip = document.querySelector('#timeline .axis-item[data-group^="p:"]');
    return /^500 people/.test(count.trim()) && !!chip && chip.getClientRects().length > 0;
}"""
# The people's rows in view inside the scroll box (below the sticky dates) show their shifts.
_ITEMS_IN_VIEW = """() => {
    const box = document.querySelector('.shift-axis-virtual')?.getBoundingClientRect();
    if (!box) return false;
    const rows = [...document.querySelectorAll('#timeline [data-row][data-group^="p:"]')].filter((title) => {
        const at = title.getBoundingClientRect();
        return at.top > box.top + 90 && at.bottom < box.bottom;
    });
    return rows.length > 0 && rows.every((title) =>
        document.querySelector(`#timeline .axis-item[data-group="${title.dataset.group}"]`));
}"""
# The row under this item's row is a person's (a drop on a heading is refused, not previewed).
_NEXT_ROW_IS_A_PERSON = """(group) => {
    const row = Number(document.querySelector(`#timeline [data-row][data-group="${group}"]`)?.dataset.row);
    return !!document.querySelector(`#timeline [data-row="${row + 1}"][data-group^="p:"]`);
}"""
_PREVIEW_SHOWN = "() => !!document.querySelector('#move-summary')?.textContent?.trim()"


def _stats(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), max(values)


def _group(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT id FROM bureau ORDER BY name LIMIT ?", (GROUP_BUREAUS,))]


# ------------------------------------------------------------------ in the process
def _first_message(rows) -> str:
    """What the page's state sends of the first load, as JSON: items and rows, and their bytes."""
    import dataclasses
    import json

    from shiftapp.state.timeline import ITEM_FIELDS, Group, Item, wire

    items = [wire(Item(**{name: getattr(i, name) for name in ITEM_FIELDS})) for i in rows.view.axis.items]
    groups = [dataclasses.asdict(Group(**dataclasses.asdict(g))) for g in rows.view.axis.groups]
    size = len(
        json.dumps({"items": items, "groups": groups, "cover": rows.view.axis.cover}, ensure_ascii=False).encode()
    )
    opened = sum(i["id"].startswith("o:") for i in items)
    return f"{len(items)} items ({opened} open), {len(groups)} rows, {size / 1000:.0f} kB of JSON"


def service_figures(database_url: str, bureau_ids: list[str], runs: int) -> list[tuple[str, float, float]]:
    os.environ["DATABASE_URL"] = database_url
    from sqlmodel import Session, col, select

    from shiftapp.db import make_engine
    from shiftapp.models import Assignment, Employee, Shift
    from shiftapp.rules import Assign, Batch, MoveShift, Unassign
    from shiftapp.rules.snapshot import AssignmentSnapshot
    from shiftapp.services.shift_views import planning_today, zone
    from shiftapp.services.shifts import check_change
    from shiftapp.services.timeline_changes import AxisChange, change_on_axis
    from shiftapp.services.timeline_rows import axis_block_view, axis_rows_view, block_rows, rows_to_load

    def timed(fn: Callable[[], object]) -> float:
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started

    engine = make_engine(database_url)
    figures = []
    with Session(engine, expire_on_commit=False) as session:
        leader = session.exec(select(Employee).where(Employee.email == "leader@example.com")).one()
        today = planning_today()

        def group_month(**kw):
            return axis_rows_view(
                session=session, actor=leader, bureau_ids=bureau_ids, zoom="month", anchor=today, **kw
            )

        first = group_month()
        groups = first.view.axis.groups

        def scroll_load(in_view):
            rows = rows_to_load(*in_view, len(groups))
            person_ids, open_bureaus = block_rows(groups, rows)
            return axis_block_view(
                session=session,
                actor=leader,
                bureau_ids=bureau_ids,
                zoom="month",
                anchor=today,
                rows=rows,
                person_ids=person_ids,
                open_bureaus=open_bureaus,
            )

        print(f"group: {first.view.axis.people_total} people, {len(first.view.axis.groups)} rows", flush=True)
        print(f"first load: {_first_message(first)}", flush=True)
        loads = [
            ("data of the group's month (every row, first rows' items)", lambda: group_month()),
            ("a scroll's load (items and hours of rows 240-270)", lambda: scroll_load((240, 270))),
        ]
        for name, load in loads:
            load()
            figures.append((name, *_stats([timed(load) for _ in range(runs)])))
        # Shifts of the group from two days ahead, each moved a day later and given to the next person.
        people = [g.id[2:] for g in first.view.axis.groups if g.kind == "person"]
        placed = list(
            session.exec(
                select(Assignment)
                .join(Shift, col(Shift.id) == col(Assignment.shift_id))
                .where(
                    col(Shift.bureau_id).in_(bureau_ids), col(Shift.start_at) > datetime.now(UTC) + timedelta(days=2)
                )
                .order_by(col(Assignment.id))
                .limit(runs * 4)
            )
        )
        previews, whole = [], []
        for n, assignment in enumerate(placed):
            shift = session.get(Shift, assignment.shift_id)
            assert shift is not None
            other = people[(people.index(assignment.employee_id) + 1) % len(people)]
            start = (shift.start_at + timedelta(days=1)).astimezone(zone()).strftime("%Y-%m-%dT%H:%M")
            change = AxisChange(item_id=f"a:{assignment.id}", start=start, target=f"p:{other}")
            previews.append(
                timed(lambda c=change: change_on_axis(session=session, actor=leader, change=c, write=False))
            )
            steps = (
                MoveShift(shift.id, shift.start_at + timedelta(days=1), shift.end_at + timedelta(days=1)),
                Unassign(assignment.id),
                Assign(AssignmentSnapshot(id=f"bench-{n}", shift_id=shift.id, employee_id=other)),
            )
            window = (shift.start_at, shift.end_at + timedelta(days=1))
            whole.append(timed(lambda s=steps, w=window: check_change(session, Batch(s), window=w)))
        session.rollback()
    engine.dispose()
    figures.append(("drag preview (change_on_axis, not written)", *_stats(previews)))
    figures.append(("before: its rule check on the whole plan", *_stats(whole)))
    return figures


# ------------------------------------------------------------------ in Chromium
def _visit(context, url: str, ready: Callable[[Page], None], screenshot: Path | None = None) -> float:
    page = context.new_page()
    try:
        started = time.monotonic()
        page.goto(url, wait_until="commit")
        ready(page)
        elapsed = time.monotonic() - started
        if screenshot is not None:
            page.screenshot(path=str(screenshot))
        return elapsed
    finally:
        page.close()


def _group_ready(page: Page) -> None:
    _wait(page, _GROUP_READY)


def _scroll_figures(context, url: str, runs: int) -> list[float]:
    """Scroll 70 rows further each time (past the rows loaded); the time until the shifts of the rows
    in view are drawn (every person of the scale data works in the month)."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        _group_ready(page)
        seconds = []
        for n in range(runs):
            row = 120 + 70 * n
            started = time.monotonic()
            page.evaluate(f"() => {{ document.querySelector('.shift-axis-virtual').scrollTop = {row} * 40; }}")
            _wait(page, _ITEMS_IN_VIEW)
            seconds.append(time.monotonic() - started)
        return seconds
    finally:
        page.close()


def _drag_figures(context, url: str, runs: int, screenshot: Path) -> list[float]:
    """Drag a person's shift one row down, from the mouse's release to the preview shown; cancel it."""
    page = context.new_page()
    try:
        page.goto(url, wait_until="commit")
        _group_ready(page)
        box = page.locator(".shift-axis-virtual").bounding_box()
        assert box is not None
        items = page.locator('#timeline .axis-item[data-group^="p:"]')
        seconds: list[float] = []
        n = skipped = 0
        while len(seconds) < runs and n < items.count():
            item = items.nth(n)
            n += 3
            chip = item.bounding_box()
            if chip is None or chip["y"] < box["y"] + 120 or chip["y"] + 90 > box["y"] + box["height"]:
                continue  # under the sticky dates, or no row below it in view
            if not page.evaluate(_NEXT_ROW_IS_A_PERSON, item.get_attribute("data-group")):
                continue  # a heading below: the drop would be refused, not previewed
            item.click()
            _wait(
                page,
                "(id) => document.querySelector(`[data-item='${id}']`)?.classList.contains('is-selected')",
                item.get_attribute("data-item"),
            )
            middle = (chip["x"] + chip["width"] / 2, chip["y"] + chip["height"] / 2)
            page.mouse.move(*middle)
            page.mouse.down()
            page.mouse.move(middle[0] + 2, middle[1] + 8, steps=3)
            page.mouse.move(middle[0], middle[1] + 40, steps=10)
            started = time.monotonic()
            page.mouse.up()
            try:
                page.wait_for_function(_PREVIEW_SHOWN, polling="raf", timeout=10_000)
            except PlaywrightTimeout:
                # The library took it for a click or a drop on the same place (no preview): not a drag.
                skipped += 1
                page.keyboard.press("Escape")
                continue
            seconds.append(time.monotonic() - started)
            if len(seconds) == 1:
                page.screenshot(path=str(screenshot))
            page.locator("#cancel-move").click()
            _wait(page, "() => !document.querySelector('#move-summary')")
        if skipped:
            print(f"  ({skipped} drag(s) brought no preview and were not counted)", flush=True)
        return seconds
    finally:
        page.close()


def browser_figures(
    database_url: str, bureau_ids: list[str], runs: int, folder: Path
) -> list[tuple[str, float, float]]:
    server = _start_app(database_url, folder / "reflex.log")
    group = ",".join(bureau_ids)
    month = f"{server.base_url}/schedule?bureaus={group}&zoom=month"
    week = f"{server.base_url}/schedule?bureaus={group}&zoom=week"
    figures = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1440, "height": 900})
            page = context.new_page()
            page.set_default_timeout(WAIT_MS)
            _sign_in(page, server.base_url)
            page.close()
            for name, url, ready, shot in (
                (
                    "before: a bureau's week (pages_scale's page)",
                    f"{server.base_url}/schedule",
                    _timeline_ready,
                    "week",
                ),
                ("the group's month (500 people)", month, _group_ready, "month"),
            ):
                _visit(context, url, ready, folder / f"timeline-{shot}.png")  # warm-up
                seconds = [_visit(context, url, ready) for _ in range(runs)]
                print(f"  {name}: {', '.join(f'{s:.2f}' for s in seconds)} s", flush=True)
                figures.append((f"interactive: {name}", *_stats(seconds)))
            scrolls = _scroll_figures(context, month, runs)
            figures.append(("a scroll: the shifts of the rows now in view drawn", *_stats(scrolls)))
            drags = _drag_figures(context, week, runs, folder / "timeline-preview.png")
            figures.append(("drag preview in the browser (release to dialog)", *_stats(drags)))
            browser.close()
    finally:
        server.stop()
    return figures


def _shown(seconds: float) -> str:
    return f"{seconds * 1000:6.0f} ms" if seconds < 1 else f"{seconds:6.2f} s "


def _report(title: str, figures: list[tuple[str, float, float]]) -> None:
    print(title)
    print(f"  {'':60} {'median':>9} {'max':>9}")
    for name, median, most in figures:
        print(f"  {name:60} {_shown(median)} {_shown(most)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a SQLite URL already holding the scale data (else seeded afresh)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each figure (after one warm-up)")
    parser.add_argument("--no-browser", action="store_true", help="the in-process figures only")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="shiftapp-timeline-scale-"))
    url = args.database
    if not url:
        url = f"sqlite:///{folder / 'scale.db'}"
        started = time.monotonic()
        migrate_and_seed(url, scale=True)
        print(f"scale data seeded in {time.monotonic() - started:.0f} s", flush=True)
    bureau_ids = _group(Path(url.removeprefix("sqlite:///")))
    print(f"Chromium {CHROMIUM}, {args.runs} runs; logs and screenshots in {folder}", flush=True)
    service = service_figures(url, bureau_ids, args.runs)
    _report("In the process (SQLite):", service)
    if not args.no_browser:
        _report("In Chromium (production build):", browser_figures(url, bureau_ids, args.runs, folder))
    print(f"goals: the group's month interactive < {GOALS['month']} s, drag preview < {GOALS['preview'] * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
