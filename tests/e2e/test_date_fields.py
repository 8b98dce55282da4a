"""Date and time fields read in the page's language, not the browser's (components/date_field.jsx).

Debian's Chromium here speaks American English: its own date field would show "mm/dd/yyyy" and a 12-hour
clock. An Italian reader gets day/month/year, a calendar in Italian whose weeks start on Monday, and
what they pick or type reaches the request as the date they meant."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from shiftapp.i18n.dates import format_date
from tests.e2e.conftest import DEMO_PASSWORD, sign_in

EMAIL = "elena.greco@example.com"  # a seeded colleague no other browser test signs in as


def _italian_with_password(database_url: str) -> None:
    from shiftapp.db import make_engine
    from shiftapp.models import Employee
    from shiftapp.services.passwords import hash_password

    engine = make_engine(database_url)
    with Session(engine) as db:
        elena = db.exec(select(Employee).where(Employee.email == EMAIL)).one()
        elena.password_hash = hash_password(DEMO_PASSWORD)
        elena.language = "it"
        db.add(elena)
        db.commit()
    engine.dispose()


def test_an_italian_reader_types_and_picks_dates_day_first_in_italian(page: Page, base_url, database_url):
    _italian_with_password(database_url)
    sign_in(page, base_url, EMAIL)
    page.goto(f"{base_url}/time-off")
    first = page.get_by_label("Primo giorno")
    expect(first).to_have_attribute("placeholder", "gg/mm/aaaa")

    # Typed day first: 3 February, not 2 March.
    year = date.today().year + 1
    first.fill(f"3/2/{year}")
    first.blur()
    expect(first).to_have_value(f"03/02/{year}")
    expect(first).not_to_have_attribute("aria-invalid", "true")

    # The calendar opens on that month, in Italian, Monday first; a picked day fills the field.
    page.locator("#time-off-start + .date-field-button").click()
    calendar = page.get_by_role("dialog", name="Scegli una data")
    expect(calendar).to_contain_text(f"febbraio {year}")
    expect(calendar.locator("th").first).to_have_text(re.compile(r"^lu", re.IGNORECASE))
    page.screenshot(path="test-results/date-field-italian.png")
    calendar.get_by_role("button", name=re.compile(rf"^\S+ 10 febbraio {year}")).click()
    expect(calendar).to_have_count(0)
    expect(first).to_have_value(f"10/02/{year}")
    expect(page.locator("#time-off-start + .date-field-button")).to_be_focused()

    # Escape closes the calendar and leaves the date as it was.
    page.locator("#time-off-start + .date-field-button").click()
    expect(calendar).to_be_visible()
    page.keyboard.press("Escape")
    expect(calendar).to_have_count(0)
    expect(first).to_have_value(f"10/02/{year}")

    # A date that does not exist is marked, in words for screen readers and not by colour alone.
    last = page.get_by_label("Ultimo giorno")
    last.fill(f"31/02/{year}")
    last.blur()
    expect(last).to_have_attribute("aria-invalid", "true")
    last.fill(f"12/02/{year}")
    last.blur()
    expect(last).not_to_have_attribute("aria-invalid", "true")

    page.get_by_label("Tipo").select_option("personal")
    page.click("#time-off-submit")
    # The request holds 10-12 February, the days the reader meant.
    start = date(year, 2, 10)
    row = page.locator(".my-time-off-row", has_text=format_date(start, "it"))
    expect(row).to_contain_text(format_date(start + timedelta(days=2), "it"))
    page.screenshot(path="test-results/date-field-submitted.png", full_page=True)


def test_times_are_on_the_24_hour_clock_whatever_the_browser_speaks(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/schedule")
    page.click("#add-shift")
    starts = page.locator("#add-start")
    expect(starts).to_have_attribute("placeholder", "hh:mm")
    starts.fill("0730")
    starts.blur()
    expect(starts).to_have_value("07:30")
    starts.fill("7:5")
    starts.blur()
    expect(starts).to_have_attribute("aria-invalid", "true")
    starts.fill("19.45")
    starts.blur()
    expect(starts).to_have_value("19:45")
    expect(starts).not_to_have_attribute("aria-invalid", "true")
