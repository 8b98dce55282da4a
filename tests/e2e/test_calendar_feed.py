"""Calendar and exports on the profile page: staff make their calendar address and it serves iCalendar;
they see no bureau exports."""

from __future__ import annotations

import re

import httpx
import icalendar
from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def test_staff_makes_a_calendar_address_that_serves_their_calendar(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/profile")
    expect(page.get_by_role("heading", name="Calendar and exports")).to_be_visible()
    expect(page.locator("#calendar-feed-status")).to_contain_text("no calendar address")
    page.click("#calendar-feed-create")
    address = page.get_by_label("Your address")
    expect(address).to_have_value(re.compile(r"/api/v1/calendar/[A-Za-z0-9_-]{40,}\.ics$"))
    expect(page.locator("#calendar-feed-status")).to_contain_text("is active")
    url = address.input_value()
    response = httpx.get(url, timeout=30)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert "My shifts" in str(calendar["X-WR-CALNAME"]) and calendar.walk("VTIMEZONE")
    # Staff lead no bureau: the bureau exports are not offered (and the services refuse them anyway).
    expect(page.locator("#export-download")).to_have_count(0)
    page.click("#calendar-feed-revoke")
    expect(page.locator("#calendar-feed-status")).to_contain_text("no calendar address")
    assert httpx.get(url, timeout=30).status_code == 404
    page.screenshot(path="test-results/staff-calendar-feed.png", full_page=True)


def test_team_leader_sees_the_bureau_exports(page: Page, base_url):
    sign_in(page, base_url, "teamlead@example.com")
    page.goto(f"{base_url}/profile")
    expect(page.locator("#export-download")).to_be_visible()
    expect(page.get_by_label("Bureau").first).to_be_visible()
    with page.expect_download() as download:
        page.fill("#export-start", "2026-01-05")
        page.fill("#export-end", "2026-01-11")
        page.click("#export-download")
    assert download.value.suggested_filename.endswith(".csv")
