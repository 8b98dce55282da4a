"""The inbox in the browser: staff see their unread count in the navigation, as text, open the inbox,
read the message and mark it read; the count follows."""

from __future__ import annotations

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import sign_in


def test_staff_see_the_unread_count_open_the_inbox_and_mark_it_read(page: Page, base_url, database_url):
    from shiftapp.db import make_engine
    from shiftapp.models import Employee
    from shiftapp.services import notifications

    engine = make_engine(database_url)
    with Session(engine) as db:
        sofia = db.exec(select(Employee).where(Employee.email == "staff@example.com")).one()
        notifications.mark_all_read(session=db, actor=sofia)
        notifications.notify(
            db, [sofia], notifications.TIME_OFF_DECIDED, "Time off approved", "Enjoy the break.", "/time-off"
        )
        db.commit()
    engine.dispose()

    sign_in(page, base_url, "staff@example.com")
    link = page.locator("#inbox-link")
    expect(link).to_have_text("Inbox (1 unread)")
    link.focus()
    page.keyboard.press("Enter")  # a keyboard path to the inbox
    expect(page).to_have_url(f"{base_url}/inbox")
    item = page.locator(".inbox-item", has_text="Time off approved")
    expect(item.locator(".inbox-state")).to_have_text("Unread")
    expect(item.locator(".inbox-body")).to_have_text("Enjoy the break.")
    item.get_by_role("button", name="Mark read: Time off approved").click()
    expect(item.locator(".inbox-state")).to_have_text("Read")
    expect(page.locator("#inbox-link")).to_have_text("Inbox (none unread)")


def test_an_italian_reader_reads_their_messages_in_italian_and_older_ones_as_they_were(
    page: Page, base_url, database_url
):
    from datetime import date

    from shiftapp.db import make_engine
    from shiftapp.i18n.messages import DayLabel, Message
    from shiftapp.i18n.values import Term
    from shiftapp.models import Employee, Notification
    from shiftapp.services import notifications
    from shiftapp.services.passwords import hash_password
    from tests.e2e.conftest import DEMO_PASSWORD

    engine = make_engine(database_url)
    with Session(engine) as db:
        # A seeded colleague no other browser test signs in as, reading Italian.
        davide = db.exec(select(Employee).where(Employee.email == "davide.galli@example.com")).one()
        davide.password_hash, davide.language = hash_password(DEMO_PASSWORD), "it"
        db.add(davide)
        notifications.mark_all_read(session=db, actor=davide)
        db.add(
            Notification(recipient_id=davide.id, kind="shift_changed", title="Older message", body="Kept as written")
        )
        notifications.notify(
            db,
            [davide],
            notifications.TIME_OFF_DECIDED,
            "Time off approved",
            Message(
                "{name} approved your {kind} request for {days}.",
                name="Teresa Lombardi",
                kind=Term("vacation"),
                days=DayLabel(date(2027, 3, 15)),
            ),
            "/time-off",
        )
        db.commit()
    engine.dispose()

    sign_in(page, base_url, "davide.galli@example.com")
    expect(page.locator("#inbox-link")).to_have_text("Notifiche (2 da leggere)")
    page.goto(f"{base_url}/inbox")
    item = page.locator(".inbox-item", has_text="Assenza approvata")
    expect(item.locator(".inbox-body")).to_have_text(
        "Teresa Lombardi ha approvato la tua richiesta (ferie) per lun 15 mar 2027."
    )
    expect(item.locator(".inbox-state")).to_have_text("Da leggere")
    older = page.locator(".inbox-item", has_text="Older message")
    expect(older.locator(".inbox-body")).to_have_text("Kept as written")
    item.get_by_role("button", name="Segna come letta: Assenza approvata").click()
    expect(item.locator(".inbox-state")).to_have_text("Letta")
