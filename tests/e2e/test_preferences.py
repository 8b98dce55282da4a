"""Preferences: staff edit their own (pending again), a team leader confirms and the stats move."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def test_staff_edits_own_preferences_and_sees_pending(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/preferences")
    expect(page.locator("#preferences-save")).to_be_visible()
    page.click("#day-saturday")
    page.fill("#max-shifts", "3")
    page.fill("#notes", "Unavailable: Tuesday")
    page.click("#preferences-save")
    expect(page.locator("#preferences-status-pending")).to_be_visible()
    page.reload()
    expect(page.locator("#max-shifts")).to_have_value("3")
    expect(page.locator("#notes")).to_have_value("Unavailable: Tuesday")
    page.screenshot(path="test-results/staff-preferences.png", full_page=True)


def test_leader_confirms_a_pending_preference_and_stats_change(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/team")
    pending = page.locator("#team-stat-pending")
    expect(pending).not_to_have_text("0")
    before = int(pending.inner_text())
    confirmed_before = int(page.locator("#team-stat-confirmed").inner_text())
    page.locator(".confirm-one").first.click()
    expect(pending).to_have_text(str(before - 1))
    expect(page.locator("#team-stat-confirmed")).to_have_text(str(confirmed_before + 1))
    page.screenshot(path="test-results/leader-team.png", full_page=True)
