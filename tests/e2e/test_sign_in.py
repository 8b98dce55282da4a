"""Sign-in, navigation by role, and what staff may not open."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def test_stranger_is_sent_to_sign_in(page: Page, base_url):
    page.goto(f"{base_url}/team")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.locator("#login-submit")).to_be_visible()


def test_wrong_password_shows_a_clear_error(page: Page, base_url):
    page.goto(f"{base_url}/login")
    page.fill("#login-email", "leader@example.com")
    page.fill("#login-password", "not-the-password")
    page.click("#login-submit")
    expect(page.locator("#login-error")).to_contain_text("Invalid email or password")


def test_leader_sees_leader_navigation_and_team_overview(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    nav = page.locator("#main-nav")
    expect(nav).to_contain_text("Team availability")
    expect(page.locator("#signed-in-role")).to_have_text("scheduler")
    expect(page.locator("#team-overview")).to_be_visible()
    page.screenshot(path="test-results/leader-home.png", full_page=True)


def test_staff_navigation_has_no_leader_pages_and_direct_url_is_refused(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    expect(page.locator("#main-nav")).to_contain_text("My preferences")
    expect(page.locator("#main-nav")).not_to_contain_text("Team availability")
    expect(page.locator("#team-overview")).to_have_count(0)
    page.goto(f"{base_url}/team")
    expect(page.locator("#not-allowed")).to_contain_text("Only team leaders and administrators")
    expect(page.locator(".team-row")).to_have_count(0)
    page.screenshot(path="test-results/staff-team-refused.png", full_page=True)


def test_sign_out_ends_the_session(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.click("#sign-out")
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto(f"{base_url}/profile")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_profile_name_change_shows_in_the_shell(page: Page, base_url):
    sign_in(page, base_url, "admin@example.com")
    page.goto(f"{base_url}/profile")
    expect(page.locator("#profile-name")).to_have_value("Ada Ferri")
    page.fill("#profile-name", "Ada Ferri-Longo")
    page.click("#profile-save")
    expect(page.locator("#signed-in-name")).to_have_text("Ada Ferri-Longo")
    page.reload()
    expect(page.locator("#profile-name")).to_have_value("Ada Ferri-Longo")
