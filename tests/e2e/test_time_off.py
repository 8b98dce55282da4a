"""Time off in the browser: staff ask, their team leader approves on the page, staff see "approved"."""

from __future__ import annotations

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import sign_in


def test_staff_request_is_approved_by_the_team_leader_and_shows_approved(page: Page, browser: Browser, base_url):
    start = date.today() + timedelta(days=75)
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/time-off")
    expect(page.locator("#pending-time-off-section")).to_have_count(0)  # staff decide on nobody's leave
    page.get_by_label("First day").fill(start.isoformat())
    page.get_by_label("Last day").fill((start + timedelta(days=2)).isoformat())
    page.get_by_label("Kind").select_option("personal")
    page.get_by_label("Note for your team leader (optional)").fill("Moving house")
    page.click("#time-off-submit")
    mine = page.locator(".my-time-off-row", has_text=start.isoformat())
    expect(mine.locator(".time-off-status")).to_have_text("Requested")

    leader_context = browser.new_context()
    leader = leader_context.new_page()
    sign_in(leader, base_url, "teamlead@example.com")
    leader.goto(f"{base_url}/time-off")
    row = leader.locator(".pending-time-off-row", has_text="Sofia Romano").filter(has_text=start.isoformat())
    expect(row).to_be_visible()
    expect(row.locator(".time-off-conflicts")).to_contain_text(re.compile(r"\d+ new conflict"))
    row.get_by_role("button", name="Approve time off of Sofia Romano").click()
    expect(row).to_have_count(0)
    leader.screenshot(path="test-results/leader-time-off.png", full_page=True)
    leader_context.close()

    page.reload()
    mine = page.locator(".my-time-off-row", has_text=start.isoformat())
    expect(mine.locator(".time-off-status")).to_have_text("Approved")
    expect(page.locator("#time-off-totals")).to_contain_text(str(start.year))
    page.screenshot(path="test-results/staff-time-off.png", full_page=True)
