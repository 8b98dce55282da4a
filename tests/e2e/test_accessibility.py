"""Accessibility (WCAG 2.2 AA): axe-core scans every page as each role sees it, in Chromium, and finds no
serious or critical violation of the WCAG 2.0, 2.1 and 2.2 A and AA rules. Staff pages are scanned on a
phone too, and a few states a page only shows after a click (a dialog, the help panel, the phone menu).

Each role keeps one signed-in browser context for all its pages. Every scan's full result (any impact)
lands in test-results/axe/ for reading; only serious and critical ones fail the test. What axe cannot
judge (focus order, whether a name makes sense, a keyboard-only walk through a task) is left to people."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, sign_in

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
RESULTS = Path("test-results/axe")
APP_MODULE = Path(__file__).resolve().parents[2] / "shiftapp" / "shiftapp.py"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
PLAN_BOARD = "/plans/[plan_id]"

# Resolves once nothing on the page has changed for `quiet` ms (the page's data arrives over the
# websocket after the first paint), or after `limit` ms whatever happens.
SETTLED_JS = """
([quiet, limit]) => new Promise((resolve) => {
  let timer;
  const done = () => { observer.disconnect(); clearTimeout(cap); resolve(true); };
  const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(done, quiet); });
  const cap = setTimeout(done, limit);
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  timer = setTimeout(done, quiet);
})
"""


@dataclasses.dataclass(frozen=True)
class Screen:
    path: str
    title: str
    # Shown only once the page's data has loaded ("" where the page has no such element for every role).
    ready: str = ""

    @property
    def slug(self) -> str:
        return self.path.strip("/").replace("/", "-").replace("[", "").replace("]", "") or "home"


SCREENS = {
    s.path: s
    for s in (
        Screen("/", "Dashboard", "#bureau-stats tbody tr"),
        Screen("/my-shifts", "My shifts", "#my-month tbody td"),
        Screen("/schedule", "Schedule", ".axis-group"),
        Screen("/health", "Schedule health", ".conflict-row"),
        Screen("/employees", "Employees", ".employee-row"),
        Screen("/preferences", "My preferences"),
        Screen("/time-off", "Time off"),
        Screen("/open-shifts", "Open shifts"),
        Screen("/swaps", "Swaps"),
        Screen("/schedule/repeat", "Copy & repeat", "#repeat-bureau option"),
        Screen("/team", "Team availability", ".team-row"),
        Screen("/generate", "Generate schedule", "#generate-bureau"),
        Screen("/plans", "Delivery plans", ".plan-link"),
        Screen(PLAN_BOARD, "Plan board", ".order-card"),
        Screen("/loads", "Loads", ".loads-route"),
        Screen("/profile", "My profile"),
        Screen("/inbox", "Inbox"),
    )
}

STAFF = ("/", "/my-shifts", "/schedule", "/health", "/employees", "/preferences", "/time-off", "/open-shifts")
STAFF += ("/swaps", "/profile", "/inbox")
ROLES = {
    "staff": ("staff@example.com", STAFF),
    "team-leader": ("teamlead@example.com", (*STAFF, "/schedule/repeat", "/team", "/generate")),
    "admin": (
        "admin@example.com",
        (*STAFF, "/schedule/repeat", "/team", "/generate", "/plans", "/loads", PLAN_BOARD),
    ),
}
CASES = [(role, path) for role, (_email, paths) in ROLES.items() for path in paths]


def _violations(page: Page, name: str) -> list[dict]:
    """Run axe on the page as it is now; keep the whole result, return the serious and critical violations."""
    response = (
        Axe()
        .run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
        .response
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.json").write_text(json.dumps(response["violations"], indent=2))
    return [v for v in response["violations"] if v["impact"] in BLOCKING]


def _report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"]]
        shown = "; ".join(targets[:5]) + (f"; and {len(targets) - 5} more" if len(targets) > 5 else "")
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{shown}]")
    return "\n".join(lines)


def assert_accessible(page: Page, name: str) -> None:
    violations = _violations(page, name)
    if violations:
        pytest.fail(f"{name}: {len(violations)} serious or critical axe violation(s)\n{_report(violations)}")


def open_screen(page: Page, base_url: str, screen: Screen) -> None:
    if screen.path == PLAN_BOARD:
        page.goto(f"{base_url}/plans")
        page.locator(".plan-link", has_text="Next week's deliveries").click()
        expect(page.locator("#board-plan-name")).to_have_text("Next week's deliveries")
    else:
        page.goto(f"{base_url}{screen.path}")
    expect(page.locator("#page-title")).to_have_text(screen.title)
    page.wait_for_function("() => document.querySelector('#signed-in-name')?.textContent?.trim()")
    if screen.ready:
        page.locator(screen.ready).first.wait_for(state="attached")
    page.evaluate(SETTLED_JS, [400, 8000])


@pytest.fixture(scope="module")
def signed_in(browser: Browser, base_url) -> Iterator:
    """One signed-in page per role (and per screen size), opened on first use and kept for the module."""
    pages: dict[tuple[str, str], Page] = {}

    def get(role: str, size: str = "desktop") -> Page:
        if (role, size) not in pages:
            phone = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
            context = browser.new_context(**(phone if size == "phone" else {"viewport": DESKTOP}))
            page = context.new_page()
            sign_in(page, base_url, ROLES[role][0])
            pages[(role, size)] = page
        return pages[(role, size)]

    yield get
    for page in pages.values():
        page.context.close()


def test_the_scan_covers_every_route_of_the_app():
    routes = set(re.findall(r'route="([^"]+)"', APP_MODULE.read_text()))
    scanned = {path for _email, paths in ROLES.values() for path in paths} | {"/login", "/welcome"}
    assert routes == scanned, f"pages not scanned: {routes - scanned}; no longer routes: {scanned - routes}"


@pytest.mark.parametrize("role", list(ROLES))
def test_the_scan_covers_every_page_in_the_roles_navigation(signed_in, base_url, role):
    page = signed_in(role)
    page.goto(f"{base_url}/")
    expected = set(ROLES[role][1]) - {PLAN_BOARD}
    links = page.locator("#main-nav a")
    expect(links).to_have_count(len(expected))  # the links arrive with the signed-in user
    assert set(links.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == expected


def test_the_sign_in_page(page: Page, base_url):
    page.goto(f"{base_url}/login")
    expect(page.locator("#login-submit")).to_be_visible()
    page.evaluate(SETTLED_JS, [400, 8000])
    assert_accessible(page, "signed-out-login")


def test_the_welcome_page_of_an_invitation(page: Page, base_url):
    """Signed out, with a real invitation link (made through the REST API by an administrator)."""
    import uuid

    import httpx

    with httpx.Client(base_url=base_url, timeout=30) as api:
        token = api.post("/api/auth/login", json={"email": "admin@example.com", "password": DEMO_PASSWORD}).json()
        headers = {"Authorization": f"Bearer {token['token']}"}
        email = f"axe.{uuid.uuid4().hex[:8]}@example.com"
        person = api.post("/api/employees", headers=headers, json={"email": email, "full_name": "Axe Welcome"})
        assert person.status_code == 201, person.text
        invitation = api.post(f"/api/employees/{person.json()['employee']['id']}/invitation", headers=headers)
        assert invitation.status_code == 201, invitation.text
    page.goto(f"{base_url}/welcome?invitation={invitation.json()['invitation']['token']}")
    expect(page.locator("#welcome-password")).to_be_visible()
    page.evaluate(SETTLED_JS, [400, 8000])
    assert_accessible(page, "signed-out-welcome")


@pytest.mark.parametrize(("role", "path"), CASES, ids=[f"{r}-{SCREENS[p].slug}" for r, p in CASES])
def test_every_page_as_each_role(signed_in, base_url, role, path):
    page = signed_in(role)
    screen = SCREENS[path]
    open_screen(page, base_url, screen)
    assert_accessible(page, f"{role}-{screen.slug}")


@pytest.mark.parametrize("path", STAFF, ids=[SCREENS[p].slug for p in STAFF])
def test_every_staff_page_on_a_phone(signed_in, base_url, path):
    page = signed_in("staff", "phone")
    screen = SCREENS[path]
    open_screen(page, base_url, screen)
    assert_accessible(page, f"phone-staff-{screen.slug}")


def test_the_phone_menu_open(signed_in, base_url):
    page = signed_in("staff", "phone")
    open_screen(page, base_url, SCREENS["/"])
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    page.evaluate(SETTLED_JS, [300, 4000])
    try:
        assert_accessible(page, "phone-staff-menu-open")
    finally:
        page.keyboard.press("Escape")


def test_the_help_panel_open(signed_in, base_url):
    page = signed_in("staff")
    open_screen(page, base_url, SCREENS["/my-shifts"])
    page.click("#help-toggle")
    expect(page.locator("#help-panel")).to_be_visible()
    try:
        assert_accessible(page, "staff-help-panel")
    finally:
        page.click("#help-toggle")
        expect(page.locator("#help-panel")).to_have_count(0)


def test_the_new_employee_dialog(signed_in, base_url):
    page = signed_in("admin")
    open_screen(page, base_url, SCREENS["/employees"])
    page.click("#new-employee")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.evaluate(SETTLED_JS, [300, 4000])
    try:
        assert_accessible(page, "admin-new-employee-dialog")
    finally:
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_have_count(0)


def test_the_remove_unit_dialog_and_a_collapsed_route(signed_in, base_url):
    page = signed_in("admin")
    open_screen(page, base_url, SCREENS[PLAN_BOARD])
    page.locator(".remove-unit").first.click()
    expect(page.get_by_role("alertdialog")).to_be_visible()
    page.evaluate(SETTLED_JS, [300, 4000])
    try:
        assert_accessible(page, "admin-remove-unit-dialog")
    finally:
        page.keyboard.press("Escape")
        expect(page.get_by_role("alertdialog")).to_have_count(0)
    open_screen(page, base_url, SCREENS["/loads"])
    toggle = page.locator(".loads-toggle").first
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    page.evaluate(SETTLED_JS, [300, 4000])
    try:
        assert_accessible(page, "admin-loads-collapsed")
    finally:
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
