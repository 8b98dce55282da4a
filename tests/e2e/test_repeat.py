"""Copy & repeat in the browser: a leader opens the page from the timeline, previews copying a week
to two more weeks (the rows and their conflicts in words) and creates the copies, both computed in the
job worker beside the server; a create after the schedule changed creates nothing and shows the new
preview; staff see the page refuse them, with no form or button to act with."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import sign_in

ROME = ZoneInfo("Europe/Rome")


def _set_up(database_url: str) -> tuple[str, str, date]:
    """A bureau of its own with one Tuesday morning shift in a week about ten weeks ahead."""
    from shiftapp.db import make_engine
    from shiftapp.models import Bureau, Shift

    today = date.today()
    monday = today - timedelta(days=today.weekday()) + timedelta(weeks=10)
    tuesday = monday + timedelta(days=1)
    engine = make_engine(database_url)
    with Session(engine) as db:
        bureau = Bureau(name=f"Copydesk {uuid.uuid4().hex[:6]}", code="CPY", timezone="Europe/Rome")
        db.add(bureau)
        db.flush()
        db.add(
            Shift(
                bureau_id=bureau.id,
                start_at=datetime.combine(tuesday, time(8), tzinfo=ROME).astimezone(UTC),
                end_at=datetime.combine(tuesday, time(14), tzinfo=ROME).astimezone(UTC),
                shift_type="Morning",
                capacity=1,
            )
        )
        db.commit()
        ids = bureau.id, bureau.name
    engine.dispose()
    return *ids, monday


def _shifts_of(database_url: str, bureau_id: str) -> int:
    from shiftapp.db import make_engine
    from shiftapp.models import Shift

    engine = make_engine(database_url)
    with Session(engine) as db:
        count = len(db.exec(select(Shift).where(Shift.bureau_id == bureau_id)).all())
    engine.dispose()
    return count


def test_a_leader_previews_a_copy_and_creates_it(page: Page, base_url, database_url):
    bureau_id, bureau_name, monday = _set_up(database_url)
    sign_in(page, base_url, "leader@example.com")
    page.get_by_role("link", name="Schedule", exact=True).click()
    page.locator("#timeline-repeat-link").click()
    expect(page).to_have_url(f"{base_url}/schedule/repeat")
    expect(page.locator("#page-title")).to_have_text("Copy & repeat")

    page.get_by_label("Bureau").select_option(label=bureau_name)
    page.get_by_label("Week to copy (its Monday)").fill(monday.isoformat())
    weeks = page.get_by_label("Number of following weeks (1–12)")
    weeks.fill("2")
    weeks.press("Tab")
    page.get_by_role("button", name="Preview copy").click()

    expect(page.locator("#repeat-summary")).to_contain_text("2 shift(s) to create, 0 skipped")
    rows = page.locator("#repeat-preview .repeat-row")
    expect(rows).to_have_count(2)
    first = (monday + timedelta(days=8)).isoformat()
    expect(rows.first).to_contain_text(first)
    expect(rows.first).to_contain_text("08:00–14:00")
    # Open places are said in words, not only in colour.
    expect(rows.first.locator(".repeat-conflicts")).to_contain_text("Soft · Understaffed Shift")
    page.screenshot(path="test-results/repeat-preview.png", full_page=True)

    page.locator("#repeat-create").click()
    expect(page.locator("#repeat-result")).to_contain_text("Created 2 shift(s)")
    assert _shifts_of(database_url, bureau_id) == 3


def _change_the_source(database_url: str, bureau_id: str) -> None:
    from shiftapp.db import make_engine
    from shiftapp.models import Shift

    engine = make_engine(database_url)
    with Session(engine) as db:
        (shift,) = db.exec(select(Shift).where(Shift.bureau_id == bureau_id)).all()
        shift.notes = "Bring the long lens"
        db.add(shift)
        db.commit()
    engine.dispose()


def test_a_create_after_the_schedule_changed_creates_nothing_and_shows_the_new_preview(
    page: Page, base_url, database_url
):
    """The create runs in a job worker; its 409 (the preview's fingerprint moved) comes back to the page,
    which previews again and says nothing was created."""
    bureau_id, bureau_name, monday = _set_up(database_url)
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/schedule/repeat")
    page.get_by_label("Bureau").select_option(label=bureau_name)
    page.get_by_label("Week to copy (its Monday)").fill(monday.isoformat())
    page.get_by_role("button", name="Preview copy").click()
    expect(page.locator("#repeat-summary")).to_contain_text("1 shift(s) to create, 0 skipped")

    _change_the_source(database_url, bureau_id)
    page.locator("#repeat-create").click()
    expect(page.locator("#repeat-result")).to_contain_text("Nothing was created")
    expect(page.locator("#repeat-result")).to_contain_text("The preview below is the new one")
    expect(page.locator("#repeat-summary")).to_contain_text("1 shift(s) to create, 0 skipped")
    expect(page.locator("#repeat-job-status")).to_have_count(0)  # the job's status goes once it is done
    assert _shifts_of(database_url, bureau_id) == 1
    page.locator("#repeat-create").click()  # the new preview's fingerprint: this one goes through
    expect(page.locator("#repeat-result")).to_contain_text("Created 1 shift(s)")
    assert _shifts_of(database_url, bureau_id) == 2


def test_staff_cannot_use_copy_and_repeat(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    expect(page.locator("#main-nav")).not_to_contain_text("Copy & repeat")
    page.goto(f"{base_url}/schedule/repeat")
    expect(page.locator("#not-allowed")).to_be_visible()
    expect(page.locator("#preview-copy")).to_have_count(0)
    expect(page.locator("#preview-templates")).to_have_count(0)
    expect(page.locator("#repeat-create")).to_have_count(0)
