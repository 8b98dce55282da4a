"""Swaps in the browser: a staff member offers a shift to a named colleague, the colleague accepts it
(from the keyboard, on a phone-wide screen), and their team leader approves it; staff see no
decisions to take."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import sign_in


def _set_up(database_url: str) -> dict[str, str]:
    """Two staff members of Rome with nothing planned, and a published Rome shift of the first one's."""
    from shiftapp.db import make_engine
    from shiftapp.models import Assignment, Bureau, Employee, Shift

    engine = make_engine(database_url)
    with Session(engine) as db:
        rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
        demo_hash = db.exec(select(Employee.password_hash).where(Employee.email == "staff@example.com")).one()
        tag = uuid.uuid4().hex[:8]
        anna = Employee(
            email=f"anna.{tag}@example.com", full_name=f"Anna Offer {tag}", bureau_id=rome.id, password_hash=demo_hash
        )
        bruno = Employee(
            email=f"bruno.{tag}@example.com", full_name=f"Bruno Take {tag}", bureau_id=rome.id, password_hash=demo_hash
        )
        day = date.today() + timedelta(days=26)
        start = datetime(day.year, day.month, day.day, 8, tzinfo=UTC)
        shift = Shift(
            bureau_id=rome.id,
            start_at=start,
            end_at=start + timedelta(hours=6),
            status="published",
            shift_type="Morning",
        )
        db.add_all([anna, bruno, shift])
        db.flush()
        db.add(Assignment(shift_id=shift.id, employee_id=anna.id))
        db.commit()
        ids = {"anna": anna.email, "bruno": bruno.email, "bruno_id": bruno.id, "shift": shift.id, "tag": tag}
    engine.dispose()
    return ids


def _on_shift(database_url: str, shift_id: str) -> list[str]:
    from shiftapp.db import make_engine
    from shiftapp.models import Assignment, Employee

    engine = make_engine(database_url)
    with Session(engine) as db:
        rows = db.exec(
            select(Employee.email)
            .join(Assignment, Assignment.employee_id == Employee.id)
            .where(Assignment.shift_id == shift_id)
        ).all()
    engine.dispose()
    return list(rows)


def test_staff_offers_a_colleague_accepts_and_the_team_leader_approves(
    page: Page, browser: Browser, base_url, database_url
):
    ids = _set_up(database_url)

    # Anna offers her shift to Bruno.
    sign_in(page, base_url, ids["anna"])
    page.get_by_role("link", name="Swaps").click()
    expect(page).to_have_url(f"{base_url}/swaps")
    expect(page.locator("#pending-swaps-section")).to_have_count(0)  # staff decide on nobody's swaps
    page.get_by_label("My shift").select_option(ids["shift"])
    page.get_by_label("Offer to").select_option(ids["bruno_id"])
    expect(page.get_by_label("Their shift I take in return (optional)")).to_be_visible()
    page.get_by_label("Note (optional)").fill("Dentist that morning")
    page.screenshot(path="test-results/swaps-form.png", full_page=True)
    page.get_by_role("button", name="Offer shift").click()
    expect(page.locator("#swap-result")).to_contain_text("Offered: your shift of")
    mine = page.locator(".my-offer", has_text=f"Bruno Take {ids['tag']}")
    expect(mine).to_contain_text("Offered, waiting for a colleague")

    # Bruno, on a phone-wide screen, accepts it from the keyboard.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    bruno = phone.new_page()
    sign_in(bruno, base_url, ids["bruno"])
    bruno.goto(f"{base_url}/swaps")
    offer = bruno.locator(".offer-to-me", has_text=f"Anna Offer {ids['tag']}")
    expect(offer).to_contain_text("Dentist that morning")
    accept = offer.get_by_role("button", name="Accept")
    accept.focus()
    bruno.keyboard.press("Enter")
    expect(bruno.locator("#swap-result")).to_contain_text("Accepted")
    taken = bruno.locator(".accepted-by-me", has_text=f"Anna Offer {ids['tag']}")
    expect(taken).to_contain_text("Accepted, waiting for a team leader")
    bruno.screenshot(path="test-results/swaps-390.png", full_page=True)
    phone.close()
    assert _on_shift(database_url, ids["shift"]) == [ids["anna"]]  # nothing moves before the decision

    # The team leader of Rome approves it.
    leader_context = browser.new_context()
    leader = leader_context.new_page()
    sign_in(leader, base_url, "teamlead@example.com")
    leader.goto(f"{base_url}/swaps")
    waiting = leader.locator(".pending-swap", has_text=f"Anna Offer {ids['tag']}")
    expect(waiting).to_contain_text("No hard conflict if approved")
    waiting.get_by_role("button", name="Approve").click()
    expect(leader.locator("#swap-result")).to_contain_text("Approved")
    expect(waiting).to_have_count(0)
    leader.screenshot(path="test-results/swaps-leader.png", full_page=True)
    leader_context.close()
    assert _on_shift(database_url, ids["shift"]) == [ids["bruno"]]

    page.reload()
    expect(page.locator(".my-offer", has_text=f"Bruno Take {ids['tag']}")).to_contain_text("Approved")
    page.screenshot(path="test-results/swaps.png", full_page=True)
