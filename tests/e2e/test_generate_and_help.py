"""Generate schedule, suggest a fix, and the help chat, in the browser."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.e2e.conftest import date_in_field, sign_in


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


def test_sixteen_weeks_is_refused_on_the_page_naming_the_limit(page: Page, base_url):
    sign_in(page, base_url, "teamlead@example.com")
    page.goto(f"{base_url}/generate")
    start = date_in_field(page.locator("#generate-start"))
    expect(page.locator("#generate-range")).to_contain_text("28 days (4 weeks); up to 93 days at once")
    page.fill("#generate-end", (start + timedelta(weeks=16)).isoformat())
    expect(page.locator("#generate-range")).to_have_text(
        "113 days (16 weeks and 1 day): more than the 93 days generated at once"
    )
    page.click("#generate")
    refusal = page.locator("#generate-refusal")
    expect(refusal).to_contain_text("Not started: at most 93 days (13 weeks and 2 days, about 3 months)")
    expect(refusal).to_contain_text("113 days (16 weeks and 1 day)")
    page.wait_for_timeout(6000)  # the toast fades; the refusal stays on the page
    expect(refusal).to_be_visible()
    expect(page.locator("#generate-status")).to_have_count(0)
    page.screenshot(path="test-results/generate-refused.png", full_page=True)


def test_a_long_range_shows_the_jobs_progress(page: Page, base_url):
    """Twelve weeks: the job's status, message and percentage from the job row while the solver works."""
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/generate")
    start = date_in_field(page.locator("#generate-start")) + timedelta(weeks=20)
    page.fill("#generate-start", start.isoformat())
    page.fill("#generate-end", (start + timedelta(weeks=12, days=-1)).isoformat())
    expect(page.locator("#generate-range")).to_contain_text("84 days (12 weeks)")
    page.click("#generate")
    status = page.locator("#generate-status")
    expect(status).to_contain_text(re.compile(r"Solver: (queued|running)"), timeout=15_000)
    expect(page.locator("#generate-percent")).to_contain_text(re.compile(r"^\d+ %$"))
    expect(status).to_contain_text(re.compile("Best schedule so far|succeeded"), timeout=60_000)
    page.screenshot(path="test-results/generate-progress.png", full_page=True)
    if page.locator("#stop-generate").count():
        page.click("#stop-generate")
    expect(status).to_contain_text(re.compile("cancelled|succeeded"), timeout=60_000)
    expect(page.locator("#generate-summary")).to_be_visible()


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
    page.fill("#help-question", "How do I swap a shift with a colleague?")
    page.click("#help-ask")
    expect(page.locator(".help-message").last).to_contain_text('"Offer shift"')
    page.fill("#help-question", "How do I create a new shift?")
    page.click("#help-ask")
    answer = page.locator(".help-message").last
    expect(answer).to_contain_text('press "Add shift"')
    expect(answer).to_contain_text('"Check the rules"')
    page.screenshot(path="test-results/help-chat.png", full_page=True)


def test_the_controls_the_help_names_are_on_the_pages(page: Page, base_url):
    """What the help tells a staff member to press, they find: the swap form's button and the month buttons."""
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/swaps")
    expect(page.get_by_role("button", name="Offer shift").or_(page.locator("#swap-no-shifts"))).to_be_visible()
    page.goto(f"{base_url}/my-shifts")
    for name in ("Previous month", "Next month", "This month"):
        expect(page.get_by_role("button", name=name)).to_be_visible()
    page.goto(f"{base_url}/time-off")
    expect(page.get_by_role("button", name="Send request")).to_be_visible()
