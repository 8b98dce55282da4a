"""Open shifts in the browser: a staff member claims an open place on the page and sees it granted."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import sign_in


def _set_up(database_url: str) -> tuple[str, str]:
    """A staff member of Rome with nothing planned, and a published Rome shift with one free place."""
    from shiftapp.db import make_engine
    from shiftapp.models import Bureau, Employee, Shift

    engine = make_engine(database_url)
    with Session(engine) as db:
        rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
        demo_hash = db.exec(select(Employee.password_hash).where(Employee.email == "staff@example.com")).one()
        person = Employee(
            email=f"claim.{uuid.uuid4().hex[:8]}@example.com",
            full_name="Clara Claimant",
            bureau_id=rome.id,
            password_hash=demo_hash,
        )
        day = date.today() + timedelta(days=25)
        start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        shift = Shift(
            bureau_id=rome.id,
            start_at=start,
            end_at=start + timedelta(hours=6),
            status="published",
            capacity=1,
            shift_type="Morning",
        )
        db.add_all([person, shift])
        db.commit()
        ids = person.email, shift.id
    engine.dispose()
    return ids


def test_staff_claims_an_open_shift_and_sees_it_granted(page: Page, base_url, database_url):
    email, shift_id = _set_up(database_url)
    sign_in(page, base_url, email)
    page.get_by_role("link", name="Open shifts").click()
    expect(page).to_have_url(f"{base_url}/open-shifts")
    row = page.locator(f"#open-shift-{shift_id}")
    expect(row).to_contain_text("Rome")
    expect(page.locator("#pending-claims-section")).to_have_count(0)  # staff decide on nobody's claims
    row.get_by_role("button", name="Claim").click()
    expect(page.locator("#claim-result")).to_contain_text("Granted: you are on the shift")
    expect(row).to_have_count(0)  # taken: no longer open

    from shiftapp.db import make_engine
    from shiftapp.models import Assignment

    engine = make_engine(database_url)
    with Session(engine) as db:
        taken = db.exec(select(Assignment).where(Assignment.shift_id == shift_id)).all()
    engine.dispose()
    assert len(taken) == 1 and taken[0].status == "confirmed" and taken[0].source == "claim"
    page.screenshot(path="test-results/open-shifts.png", full_page=True)
