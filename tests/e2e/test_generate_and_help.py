"""Generate schedule, suggest a fix, and the help chat, in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def test_leader_generates_and_saves_a_schedule(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/generate")
    page.click("#generate")
    expect(page.locator("#generate-summary")).to_contain_text("0 hard conflicts", timeout=60_000)
    # Every result says how good it is and what ended the search, in words.
    expect(page.locator("#generate-verdict")).to_contain_text(re.compile("Proven optimal|Stopped by the time limit"))
    expect(page.locator(".preview-chip.generated").first).to_be_visible()
    expect(page.locator("#generate-breakdown")).to_be_visible()
    expect(page.locator("#generate-status")).to_contain_text("succeeded")
    first_week = page.locator("#preview-range").inner_text()
    page.screenshot(path="test-results/generate-preview.png", full_page=True)
    page.click("#preview-next")
    expect(page.locator("#preview-range")).not_to_have_text(first_week)
    expect(page.locator(".preview-chip.generated").first).to_be_visible()
    page.click("#save-generated")
    expect(page.get_by_text("Saved", exact=False).first).to_be_visible()


def test_staff_cannot_generate(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    expect(page.locator("#main-nav")).not_to_contain_text("Generate schedule")
    page.goto(f"{base_url}/generate")
    expect(page.locator("#not-allowed")).to_contain_text("Only team leaders and administrators")
    expect(page.locator("#generate")).to_have_count(0)


def test_suggest_a_fix_for_a_conflict(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/health")
    hard = page.locator(".conflict-row", has_text="Double Booking").first
    if hard.count() == 0:
        hard = page.locator(".conflict-row").first
    hard.locator(".suggest-fix").click()
    expect(page.locator("#fix-recommendation")).to_be_visible()
    page.screenshot(path="test-results/suggest-fix.png", full_page=True)


def test_help_chat_answers_from_the_help_text(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.click("#help-toggle")
    page.fill("#help-question", "How do I set my preferences?")
    page.click("#help-ask")
    expect(page.locator(".help-message").last).to_contain_text("My preferences")
