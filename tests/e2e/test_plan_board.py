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


def _unit(page: Page, plate: str):
    # By the column's own title: its cards' "Move to unit…" lists name every other unit too.
    return page.locator(f'.unit-column[data-unit^="{plate} "]')


def _assign(page: Page, number: str, unit_title: str) -> None:
    """The waiting order's "Assign to a unit…" button, the unit picked in its dialog, then Assign."""
    page.get_by_role("button", name=f"Assign {number} to a unit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Assign to").select_option(label=unit_title)
    dialog.get_by_role("button", name="Assign", exact=True).click()
    expect(dialog).to_have_count(0)


def _open_demo_board(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/plans")
    page.locator(".plan-link", has_text="Next week's deliveries").click()
    expect(page.locator("#board-plan-name")).to_have_text("Next week's deliveries")


def test_drag_that_overloads_a_unit_is_refused_with_the_reason(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    heavy = page.locator(".order-card", has_text="SO-12078")  # 9,490 kg; a truck carries 8,000
    truck = page.locator('.unit-column[data-unit*="· truck"]').first
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
    truck = _unit(page, "TR202GP")
    _drag(page, light, truck)
    expect(truck.locator(".order-card")).to_have_count(1)
    expect(truck.locator(".capacity-bar")).to_have_count(1)
    expect(page.locator("#unassigned-panel .order-card", has_text="SO-12050")).to_have_count(0)


def test_an_order_is_assigned_and_unassigned_without_dragging(page: Page, base_url):
    """The single-pointer and keyboard way (WCAG 2.5.7): the unit picked in the order's own dialog, and
    Unassign reached by focus and Enter. Leaves SO-12050 on the truck, as the drag test does."""
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    truck = _unit(page, "TR202GP")
    on_truck = truck.locator(".order-card", has_text="SO-12050")  # 100 kg, Midrand
    waiting = page.locator("#unassigned-panel .order-card", has_text="SO-12050")
    unassign = page.get_by_role("button", name="Unassign SO-12050")
    if on_truck.count():  # the drag test put it there
        unassign.focus()
        page.keyboard.press("Enter")
    expect(waiting).to_have_count(1)

    # Picking the unit changes nothing (WCAG 3.2.2): the order goes on the dialog's Assign, by keyboard.
    page.get_by_role("button", name="Assign SO-12050 to a unit").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text("It is waiting for a unit")
    confirm = dialog.get_by_role("button", name="Assign", exact=True)
    expect(confirm).to_be_disabled()
    dialog.get_by_label("Assign to").select_option(label=truck.get_attribute("data-unit"))
    expect(confirm).to_be_enabled()
    expect(waiting).to_have_count(1)
    expect(on_truck).to_have_count(0)
    confirm.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    expect(on_truck).to_have_count(1)
    expect(waiting).to_have_count(0)

    unassign.focus()
    page.keyboard.press("Enter")
    expect(on_truck).to_have_count(0)
    expect(waiting).to_have_count(1)
    _assign(page, "SO-12050", truck.get_attribute("data-unit"))
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
    truck = _unit(page, "TR203GP")
    expect(truck.locator(".order-card")).to_have_count(0)
    _drag(page, lightest, truck)
    expect(truck.locator(".order-card", has_text=number)).to_have_count(1)
    expect(shown).to_contain_text(f"of {matching - 1} matching")
    expect(heading).to_have_text(f"Unassigned orders ({total - 1})")
    page.fill("#unassigned-search", "")
    expect(shown).to_have_text(f"Showing {UNASSIGNED_STEP} of {total - 1}")


def _card(column, number: str):
    return column.locator(".order-card", has_text=number)


def test_an_order_moves_between_units_by_drag_and_by_its_own_list(page: Page, base_url):
    """One drag from unit to unit (one move, not an unassign and an assign), then back by keyboard with
    the card's "Move to unit…" list; each time the live region says what happened. Leaves SO-12050
    on TR202GP, where the tests above put it."""
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    home = _unit(page, "TR202GP")
    other = _unit(page, "TR201GP")
    home_title, other_title = home.get_attribute("data-unit"), other.get_attribute("data-unit")
    if _card(home, "SO-12050").count() == 0:  # run on its own: put it there first
        _assign(page, "SO-12050", home_title)
        expect(_card(home, "SO-12050")).to_have_count(1)
    status = page.get_by_role("status").filter(has_text="SO-12050")
    _drag(page, _card(home, "SO-12050"), other)
    expect(_card(other, "SO-12050")).to_have_count(1)
    expect(_card(home, "SO-12050")).to_have_count(0)
    expect(status).to_have_text(f"Order SO-12050 moved to {other_title}")
    expect(page.locator("#board-refusal")).to_have_count(0)
    page.screenshot(path="/tmp/h21loads-moved.png", full_page=True)

    move = page.get_by_role("button", name="Move SO-12050 to another unit")
    move.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"It is on {other_title}")
    target = dialog.get_by_label("Move to")
    # Its list offers every unit but the one the order is on.
    assert other_title not in target.locator("option").all_inner_texts()
    assert home_title in target.locator("option").all_inner_texts()
    page.screenshot(path="/tmp/h21loads-move-dialog.png", full_page=True)
    target.select_option(label=home_title)
    expect(_card(other, "SO-12050")).to_have_count(1)  # nothing moves until Move
    dialog.get_by_role("button", name="Move", exact=True).click()
    expect(dialog).to_have_count(0)
    expect(_card(home, "SO-12050")).to_have_count(1)
    expect(_card(other, "SO-12050")).to_have_count(0)
    expect(status).to_have_text(f"Order SO-12050 moved to {home_title}")


def test_a_move_the_rules_refuse_is_explained_with_the_units_name(page: Page, base_url):
    """The horse's trailer takes SO-12078 (9,490 kg); moving it on to a truck (8,000 kg) is refused in
    words that name the truck, and the order stays on the horse. SO-12078 goes back to waiting."""
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    horse = page.locator('.unit-column[data-unit*="· horse"]')
    truck = _unit(page, "TR201GP")
    _assign(page, "SO-12078", horse.get_attribute("data-unit"))
    expect(_card(horse, "SO-12078")).to_have_count(1)
    # From the keyboard's Move dialog (the drag path is the test above; the horse and the first truck are
    # too far apart on the board to be both in view for a mouse drag).
    page.get_by_role("button", name="Move SO-12078 to another unit").click()
    page.get_by_role("dialog").get_by_label("Move to").select_option(label=truck.get_attribute("data-unit"))
    page.get_by_role("dialog").get_by_role("button", name="Move", exact=True).click()
    refusal = page.locator("#board-refusal")
    expect(refusal).to_contain_text("SO-12078")
    expect(refusal).to_contain_text("TR201GP (truck)")
    expect(refusal).to_contain_text("unit_capacity")
    expect(_card(horse, "SO-12078")).to_have_count(1)
    expect(_card(truck, "SO-12078")).to_have_count(0)
    page.screenshot(path="/tmp/h21loads-move-refused.png", full_page=True)
    page.get_by_role("button", name="Unassign SO-12078").click()
    expect(page.locator("#unassigned-panel .order-card", has_text="SO-12078")).to_have_count(1)


def test_a_unit_is_removed_after_a_confirmation_and_its_orders_wait_again(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    _open_demo_board(page, base_url)
    home = _unit(page, "TR202GP")
    # A unit of the test's own: the Midrand bakkie joins the plan and takes SO-12050 from its truck.
    page.click("#add-unit")
    page.get_by_role("option", name=re.compile("BA206GP")).click()
    bakkie = _unit(page, "BA206GP")
    expect(bakkie).to_have_count(1)
    page.get_by_role("button", name="Move SO-12050 to another unit").click()
    page.get_by_role("dialog").get_by_label("Move to").select_option(label=bakkie.get_attribute("data-unit"))
    page.get_by_role("dialog").get_by_role("button", name="Move", exact=True).click()
    expect(_card(bakkie, "SO-12050")).to_have_count(1)

    remove = bakkie.get_by_role("button", name=re.compile("^Remove unit "))
    remove.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Its order goes back to the unassigned list.")
    page.screenshot(path="/tmp/h21loads-remove-dialog.png", full_page=True)
    dialog.get_by_role("button", name="Keep the unit").click()
    expect(dialog).to_have_count(0)
    expect(_card(bakkie, "SO-12050")).to_have_count(1)

    remove.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Remove unit", exact=True).click()
    expect(bakkie).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="BA206GP")).to_have_text(
        re.compile(r"BA206GP · bakkie removed; its order is unassigned again")
    )
    waiting = page.locator("#unassigned-panel .order-card", has_text="SO-12050")
    expect(waiting).to_have_count(1)
    _assign(page, "SO-12050", home.get_attribute("data-unit"))
    expect(_card(home, "SO-12050")).to_have_count(1)


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


def test_the_loads_table_filters_collapses_and_names_unit_and_plan(page: Page, base_url):
    """After the auto-assign above: the loads page's table, its filters (the server filters), a route
    collapsed and expanded from the keyboard, pages of 100."""
    sign_in(page, base_url, "leader@example.com")
    # One order back to waiting, from the board, to be found under "Unassigned" below.
    _open_demo_board(page, base_url)
    unassign = page.locator(".unit-column .unassign-order").first
    number = unassign.get_attribute("aria-label").removeprefix("Unassign ")
    unassign.click()
    expect(page.get_by_role("status").filter(has_text=number)).to_have_text(f"Order {number} is unassigned again")
    page.goto(f"{base_url}/loads")
    routes, rows = page.locator(".loads-route"), page.locator(".loads-row")
    expect(routes.first).to_be_visible()
    headers = page.locator("#loads-table thead th").all_inner_texts()
    assert headers == ["Order", "Date", "Customer", "Suburb", "Weight", "Status", "Unit", "Plan"]
    expect(page.locator("#loads-range")).to_contain_text("Orders 1–100 of 200")
    page.click("#loads-next")
    expect(page.locator("#loads-range")).to_contain_text("Orders 101–200 of 200")
    expect(rows).to_have_count(100)

    page.get_by_label("Status", exact=True).select_option("assigned")
    expect(page.locator("#loads-range")).to_contain_text("Orders 1–")
    expect(rows.first).to_be_visible()
    assert set(rows.locator(".loads-plan").all_inner_texts()) == {"Next week's deliveries"}
    assert all(
        re.fullmatch(r"[A-Z]{2}\d{3}GP \(\w+\)(, .+)?", u) for u in rows.locator(".loads-unit").all_inner_texts()
    )

    page.get_by_label("Branch", exact=True).select_option(label="Durban Branch")
    expect(routes.filter(has_text="Midrand Branch")).to_have_count(0)
    expect(routes.first).to_contain_text("Durban Branch")
    page.get_by_label("Route", exact=True).select_option(label="Durban Route B")
    expect(routes).to_have_count(1)
    expect(routes.first).to_contain_text("Durban Route B")
    page.screenshot(path="/tmp/h21loads-loads-filtered.png", full_page=True)
    count = rows.count()
    assert count > 0

    toggle = routes.first.get_by_role("button")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(rows).to_have_count(0)
    toggle.focus()
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(rows).to_have_count(count)

    page.get_by_label("Status", exact=True).select_option("unassigned")
    page.get_by_label("Branch", exact=True).select_option("")
    expect(page.get_by_label("Route", exact=True)).to_have_value("")
    # Every order the filter keeps is one the totals count as unassigned, and none names a unit or plan.
    expect(page.locator("#loads-totals")).to_have_text(re.compile(r"^([1-9]\d*) orders · [\d.]+ kg · \1 unassigned$"))
    waiting = page.locator(f'.loads-row[data-order="{number}"]')
    expect(waiting).to_have_count(1)
    expect(waiting.locator(".loads-unit")).to_have_text("—")
    expect(waiting.locator(".loads-plan")).to_have_text("—")
    assert set(rows.locator(".loads-unit").all_inner_texts()) == {"—"}
    page.screenshot(path="/tmp/h21loads-loads-unassigned.png", full_page=True)


def test_staff_cannot_plan_loads(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    expect(page.locator("#main-nav")).not_to_contain_text("Delivery plans")
    page.goto(f"{base_url}/plans")
    expect(page.locator("#create-plan")).to_have_count(0)
    page.locator(".plan-link").first.click()
    expect(page.locator("#board-plan-name")).to_be_visible()
    expect(page.locator("#auto-assign")).to_have_count(0)
    expect(page.locator(".order-card").first).to_be_visible()
    # Nothing to move, assign or remove with (the handlers refuse staff too: test_every_page_handler).
    for control in (".remove-unit", ".move-order", ".assign-order", ".unassign-order", "#add-unit", "#move-target"):
        expect(page.locator(control)).to_have_count(0)
    page.screenshot(path="/tmp/h21loads-staff-board.png", full_page=True)
