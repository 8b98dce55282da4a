"""The timeline: a team leader runs auto-assign, sees and accepts proposals, drags a shift onto a
conflict and sees the preview, then publishes; staff can do none of it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def _drag(page: Page, source, target) -> None:
    source.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + 10, start["y"] + 8)
    page.mouse.down()
    page.mouse.move(start["x"] + 22, start["y"] + 20, steps=4)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=20)
    page.mouse.up()


def test_leader_auto_assigns_accepts_previews_a_conflicting_drag_and_publishes(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/schedule")
    expect(page.locator(".timeline-row").first).to_be_visible()
    # The demo leaves places open from eight days ahead: next week has some unless today is Sunday, the
    # week after always does.
    open_row = page.locator(".timeline-row", has_text="Open shifts")
    page.click("#next-period")
    try:
        expect(open_row.locator(".shift-chip").first).to_be_visible(timeout=5_000)
    except AssertionError:
        page.click("#next-period")
        expect(open_row.locator(".shift-chip").first).to_be_visible()
    page.click("#run-auto-assign")
    expect(page.locator("#job-status")).to_contain_text("succeeded", timeout=60_000)
    proposed = page.locator(".shift-chip.proposed")
    expect(proposed.first).to_be_visible()
    expect(proposed.first.locator(".badge-proposed")).to_have_text("auto")
    page.screenshot(path="test-results/timeline-proposed.png", full_page=True)
    page.click("#accept-all")
    expect(page.locator(".shift-chip.proposed")).to_have_count(0)

    # Drag someone's shift onto a day they already work: the preview lists the conflict.
    rows = page.locator(".timeline-row")
    for i in range(1, rows.count()):
        cells = rows.nth(i).locator("td")
        busy = [c for c in range(1, cells.count()) if cells.nth(c).locator(".shift-chip").count() > 0]
        if len(busy) >= 2:
            _drag(page, cells.nth(busy[0]).locator(".shift-chip").first, cells.nth(busy[1]))
            break
    expect(page.locator("#move-summary")).to_be_visible()
    expect(page.locator(".move-conflict").first).to_be_visible()
    page.screenshot(path="test-results/timeline-move-preview.png", full_page=True)
    page.keyboard.press("Escape")
    expect(page.locator("#move-summary")).to_have_count(0)

    page.click("#publish")
    anyway = page.locator("#publish-anyway")
    page.wait_for_timeout(1500)
    if anyway.count():
        page.locator("input[placeholder='Reason to publish anyway']").fill("Reviewed with the desk")
        anyway.click()
    page.wait_for_timeout(500)
    page.screenshot(path="test-results/timeline-published.png", full_page=True)
    expect(page.get_by_text("Published", exact=False).first).to_be_visible()


def test_staff_sees_the_schedule_but_cannot_change_it(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/schedule")
    expect(page.locator(".timeline-row").first).to_be_visible()
    for control in ("#run-auto-assign", "#publish", "#accept-all"):
        expect(page.locator(control)).to_have_count(0)
    expect(page.locator(".move-later")).to_have_count(0)
