"""The schedule on its time axis, in Chromium with real mouse drags: a team leader runs auto-assign,
accepts the proposals, drags a shift onto a conflict and sees the preview, moves and resizes shifts,
drags an open shift onto a person, does the same with the keyboard, and publishes; staff can do none
of it. Nothing changes before the rule preview is confirmed."""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import sign_in

HOUR_RE = re.compile(r"(\d\d:\d\d)–(\d\d:\d\d)")


def _open_schedule(page: Page, base_url: str, email: str = "leader@example.com") -> None:
    sign_in(page, base_url, email)
    page.goto(f"{base_url}/schedule")
    expect(page.locator(".axis-group").first).to_be_visible()


def _day_view(page: Page) -> None:
    page.locator("#timeline-zoom").get_by_role("radio", name="Day").click()
    expect(page.locator("#timeline-window")).not_to_contain_text("Week")


def _within_the_day(page: Page, room_before: int = 0, room_after: int = 0) -> Locator:
    """A person's shift that starts and ends on the day shown, with room to move it earlier or later."""
    items = _person_items(page)
    expect(items.first).to_be_visible()
    for n in range(items.count()):
        start, end = _hours(items.nth(n))
        if start < end and start >= _later("00:00", room_before) and end <= _later("23:59", -room_after):
            return items.nth(n)
    raise AssertionError("no shift within the day")


def _select(page: Page, item: Locator) -> dict:
    """Click an item (the library drags selected items only) and return its box once selected."""
    item.scroll_into_view_if_needed()
    item.click()
    expect(item).to_have_class(re.compile(r"\bis-selected\b"))
    expect(page.locator("#selected-shift")).to_be_visible()
    return item.bounding_box()


def _drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 8, start[1] + 2, steps=3)
    page.mouse.move(*end, steps=20)
    page.mouse.up()


def _drag_changes_nothing(page: Page, item: Locator) -> None:
    """Drag the item along its row: no preview comes, and the item stays as it was."""
    box = item.bounding_box()
    before = item.get_attribute("aria-label")
    _drag(page, (box["x"] + 5, box["y"] + box["height"] / 2), (box["x"] + 200, box["y"] + box["height"] / 2))
    page.wait_for_timeout(500)
    expect(page.locator("#move-summary")).to_have_count(0)
    assert item.get_attribute("aria-label") == before


def _confirm(page: Page) -> None:
    """Confirm the previewed change, forcing it when the preview lists hard conflicts."""
    expect(page.locator("#move-summary")).to_be_visible()
    page.locator("#confirm-move").click()
    expect(page.get_by_text(re.compile(r"Shift changed"))).to_be_visible()
    expect(page.locator("#move-summary")).to_have_count(0)


def _person_items(page: Page) -> Locator:
    return page.locator(".axis-item[data-group^='p:']")


def _hours(item: Locator) -> tuple[str, str]:
    found = HOUR_RE.search(item.get_attribute("aria-label") or "")
    assert found, item.get_attribute("aria-label")
    return found.group(1), found.group(2)


def _pixels_per_hour(item: Locator) -> float:
    """The axis's scale, read off an item drawn to its length."""
    start, end = _hours(item)
    minutes = (int(end[:2]) * 60 + int(end[3:])) - (int(start[:2]) * 60 + int(start[3:]))
    return item.bounding_box()["width"] * 60 / minutes


def _later(hhmm: str, minutes: int) -> str:
    h, m = map(int, hhmm.split(":"))
    total = (h * 60 + m + minutes) % (24 * 60)
    return f"{total // 60:02d}:{total % 60:02d}"


def test_leader_auto_assigns_accepts_previews_a_conflicting_drag_and_publishes(page: Page, base_url):
    _open_schedule(page, base_url)
    # The demo leaves places open from eight days ahead: next week has some unless today is Sunday, the
    # week after always does.
    open_items = page.locator(".axis-item[data-group^='open:']")
    page.click("#next-period")
    try:
        expect(open_items.first).to_be_visible(timeout=5_000)
    except AssertionError:
        page.click("#next-period")
        expect(open_items.first).to_be_visible()
    page.click("#run-auto-assign")
    expect(page.locator("#job-status")).to_contain_text("succeeded", timeout=60_000)
    proposed = page.locator(".axis-item-proposed")
    expect(proposed.first).to_be_visible()
    expect(proposed.first).to_have_attribute("aria-label", re.compile("proposed by auto"))
    page.screenshot(path="test-results/timeline-proposed.png", full_page=True)
    page.click("#accept-all")
    expect(page.locator(".axis-item-proposed")).to_have_count(0)

    # Drag someone's shift onto another of their shifts: the preview lists the double booking, by name.
    by_person: dict[str, list[Locator]] = {}
    items = _person_items(page)
    for n in range(items.count()):
        item = items.nth(n)
        by_person.setdefault(item.get_attribute("data-group") or "", []).append(item)
    source, target = next((found[0], found[1]) for found in by_person.values() if len(found) >= 2)
    target_box = target.bounding_box()
    before = source.get_attribute("aria-label") or ""
    box = _select(page, source)
    _drag(
        page,
        (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2),
        (target_box["x"] + box["width"] / 2, target_box["y"] + target_box["height"] / 2),
    )
    expect(page.locator("#move-summary")).to_be_visible()
    expect(page.locator(".move-conflict").first).to_contain_text("Double Booking")
    expect(page.locator("#confirm-move")).to_have_text("Change anyway")
    page.screenshot(path="test-results/timeline-move-preview.png", full_page=True)
    page.keyboard.press("Escape")
    expect(page.locator("#move-summary")).to_have_count(0)
    expect(source).to_have_attribute("aria-label", before)  # still where it was: nothing was written

    page.click("#publish")  # first a review of what will be published
    expect(page.locator("#publish-summary")).to_be_visible()
    anyway = page.locator("#publish-anyway")
    if anyway.count():
        page.locator("input[placeholder='Reason to publish anyway']").fill("Reviewed with the desk")
        anyway.click()
    else:
        page.click("#confirm-publish")
    expect(page.get_by_text("Published", exact=False).first).to_be_visible()
    expect(page.locator(".axis-item-published").first).to_be_visible()
    page.screenshot(path="test-results/timeline-published.png", full_page=True)


def test_dragging_a_shift_along_the_axis_previews_then_moves_it(page: Page, base_url):
    _open_schedule(page, base_url)
    _day_view(page)
    item = _within_the_day(page, room_after=120)
    item_id = item.get_attribute("data-item")
    start, end = _hours(item)
    hour = _pixels_per_hour(item)
    box = _select(page, item)
    before = page.locator(f".axis-item[data-item='{item_id}']").get_attribute("aria-label")
    # Grab the middle: the ends of a selected shift are its resize handles.
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    _drag(page, middle, (middle[0] + 2 * hour, middle[1]))
    expect(page.locator("#move-summary")).to_contain_text(f"{_later(start, 120)}–{_later(end, 120)}")
    # Nothing is written before the confirmation.
    assert page.locator(f".axis-item[data-item='{item_id}']").get_attribute("aria-label") == before
    _confirm(page)
    moved = page.locator(f".axis-item[data-item='{item_id}']")
    expect(moved).to_have_attribute("aria-label", re.compile(f"{_later(start, 120)}–{_later(end, 120)}"))


def test_resizing_a_shift_changes_its_end_after_the_preview(page: Page, base_url):
    _open_schedule(page, base_url)
    _day_view(page)
    item = _within_the_day(page, room_after=120)
    item_id = item.get_attribute("data-item")
    start, end = _hours(item)
    _select(page, item)
    handle = item.locator(".rct-item-handler-resize-right")
    expect(handle).to_be_visible()
    handle_box = handle.bounding_box()
    hour = _pixels_per_hour(item)
    grip = (handle_box["x"] + handle_box["width"] / 2, handle_box["y"] + handle_box["height"] / 2)
    _drag(page, grip, (grip[0] + 2 * hour, grip[1]))
    # The new end is where the library let go of the handle (snapped to a quarter hour); the start stays.
    expect(page.locator("#move-summary")).to_contain_text("to ")
    summary = page.locator("#move-summary").inner_text()
    new_start, new_end = HOUR_RE.findall(summary)[-1]
    assert new_start == start and end < new_end <= _later(end, 120), summary
    _confirm(page)
    expect(page.locator(f".axis-item[data-item='{item_id}']")).to_have_attribute(
        "aria-label", re.compile(f"{start}–{new_end}")
    )


def test_dragging_an_open_shift_onto_a_person_assigns_them(page: Page, base_url):
    _open_schedule(page, base_url)
    open_items = page.locator(".axis-item[data-group^='open:']")
    for _ in range(3):
        page.click("#next-period")
        try:
            expect(open_items.first).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            continue
    item = open_items.first
    shift_id = item.get_attribute("data-shift")
    box = _select(page, item)
    person = page.locator(".axis-group-person").first
    person_id = person.get_attribute("data-group")
    row = person.bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    _drag(page, middle, (middle[0], row["y"] + row["height"] / 2))
    expect(page.locator("#move-summary")).to_contain_text(re.compile(r"assign .+ to the open", re.IGNORECASE))
    _confirm(page)
    expect(page.locator(f".axis-item[data-shift='{shift_id}'][data-group='{person_id}']")).to_have_count(1)


def test_a_keyboard_user_moves_and_reassigns_a_shift(page: Page, base_url):
    _open_schedule(page, base_url)
    item = _person_items(page).first
    item_id = item.get_attribute("data-item")
    day_before = item.get_attribute("aria-label")
    item.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#selected-shift")).to_be_focused()
    # Tab to "a day later" and press it: the same preview as a drag.
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.classList.contains('move-later')"):
            break
    page.keyboard.press("Enter")
    expect(page.locator("#move-summary")).to_contain_text("Move ")
    for _ in range(4):
        if page.evaluate("document.activeElement?.id") == "confirm-move":
            break
        page.keyboard.press("Tab")
    expect(page.locator("#confirm-move")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Shift changed")).first).to_be_visible()
    expect(page.locator(f".axis-item[data-item='{item_id}']")).not_to_have_attribute("aria-label", day_before)

    # The Move… dialog gives the shift to someone else, by keyboard alone.
    moved = page.locator(f".axis-item[data-item='{item_id}']")
    moved.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#selected-shift")).to_be_focused()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.id") == "open-move":
            break
    page.keyboard.press("Enter")
    expect(page.locator("#move-person")).to_be_visible()
    page.locator("#move-person").focus()
    page.keyboard.press("Home")  # the first row: the bureau's open shifts
    expect(page.locator("#move-person")).to_have_value(re.compile(r"^open:"))
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement?.id") == "preview-move":
            break
    expect(page.locator("#preview-move")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#move-summary")).to_contain_text("the place stays open")
    page.locator("#confirm-move").focus()
    page.keyboard.press("Enter")
    expect(page.locator(f".axis-item[data-item='{item_id}']")).to_have_count(0)  # the place is open again


def test_staff_sees_the_schedule_but_cannot_change_it(page: Page, base_url):
    _open_schedule(page, base_url, "staff@example.com")
    for control in ("#run-auto-assign", "#publish", "#accept-all", "#open-move", "#add-shift"):
        expect(page.locator(control)).to_have_count(0)
    item = page.locator(".axis-item").first
    item.click()
    expect(page.locator("#selected-shift")).to_be_visible()
    expect(page.locator(".move-later")).to_have_count(0)
    page.locator("#selected-panel").get_by_role("button", name="Close").click()
    expect(page.locator("#selected-shift")).to_have_count(0)
    expect(item).not_to_have_class(re.compile(r"\bis-selected\b"))
    item.click()
    _drag_changes_nothing(page, item)

    # Several bureaus at once: each brings its open-shifts row and its people, under their headings.
    expect(page.locator(".axis-group-open")).to_have_count(1)
    page.click("#bureau-picker")
    # Staff's own bureau is Rome; Milan added by name (other browser tests may have added bureaus).
    milan = page.get_by_role("checkbox", name="Milan", exact=True)
    expect(milan).to_have_attribute("data-state", "unchecked")
    milan.click()
    expect(page.locator(".axis-group-open")).to_have_count(2)
    expect(page.locator(".axis-heading", has_text="Milan")).not_to_have_count(0)
    expect(page.locator(".axis-heading", has_text="Rome")).not_to_have_count(0)


def test_a_team_leader_sees_another_bureaus_shifts_read_only(page: Page, base_url):
    """Teresa leads Rome: with Milan shown beside it, Milan's shifts say they are read only, carry the lock
    mark, offer no changes and do not move when dragged; Rome's still do."""
    _open_schedule(page, base_url, "teamlead@example.com")
    page.click("#bureau-picker")
    page.get_by_role("checkbox", name="Milan", exact=True).click()
    page.keyboard.press("Escape")
    expect(page.locator(".axis-heading", has_text="Milan")).not_to_have_count(0)
    locked = page.locator(".axis-item.axis-item-readonly")
    expect(locked.first).to_be_visible()
    expect(locked.first).to_have_attribute("aria-label", re.compile("read only"))
    expect(locked.first.locator(".axis-readonly svg")).to_have_count(1)
    expect(page.locator("#timeline-legend")).to_contain_text("read only: another bureau's shift")
    item = locked.first
    item.scroll_into_view_if_needed()
    item.click()
    expect(page.locator("#selected-shift")).to_contain_text("read only")
    expect(page.locator("#open-move")).to_have_count(0)
    page.screenshot(path="test-results/timeline-read-only.png", full_page=True)
    _drag_changes_nothing(page, item)
    # Rome's own shifts are the team leader's to change.
    own = page.locator(".axis-item[data-group^='p:']:not(.axis-item-readonly):not(.axis-item-cancelled)").first
    own.scroll_into_view_if_needed()
    own.click()
    expect(page.locator("#open-move")).to_be_visible()
