"""A large group on the schedule, in Chromium: only the rows in view are drawn, scrolling draws the
later rows with their shifts (loaded from the server as they come into view), the keyboard reaches
every row, and axe finds nothing serious in the scrolling axis."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, delete, select

from tests.e2e.conftest import sign_in
from tests.e2e.test_accessibility import _report, _violations

PEOPLE = 120


@pytest.fixture
def big_bureau(database_url) -> Iterator[dict]:
    """A bureau of PEOPLE correspondents, each with a shift on Tuesday next week; removed afterwards so
    the other browser tests see the demo as they expect."""
    from shiftapp.db import make_engine
    from shiftapp.models import Assignment, Bureau, Employee, Shift

    engine = make_engine(database_url)
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
    with Session(engine, expire_on_commit=False) as session:
        bureau = Bureau(name="Zeta scale test", code="ZST")
        session.add(bureau)
        session.flush()
        people = [
            Employee(
                email=f"zeta{n:03d}@scale-test.example",
                full_name=f"Zeta Person {n:03d}",
                bureau_id=bureau.id,
                access_role="staff",
                shift_role="correspondent",
            )
            for n in range(PEOPLE)
        ]
        session.add_all(people)
        session.flush()
        start = datetime.combine(monday + timedelta(days=1), time(8), tzinfo=UTC)
        shifts = [
            Shift(bureau_id=bureau.id, start_at=start, end_at=start + timedelta(hours=8), shift_type="Morning")
            for _ in people
        ]
        session.add_all(shifts)
        session.flush()
        session.add_all(
            Assignment(shift_id=shift.id, employee_id=person.id, status="confirmed")
            for shift, person in zip(shifts, people, strict=True)
        )
        session.commit()
        ids = {"bureau": bureau.id, "people": [p.id for p in people], "week": monday.isoformat()}
    yield ids
    with Session(engine) as session:
        shift_ids = [s.id for s in session.exec(select(Shift).where(Shift.bureau_id == ids["bureau"]))]
        session.execute(delete(Assignment).where(col(Assignment.shift_id).in_(shift_ids)))
        session.execute(delete(Shift).where(col(Shift.id).in_(shift_ids)))
        session.execute(delete(Employee).where(col(Employee.id).in_(ids["people"])))
        session.execute(delete(Bureau).where(col(Bureau.id) == ids["bureau"]))
        session.commit()
    engine.dispose()


def _row(page: Page, person_id: str):
    return page.locator(f"#timeline [data-row][data-group='p:{person_id}']")


def _shift_of(page: Page, person_id: str):
    return page.locator(f"#timeline .axis-item[data-group='p:{person_id}']")


def test_a_large_group_draws_the_rows_in_view_and_scrolling_or_the_keyboard_reaches_the_rest(
    page: Page, base_url, big_bureau
):
    page.set_viewport_size({"width": 1440, "height": 900})
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/schedule?bureau={big_bureau['bureau']}&week={big_bureau['week']}")
    expect(page.locator("#people-count")).to_contain_text(f"{PEOPLE} people")
    first, last = big_bureau["people"][0], big_bureau["people"][-1]
    expect(_shift_of(page, first)).to_be_visible()
    # Only the rows in and near the view are in the page: not the last person's.
    drawn = page.locator("#timeline [data-row]").count()
    assert 0 < drawn < PEOPLE / 2
    expect(_row(page, last)).to_have_count(0)
    page.screenshot(path="/tmp/h21scale-e2e-top.png")

    # Scrolling to the bottom draws the last rows, and their shifts come from the server.
    box = page.locator(".shift-axis-virtual")
    box.evaluate("(b) => { b.scrollTop = b.scrollHeight; }")
    expect(_row(page, last)).to_be_visible()
    expect(_shift_of(page, last)).to_be_visible()
    expect(_row(page, first)).to_have_count(0)
    page.screenshot(path="/tmp/h21scale-e2e-bottom.png")

    # Keyboard: one row title is in the Tab order; Home, End and the arrows reach any row.
    box.evaluate("(b) => { b.scrollTop = 0; }")
    expect(_row(page, first)).to_be_visible()
    page.locator("#timeline [data-row][tabindex='0']").focus()
    page.keyboard.press("Home")
    expect(page.locator("#timeline [data-row='0']")).to_be_focused()
    page.keyboard.press("End")
    expect(_row(page, last)).to_be_focused()
    expect(_row(page, last)).to_be_in_viewport()
    expect(_shift_of(page, last)).to_be_visible()
    page.keyboard.press("Home")
    for _ in range(3):
        page.keyboard.press("PageDown")
    focused = page.locator("#timeline [data-row]:focus")
    expect(focused).to_have_attribute("data-row", "30")
    expect(focused).to_be_in_viewport()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#timeline [data-row]:focus")).to_have_attribute("data-row", "31")
    assert page.locator("#timeline [data-row][tabindex='0']").count() == 1
    expect(page.locator("#timeline [data-row]:focus")).to_have_attribute("tabindex", "0")

    # Once the row's shifts have come from the server, Tab from its title goes on to the shifts drawn.
    row_group = page.locator("#timeline [data-row]:focus").get_attribute("data-group")
    expect(page.locator(f"#timeline .axis-item[data-group='{row_group}']")).to_be_visible()
    page.keyboard.press("Tab")
    expect(page.locator("#timeline .axis-item:focus")).to_have_attribute("aria-label", re.compile("Zeta Person"))

    violations = _violations(page, "schedule-large-group")
    assert not violations, _report(violations)

    # The month: the margin's heading says its hours are the weeks shown; a day too narrow for its cover
    # shows the share filled, the whole text on focus and to screen readers; axe still finds nothing serious.
    page.locator("#timeline-zoom").get_by_role("radio", name="Month").click()
    expect(page.locator(".axis-sidebar-header")).to_contain_text("hours in the weeks shown")
    short = page.locator(".axis-cover-short").first
    expect(short).to_have_text(re.compile(r"^\d+%"))
    expect(short).to_have_attribute("data-full", re.compile(r"^\d+/\d+$"))
    expect(short.locator(".sr-only")).to_contain_text("Cover ")
    short.focus()
    expect(short).to_be_focused()
    violations = _violations(page, "schedule-large-group-month")
    assert not violations, _report(violations)
