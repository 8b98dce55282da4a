"""Open shifts in the browser: a staff member claims an open place on the page and sees it granted; in a
bureau where claims wait for approval, they withdraw their waiting claim and the place is open again, or their
team leader approves it; the leader sets the bureau's claim and swap rules from the pages."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import sign_in


def _set_up(database_url: str, days_ahead: int = 25) -> tuple[str, str]:
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
        day = date.today() + timedelta(days=days_ahead)
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


def _claims_wait(database_url: str, wait: bool) -> None:
    from shiftapp.db import make_engine
    from shiftapp.models import Bureau

    engine = make_engine(database_url)
    with Session(engine) as db:
        rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
        rome.open_shift_claims_need_approval = wait
        db.add(rome)
        db.commit()
    engine.dispose()


def test_staff_withdraw_a_waiting_claim_and_the_place_is_open_again(page: Page, base_url, database_url):
    email, shift_id = _set_up(database_url, days_ahead=26)
    _claims_wait(database_url, True)
    try:
        sign_in(page, base_url, email)
        page.goto(f"{base_url}/open-shifts")
        row = page.locator(f"#open-shift-{shift_id}")
        claim = row.get_by_role("button", name="Claim the shift")
        expect(claim).to_have_text("Ask to take it")  # this bureau's claims wait for a leader
        claim.click()
        expect(page.locator("#claim-result")).to_contain_text("waits for your team leader")
        mine = page.locator(".my-claim-row")
        expect(mine).to_have_count(1)
        expect(row).to_have_count(0)  # claimed: no longer offered to them

        mine.get_by_role("button", name="Withdraw").click()
        expect(page.locator("#claim-result")).to_contain_text("Withdrawn: your claim")
        expect(page.locator("#my-claims-empty")).to_be_visible()
        expect(page.locator(f"#open-shift-{shift_id}")).to_have_count(1)  # open again
        page.screenshot(path="test-results/open-shifts-withdrawn.png", full_page=True)
    finally:
        _claims_wait(database_url, False)

    from shiftapp.db import make_engine
    from shiftapp.models import Assignment, AuditEvent

    engine = make_engine(database_url)
    with Session(engine) as db:
        left = db.exec(select(Assignment).where(Assignment.shift_id == shift_id)).all()
        audit = db.exec(select(AuditEvent).where(AuditEvent.action == "withdraw_claim")).all()
    engine.dispose()
    assert left == [] and audit


def test_team_leader_approves_a_waiting_claim_and_the_place_is_taken(
    page: Page, browser: Browser, base_url, database_url
):
    email, shift_id = _set_up(database_url, days_ahead=27)
    _claims_wait(database_url, True)
    try:
        sign_in(page, base_url, email)
        page.goto(f"{base_url}/open-shifts")
        page.locator(f"#open-shift-{shift_id}").get_by_role("button", name="Claim the shift").click()
        expect(page.locator("#claim-result")).to_contain_text("waits for your team leader")

        leader_context = browser.new_context()
        leader = leader_context.new_page()
        sign_in(leader, base_url, "teamlead@example.com")
        leader.goto(f"{base_url}/open-shifts")
        pending = leader.locator(".pending-claim-row", has_text="Clara Claimant")
        expect(pending).to_have_count(1)
        expect(pending.locator(".claim-conflicts")).to_contain_text(re.compile(r"\d+ hard conflict"))
        pending.get_by_role("button", name="Approve the claim of Clara Claimant").click()
        expect(leader.locator("#claim-result")).to_contain_text("Approved Clara Claimant's claim")
        expect(pending).to_have_count(0)
        leader_context.close()
    finally:
        _claims_wait(database_url, False)

    from shiftapp.db import make_engine
    from shiftapp.models import Assignment

    engine = make_engine(database_url)
    with Session(engine) as db:
        taken = db.exec(select(Assignment).where(Assignment.shift_id == shift_id)).all()
    engine.dispose()
    assert [a.status for a in taken] == ["confirmed"]


def _rome_flags(database_url: str) -> tuple[bool, bool]:
    from shiftapp.db import make_engine
    from shiftapp.models import Bureau

    engine = make_engine(database_url)
    with Session(engine) as db:
        rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
        flags = rome.open_shift_claims_need_approval, rome.swaps_auto_approve
    engine.dispose()
    return flags


def test_team_leader_sets_their_bureaus_claim_and_swap_rules_from_the_pages(page: Page, base_url, database_url):
    claims_before, swaps_before = _rome_flags(database_url)
    sign_in(page, base_url, "teamlead@example.com")
    try:
        page.goto(f"{base_url}/open-shifts")
        claims = page.get_by_label("Claims in Rome wait for my approval")
        expect(claims).to_be_checked(checked=claims_before)
        claims.click()
        said = "now wait for your approval" if not claims_before else "are now granted at once"
        expect(page.get_by_text(f"Claims in Rome {said}")).to_be_visible()
        expect(claims).to_be_checked(checked=not claims_before)

        page.goto(f"{base_url}/swaps")
        swaps = page.get_by_label(re.compile("Approve swaps in Rome automatically"))
        expect(swaps).to_be_checked(checked=swaps_before)
        swaps.click()
        said = "are now approved automatically" if not swaps_before else "now wait for your approval"
        expect(page.get_by_text(f"Conflict-free swaps in Rome {said}")).to_be_visible()
        assert _rome_flags(database_url) == (not claims_before, not swaps_before)
    finally:
        _claims_wait(database_url, claims_before)
        _swaps_auto(database_url, swaps_before)


def _swaps_auto(database_url: str, auto: bool) -> None:
    from shiftapp.db import make_engine
    from shiftapp.models import Bureau

    engine = make_engine(database_url)
    with Session(engine) as db:
        rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
        rome.swaps_auto_approve = auto
        db.add(rome)
        db.commit()
    engine.dispose()
