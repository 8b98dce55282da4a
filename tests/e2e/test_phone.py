"""The staff pages on a phone (390 × 844): nothing runs off the right edge, the page never scrolls
sideways, each page's main action is on screen and big enough to touch, and the navigation is a menu
behind a button (keyboard operable, Escape closes). On a wide screen the sidebar is the `Main`
navigation landmark. Screenshots of every page land in test-results/phone/."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import time, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import DEMO_PASSWORD

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = Path("test-results/phone")
# Room for rounding: a box's right edge may land a fraction of a pixel past the viewport.
EDGE_SLACK = 1
MIN_TOUCH_TARGET = 24


@dataclasses.dataclass(frozen=True)
class StaffPage:
    path: str
    title: str
    main_action: str  # a selector for what a person comes to the page to do

    @property
    def slug(self) -> str:
        return self.path.strip("/") or "home"


# Every page a staff member uses; a new staff page is one more line here.
STAFF_PAGES = (
    StaffPage("/", "Dashboard", "#all-my-shifts"),
    StaffPage("/my-shifts", "My shifts", "#month-next"),
    StaffPage("/open-shifts", "Open shifts", ".open-shift-claim"),
    StaffPage("/swaps", "Swaps", "#swap-submit"),
    StaffPage("/time-off", "Time off", "#time-off-submit"),
    StaffPage("/preferences", "My preferences", "#preferences-save"),
    StaffPage("/inbox", "Inbox", "#inbox-read-all"),
    StaffPage("/profile", "My profile", "#profile-save"),
)

# Boxes that reach past the viewport's edges (or stick out of a sideways-scrolling container),
# ignoring what is not drawn and the visually hidden helpers kept for screen readers.
OFFENDERS_JS = """
(limit) => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const box = el.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;
    if (box.right > width + limit || box.left < -limit) {
      out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className} right=${Math.round(box.right)}`);
    }
  }
  return out.slice(0, 8);
}
"""


@pytest.fixture(scope="module")
def phone_person(database_url) -> str:
    """A staff member of Rome with a shift today and in three days, a time-off request waiting, a
    long-titled message in the inbox, and a published Rome shift with a free place in 25 days (so the
    open-shifts page has something to claim)."""
    from shiftapp.db import make_engine
    from shiftapp.models import Assignment, Bureau, Employee, Shift, TimeOffRequest
    from shiftapp.services import notifications
    from shiftapp.services.shift_views import planning_today, to_utc

    engine = make_engine(database_url)
    today = planning_today()
    with Session(engine) as db:
        rome = db.exec(select(Bureau).where(Bureau.name == "Rome")).one()
        demo_hash = db.exec(select(Employee.password_hash).where(Employee.email == "staff@example.com")).one()
        person = Employee(
            email=f"phone.{uuid.uuid4().hex[:8]}@example.com",
            full_name="Pia Telefonista-Bartolomei",
            bureau_id=rome.id,
            password_hash=demo_hash,
        )
        db.add(person)
        db.flush()
        for offset in (0, 3, 25):
            start = to_utc(today + timedelta(days=offset), time(9, 0))
            shift = Shift(
                bureau_id=rome.id,
                start_at=start,
                end_at=start + timedelta(hours=6),
                status="published",
                capacity=1,
                shift_type="Morning",
            )
            db.add(shift)
            db.flush()
            if offset < 25:
                db.add(Assignment(shift_id=shift.id, employee_id=person.id, status="confirmed"))
        leave_start = today + timedelta(days=40)
        db.add(
            TimeOffRequest(
                employee_id=person.id,
                start_date=leave_start,
                end_date=leave_start + timedelta(days=4),
                note="Visiting my family in Palermo for my grandmother's ninetieth birthday",
            )
        )
        notifications.notify(
            db,
            [person],
            notifications.TIME_OFF_DECIDED,
            "Your request for time off between Monday and Wednesday was approved by your team leader",
            "Enjoy the break.",
            "/time-off",
        )
        db.commit()
        email = person.email
    engine.dispose()
    return email


def _phone_page(browser: Browser, base_url: str, email: str) -> Page:
    page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(f"{base_url}/login")
    # The sign-in form is usable by its labels (what a screen reader announces), not only by ids.
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_function("() => document.querySelector('#signed-in-name')?.textContent?.trim()")
    return page


@pytest.fixture(scope="module")
def phone(browser: Browser, base_url, phone_person):
    page = _phone_page(browser, base_url, phone_person)
    yield page
    page.close()


@pytest.mark.parametrize("staff_page", STAFF_PAGES, ids=lambda p: p.slug)
def test_each_staff_page_fits_a_phone(phone: Page, base_url, staff_page: StaffPage):
    phone.goto(f"{base_url}{staff_page.path}")
    expect(phone.locator("#page-title")).to_have_text(staff_page.title)
    action = phone.locator(staff_page.main_action).first
    expect(action).to_be_visible()
    phone.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / f"{staff_page.slug}.png"), full_page=True)

    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    main_scroll = phone.evaluate(
        "(() => { const m = document.querySelector('main'); return [m.scrollWidth, m.clientWidth]; })()"
    )
    assert main_scroll[0] <= main_scroll[1], f"the page content scrolls sideways: {main_scroll}"
    assert phone.evaluate(OFFENDERS_JS, EDGE_SLACK) == []
    # On top where it is drawn: not clipped away by a collapsed or scrolled container.
    action.scroll_into_view_if_needed()
    assert action.evaluate(
        "el => { const b = el.getBoundingClientRect();"
        " return el.contains(document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2)); }"
    ), f"{staff_page.main_action} is covered or clipped"
    box = action.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["height"] >= MIN_TOUCH_TARGET and box["width"] >= MIN_TOUCH_TARGET


def test_the_phone_menu_opens_the_navigation_and_escape_closes_it(phone: Page, base_url):
    phone.goto(f"{base_url}/")
    expect(phone.locator("#page-title")).to_have_text("Dashboard")
    navigation = phone.get_by_role("navigation", name="Main")
    menu = phone.get_by_role("button", name="Menu")
    # Under 768 px the sidebar is hidden until the menu opens.
    expect(phone.locator(".app-sidebar")).to_be_hidden()
    expect(navigation).to_have_count(0)
    expect(menu).to_have_attribute("aria-expanded", "false")

    menu.focus()
    phone.keyboard.press("Enter")
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(navigation).to_be_visible()
    expect(navigation.get_by_role("link", name="Dashboard")).to_have_attribute("aria-current", "page")
    expect(navigation.get_by_role("link", name="Time off")).to_have_attribute("aria-current", "false")
    controlled = menu.get_attribute("aria-controls")
    assert controlled and phone.locator(f"[id='{controlled}']").get_by_role("navigation", name="Main").count() == 1
    phone.keyboard.press("Escape")
    expect(navigation).to_have_count(0)
    expect(menu).to_be_focused()
    expect(menu).to_have_attribute("aria-expanded", "false")

    menu.click()
    navigation.get_by_role("link", name="Time off").click()
    expect(phone).to_have_url(f"{base_url}/time-off")
    expect(phone.locator("#page-title")).to_have_text("Time off")
    expect(phone.get_by_label("First day")).to_be_visible()


def test_the_month_lists_my_shifts_as_text_and_moves_by_month(phone: Page, base_url):
    phone.goto(f"{base_url}/my-shifts")
    title = phone.locator("#month-title")
    expect(title).not_to_have_text("")
    this_month = title.inner_text()
    # On a phone the month is a list of the days that have shifts, each shift written out.
    expect(phone.locator("#my-month td:visible").first).to_contain_text("09:00–15:00 Morning, Rome")
    phone.get_by_role("button", name="Next month").click()
    expect(title).not_to_have_text(this_month)
    phone.get_by_role("button", name="Previous month").click()
    expect(title).to_have_text(this_month)


def test_a_wide_screen_has_the_sidebar_as_the_main_navigation(browser: Browser, base_url, phone_person):
    page = browser.new_page(viewport=DESKTOP)
    try:
        page.goto(f"{base_url}/login")
        page.get_by_label("Email").fill(phone_person)
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        navigation = page.get_by_role("navigation", name="Main")
        expect(navigation).to_be_visible()
        expect(navigation.get_by_role("link", name="My shifts")).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        expect(page.get_by_role("main")).to_have_count(1)
        # The first Tab reaches the skip link, which moves focus past the navigation.
        page.keyboard.press("Tab")
        skip = page.get_by_role("link", name="Skip to main content")
        expect(skip).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.get_by_role("main")).to_be_focused()
        # On a wide screen the month is a seven-column calendar.
        navigation.get_by_role("link", name="My shifts").click()
        expect(page.get_by_role("columnheader", name="Mon", exact=True)).to_be_visible()
        expect(page.locator("#my-month tbody tr").first.locator("td")).to_have_count(7)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "desktop-my-shifts.png"), full_page=True)
    finally:
        page.close()
