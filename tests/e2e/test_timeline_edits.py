"""Editing on the schedule's time axis, in Chromium: a planner adds a shift with the keyboard's Add
shift button and by double-clicking an empty cell, edits its role, copies it, selects shifts with
Ctrl-click and moves them together, deletes one after its confirmation, and reviews what Publish will
publish before it writes. Each goes through the rule preview first. Staff get none of these controls.
The dialogs are scanned with axe while open."""

from __future__ import annotations

import re
from datetime import timedelta

from playwright.sync_api import Page, expect

from tests.e2e.conftest import date_in_field
from tests.e2e.test_accessibility import SETTLED_JS, assert_accessible
from tests.e2e.test_timeline import _open_schedule

SHOTS = "/tmp"


def _week_with_room(page: Page) -> None:
    """A week five ahead: past the demo's planned days, so added shifts have room."""
    for _ in range(5):
        page.click("#next-period")
    expect(page.locator("#timeline-window")).to_contain_text("Week")
    page.evaluate(SETTLED_JS, [300, 4000])


def _confirm(page: Page, toast: str) -> None:
    expect(page.locator("#move-summary")).to_be_visible()
    page.locator("#confirm-move").click()
    expect(page.get_by_text(toast).first).to_be_visible()
    expect(page.locator("#move-summary")).to_have_count(0)


def _open_row(page: Page, across: float) -> tuple[float, float]:
    """A point on the canvas of the first open-shifts row, `across` of the way along the window."""
    row = page.locator(".axis-group-open").first.bounding_box()
    canvas = page.locator(".rct-scroll").first.bounding_box()
    return canvas["x"] + canvas["width"] * across, row["y"] + row["height"] / 2


def _double_click_open_row(page: Page, across: float) -> None:
    """Double-click the open-shifts row until the Add dialog opens: the page can still be settling
    (a dialog fading out, the details panel growing) when the row's position is read."""
    for _ in range(3):
        expect(page.get_by_role("dialog")).to_have_count(0)
        page.mouse.dblclick(*_open_row(page, across))
        try:
            expect(page.locator("#add-person")).to_be_visible(timeout=3000)
            return
        except AssertionError:
            continue
    raise AssertionError("a double click on the open-shifts row did not open the Add dialog")


def _items_at(page: Page, hours: str, row: str = ""):
    """The items at these hours, on one row when `row` (its id, `p:<employee id>`) is given. An item's
    text gives its own hours followed by a comma ("Mon 11 Jan 09:15–13:45, draft"); a conflict on another
    item may name these hours too ("also Mon 09:15–13:45 on Jan 11"): a full run's other tests leave
    shifts that this one's can overlap."""
    on_row = f"[data-group='{row}']" if row else ""
    return page.locator(f".axis-item{on_row}[aria-label*='{hours}, ']")


def _expect_count(page: Page, hours: str, row: str, count: int) -> None:
    """`count` items at these hours on this row; otherwise an error naming every item that mentions the
    hours, to tell a second write from a shift drawn twice or a conflict's text."""
    try:
        expect(_items_at(page, hours, row)).to_have_count(count)
    except AssertionError:
        drawn = [
            (item.get_attribute("data-item"), item.get_attribute("data-group"), item.get_attribute("aria-label"))
            for item in page.locator(f".axis-item[aria-label*='{hours}']").all()
        ]
        raise AssertionError(f"expected {count} item(s) at {hours} on {row}; items naming the hours: {drawn}") from None


def _shifts_at(page: Page, hours: str) -> set[str]:
    """The shifts drawn at these hours (a shift with a free place is drawn on its open row too)."""
    return {item.get_attribute("data-shift") or "" for item in _items_at(page, hours).all()}


def test_a_planner_adds_edits_copies_moves_together_deletes_and_reviews_publish(page: Page, base_url):
    page.set_viewport_size({"width": 1400, "height": 1000})
    _open_schedule(page, base_url)
    _week_with_room(page)
    anchor = date_in_field(page.locator("#timeline-date"))
    first_day = (anchor - timedelta(days=anchor.weekday())).isoformat()  # the week's Monday

    # Add shift, from the keyboard: the dialog's fields are labelled; nothing is written before the check.
    page.locator("#add-shift").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.evaluate(SETTLED_JS, [300, 4000])
    page.screenshot(path=f"{SHOTS}/h21edit-add-dialog.png")
    assert_accessible(page, "leader-add-shift-dialog")
    page.fill("#add-date", first_day)
    page.fill("#add-start", "09:15")
    page.fill("#add-end", "13:45")
    page.select_option("#add-role", "editor")
    person = page.locator("#add-person option").nth(1)
    name, person_row = person.inner_text(), person.get_attribute("value")
    page.select_option("#add-person", person_row)
    page.click("#preview-add")
    expect(page.locator("#move-summary")).to_contain_text("Add an editor shift on")
    expect(page.locator("#move-summary")).to_contain_text(name)
    expect(_items_at(page, "09:15–13:45")).to_have_count(0)
    page.screenshot(path=f"{SHOTS}/h21edit-add-preview.png")
    _confirm(page, "Shift added")
    # One shift written, on that person's row (the rows are looked up by person: a full run's other
    # tests leave people and shifts of their own on this schedule).
    added = _items_at(page, "09:15–13:45", row=person_row)
    _expect_count(page, "09:15–13:45", person_row, 1)
    assert _shifts_at(page, "09:15–13:45") == {added.get_attribute("data-shift")}

    # Edit it: the role changes through the same check.
    added.click()
    page.click("#open-move")
    expect(page.locator("#move-role")).to_have_value("editor")
    page.evaluate(SETTLED_JS, [300, 4000])
    assert_accessible(page, "leader-edit-dialog")
    page.select_option("#move-role", "senior")
    page.click("#preview-move")
    expect(page.locator("#move-summary")).to_contain_text("a senior shift")
    _confirm(page, "Shift changed")

    # Copy it to the next day.
    _items_at(page, "09:15–13:45", row=person_row).first.click()
    page.click("#open-copy")
    expect(page.get_by_role("dialog")).to_contain_text("Copy this shift")
    expect(page.locator("#add-role")).to_have_value("senior")
    page.click("#preview-add")
    _confirm(page, "Shift added")
    _expect_count(page, "09:15–13:45", person_row, 2)
    assert len(_shifts_at(page, "09:15–13:45")) == 2

    # Double-click an empty cell of the open shifts' row: an open shift from the hour clicked.
    _double_click_open_row(page, 0.93)
    expect(page.locator("#add-person")).to_have_value("open")
    page.fill("#add-start", "05:30")
    page.fill("#add-end", "07:00")
    page.click("#preview-add")
    expect(page.locator("#move-summary")).to_contain_text("an open place")
    _confirm(page, "Shift added")
    expect(_items_at(page, "05:30–07:00")).to_have_count(1)

    # Ctrl-click the two 09:15 shifts; they move a day later together, one preview for both.
    both = _items_at(page, "09:15–13:45", row=person_row)
    page.keyboard.press("Escape")
    both.nth(0).click(modifiers=["Control"])
    both.nth(1).click(modifiers=["Control"])
    expect(page.locator("#group-bar")).to_contain_text("2 shift(s) selected")
    expect(page.locator(".axis-item.is-picked")).to_have_count(2)
    page.click("#open-group")
    page.fill("#group-days", "1")
    page.evaluate(SETTLED_JS, [300, 4000])
    assert_accessible(page, "leader-move-together-dialog")
    page.click("#preview-group")
    expect(page.locator(".group-line")).to_have_count(2)
    page.screenshot(path=f"{SHOTS}/h21edit-group-preview.png")
    page.locator("#confirm-move").click()
    expect(page.get_by_text("2 shift(s) changed").first).to_be_visible()
    expect(page.locator("#group-bar")).to_have_count(0)

    # Delete the open one, after the confirmation says what goes.
    _items_at(page, "05:30–07:00").click()
    page.click("#open-delete")
    expect(page.get_by_role("dialog")).to_contain_text("Delete this shift?")
    expect(page.locator("#confirm-move")).to_have_text("Delete")
    page.screenshot(path=f"{SHOTS}/h21edit-delete-confirm.png")
    _confirm(page, "Shift deleted")
    expect(_items_at(page, "05:30–07:00")).to_have_count(0)

    # Publish shows the range and the counts before it writes.
    page.click("#publish")
    summary = page.locator("#publish-summary")
    expect(summary).to_contain_text(re.compile(r"\d+ draft shift\(s\) of "))
    expect(summary).to_contain_text("already published")
    page.evaluate(SETTLED_JS, [300, 4000])
    page.screenshot(path=f"{SHOTS}/h21edit-publish-review.png")
    assert_accessible(page, "leader-publish-review-dialog")
    anyway = page.locator("#publish-anyway")
    if anyway.count():
        page.get_by_label("Reason to publish anyway").fill("Reviewed with the desk")
        anyway.click()
    else:
        page.click("#confirm-publish")
    expect(page.get_by_text(re.compile(r"Published \d+ shift")).first).to_be_visible()
    expect(_items_at(page, "09:15–13:45").first).to_have_class(re.compile("axis-item-published"))


def test_staff_have_no_editing_controls_and_a_double_click_adds_nothing(page: Page, base_url):
    _open_schedule(page, base_url, "staff@example.com")
    for control in ("#add-shift", "#publish", "#open-copy", "#open-delete", "#toggle-pick"):
        expect(page.locator(control)).to_have_count(0)
    page.mouse.dblclick(*_open_row(page, 0.5))
    page.wait_for_timeout(500)
    expect(page.locator("#add-date")).to_have_count(0)
