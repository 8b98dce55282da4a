"""The plan board: a drag that would overload a unit is refused with the reason; auto-assign
previews a diff and commits; capacity bars follow; staff cannot plan."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from shiftapp.state.plans import UNASSIGNED_STEP, UNIT_CARDS
from tests.e2e.conftest import sign_in


def _drag(page: Page, source, target) -> None:
    source.scroll_into_view_if_needed()
    start, end = source.bounding_box(), target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(start["x"] + start["width"] / 2 + 12, start["y"] + start["height"] / 2 + 12, steps=4)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + 80, steps=20)
    page.mouse.up()


def _open_demo_board(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/plans")
    page.locator(".plan-link", has_text="Next week's deliveries").click()
    expect(page.locator("#board-plan-name")).to_have_text("Next week's deliveries")


def test_drag_that_overloads_a_unit_is_refused_with_the_reason(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    heavy = page.locator(".order-card", has_text="SO-12078")  # 9,490 kg; a truck carries 8,000
    truck = page.locator(".unit-column", has_text="truck").first
    expect(heavy).to_be_visible()
    _drag(page, heavy, truck)
    expect(page.locator("#board-refusal")).to_contain_text("unit_capacity")
    expect(page.locator("#board-refusal")).to_contain_text("SO-12078")
    expect(truck.locator(".order-card")).to_have_count(0)
    page.screenshot(path="test-results/board-refused.png", full_page=True)


def test_drag_onto_a_unit_assigns_and_shows_capacity(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    light = page.locator("#unassigned-panel .order-card", has_text="SO-12050")  # 100 kg, Midrand
    truck = page.locator(".unit-column", has_text="TR202GP")
    _drag(page, light, truck)
    expect(truck.locator(".order-card")).to_have_count(1)
    expect(truck.locator(".capacity-bar")).to_have_count(1)
    expect(page.locator("#unassigned-panel .order-card", has_text="SO-12050")).to_have_count(0)


def test_an_order_is_assigned_and_unassigned_without_dragging(page: Page, base_url):
    """The single-pointer and keyboard way (WCAG 2.5.7): the unit picked from the order's own list, and
    Unassign reached by focus and Enter. Leaves SO-12050 on the truck, as the drag test does."""
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    truck = page.locator(".unit-column", has_text="TR202GP")
    on_truck = truck.locator(".order-card", has_text="SO-12050")  # 100 kg, Midrand
    waiting = page.locator("#unassigned-panel .order-card", has_text="SO-12050")
    unassign = page.get_by_role("button", name="Unassign SO-12050")
    if on_truck.count():  # the drag test put it there
        unassign.focus()
        page.keyboard.press("Enter")
    expect(waiting).to_have_count(1)

    page.get_by_label("Assign SO-12050 to a unit").select_option(label=truck.get_attribute("data-unit"))
    expect(on_truck).to_have_count(1)
    expect(waiting).to_have_count(0)

    unassign.focus()
    page.keyboard.press("Enter")
    expect(on_truck).to_have_count(0)
    expect(waiting).to_have_count(1)
    page.get_by_label("Assign SO-12050 to a unit").select_option(label=truck.get_attribute("data-unit"))
    expect(on_truck).to_have_count(1)


def test_the_unassigned_list_shows_its_first_orders_with_the_count_and_a_search_narrows_it(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    heading = page.locator("#unassigned-total")
    expect(heading).to_have_text(re.compile(r"^Unassigned orders \(\d+\)$"))
    total = int(re.search(r"\((\d+)\)", heading.inner_text())[1])
    assert total > UNASSIGNED_STEP  # the demo's week, before auto-assign: more than the first orders drawn
    cards = page.locator("#unassigned-panel .order-card")
    shown = page.locator("#unassigned-shown")
    expect(shown).to_have_text(f"Showing {UNASSIGNED_STEP} of {total}")
    expect(cards).to_have_count(UNASSIGNED_STEP)
    page.click("#unassigned-more")
    expect(cards).to_have_count(min(total, 2 * UNASSIGNED_STEP))
    expect(shown).to_have_text(f"Showing {min(total, 2 * UNASSIGNED_STEP)} of {total}")
    wanted = cards.nth(UNASSIGNED_STEP + 3).get_attribute("data-order")  # one that "Show more" drew
    page.fill("#unassigned-search", wanted.lower())
    expect(cards).to_have_count(1)
    expect(cards.first).to_have_attribute("data-order", wanted)
    expect(shown).to_have_text("Showing 1 of 1 matching")
    expect(heading).to_have_text(f"Unassigned orders ({total})")  # the plan's count, not the search's
    # A search by route; a card it finds is dragged like any other. The lightest of the trucks' own
    # branch (Midrand), onto the truck no earlier test loaded, so that no load rule refuses it.
    page.fill("#unassigned-search", "midrand route")
    expect(shown).not_to_have_text("Showing 1 of 1 matching")
    matching = int(re.search(r"of (\d+) matching", shown.inner_text())[1])
    assert 0 < matching < total
    page.screenshot(path="test-results/board-search.png", full_page=True)
    weights = [
        float(re.match(r"[0-9.]+", w.replace(",", ""))[0])
        for w in cards.locator("text=/^[0-9.,]+\\s*kg$/").all_inner_texts()
    ]
    assert len(weights) == cards.count()
    lightest = cards.nth(weights.index(min(weights)))
    number = lightest.get_attribute("data-order")
    truck = page.locator(".unit-column", has_text="TR203GP")
    expect(truck.locator(".order-card")).to_have_count(0)
    _drag(page, lightest, truck)
    expect(truck.locator(".order-card", has_text=number)).to_have_count(1)
    expect(shown).to_contain_text(f"of {matching - 1} matching")
    expect(heading).to_have_text(f"Unassigned orders ({total - 1})")
    page.fill("#unassigned-search", "")
    expect(shown).to_have_text(f"Showing {UNASSIGNED_STEP} of {total - 1}")


def test_auto_assign_preview_then_commit(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    unassigned_before = page.locator("#unassigned-panel .order-card").count()
    page.click("#auto-assign")
    expect(page.locator("#preview-summary")).to_contain_text("Optimizing planner")
    # Whatever the plan, the preview says in words whether the answer is proven optimal.
    expect(page.locator("#preview-verdict")).to_contain_text(re.compile(r"[Pp]roven optimal"))
    expect(page.locator(".preview-row").first).to_be_visible()
    page.screenshot(path="test-results/board-preview.png", full_page=True)
    page.click("#commit-auto-assign")
    expect(page.locator("#commit-auto-assign")).to_have_count(0)
    expect(page.locator(".capacity-bar").first).to_be_visible()
    assert page.locator("#unassigned-panel .order-card").count() < unassigned_before
    page.screenshot(path="test-results/board-committed.png", full_page=True)
    # Well over ten orders a unit now: each column draws its first ten cards until it is expanded.
    columns = page.locator(".unit-column").all()
    assert all(column.locator(".order-card").count() <= UNIT_CARDS for column in columns)
    column = next(c for c in columns if c.locator(".unit-show-all").count())
    expand = column.locator(".unit-show-all")
    carried = int(re.search(r"\d+", expand.inner_text())[0])
    assert carried > UNIT_CARDS
    expand.click()
    expect(column.locator(".order-card")).to_have_count(carried)
    expect(column.locator(".unit-show-all")).to_have_count(0)


def test_staff_cannot_plan_loads(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    expect(page.locator("#main-nav")).not_to_contain_text("Delivery plans")
    page.goto(f"{base_url}/plans")
    expect(page.locator("#create-plan")).to_have_count(0)
    page.locator(".plan-link").first.click()
    expect(page.locator("#board-plan-name")).to_be_visible()
    expect(page.locator("#auto-assign")).to_have_count(0)
