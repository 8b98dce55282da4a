"""Schedule health and the dashboard: a leader resolves a conflict; staff can read but not act."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import Page, expect

from tests.e2e.conftest import DEMO_PASSWORD, sign_in


def test_leader_resolves_a_conflict(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/health")
    rows = page.locator(".conflict-row")
    expect(rows.first).to_be_visible()
    expect(rows.first).to_contain_text("hard")  # hard conflicts are listed first
    total_before = page.locator("#health-total").inner_text()
    first_text = rows.first.inner_text().split("\n")[0:3]
    rows.first.locator(".resolve-conflict").click()
    expect(page.locator("#health-total")).not_to_have_text(total_before)
    page.screenshot(path="test-results/leader-health.png", full_page=True)
    assert first_text


def _row_with_choices(page: Page, at_least: int):
    """The first conflict row whose dialog offers at least this many fixes, with the dialog open."""
    rows = page.locator(".conflict-row")
    expect(rows.first).to_be_visible()
    for index in range(rows.count()):
        rows.nth(index).locator(".suggest-fix").click()
        expect(page.get_by_role("dialog")).to_contain_text("Suggested fixes")
        expect(page.locator("#fix-recommendation")).not_to_be_empty()
        if page.locator(".fix-option").count() >= at_least:
            return rows.nth(index)
        page.click("#close-fix")
        expect(page.get_by_role("dialog")).to_have_count(0)
    raise AssertionError(f"no conflict on the first page offers {at_least} fixes")


def test_leader_applies_the_fix_they_pick(page: Page, base_url):
    """Every fix says what it changes and what it leaves; the leader applies the second, not the best."""
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/health")
    total_before = page.locator("#health-total").inner_text()
    _row_with_choices(page, 2)
    options = page.locator(".fix-option")
    expect(options.first).to_contain_text("Recommended")
    for index in range(options.count()):
        expect(options.nth(index).locator(".fix-change")).to_contain_text(re.compile(r"Changes: .+ (→|->) .+"))
        expect(options.nth(index)).to_contain_text(re.compile("Leaves no conflict|Leaves these soft conflicts"))
    picked = options.nth(1).locator(".fix-change").inner_text().removeprefix("Changes: ")
    page.screenshot(path="test-results/leader-fix-choices.png", full_page=True)
    options.nth(1).locator(".apply-fix").click()
    expect(page.get_by_text(f"Fix applied: {picked}")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("#health-total")).not_to_have_text(total_before)


def test_a_stale_fix_is_refused_in_the_dialog(page: Page, base_url):
    """Someone else fixes the conflict while the dialog is open: applying is refused, and the dialog says why."""
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/health")
    _row_with_choices(page, 1)
    change = page.locator(".fix-option").first.locator(".fix-change").inner_text().removeprefix("Changes: ")
    # Meanwhile an administrator, over the API, applies the best fix of the same conflict.
    token = page.request.post(
        f"{base_url}/api/auth/login", data={"email": "admin@example.com", "password": DEMO_PASSWORD}
    ).json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    conflicts = page.request.get(f"{base_url}/api/conflicts?status=unresolved&limit=500", headers=headers).json()
    fixed = False
    for conflict in conflicts["conflicts"]:
        offered = page.request.post(
            f"{base_url}/api/ai/resolve-conflict", headers=headers, data={"conflict_id": conflict["id"]}
        ).json()
        if offered["suggestions"] and offered["suggestions"][0]["change"] == change:
            applied = page.request.post(
                f"{base_url}/api/ai/resolve-conflict",
                headers=headers,
                data={"conflict_id": conflict["id"], "apply": True},
            )
            assert applied.ok, applied.text()
            fixed = True
            break
    assert fixed, "the dialog's conflict was not found over the API"
    page.locator(".fix-option").first.locator(".apply-fix").click()
    expect(page.locator("#fix-error")).to_contain_text("already resolved")
    expect(page.get_by_role("dialog")).to_be_visible()
    page.screenshot(path="test-results/leader-stale-fix.png", full_page=True)


def test_a_conflict_opens_its_week_on_the_schedule(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/health")
    link = page.locator(".open-in-schedule").first
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    match = re.fullmatch(r"/schedule\?bureau=[0-9a-f-]+&week=(\d{4}-\d{2}-\d{2})", href)
    assert match, href
    assert date.fromisoformat(match.group(1)).weekday() == 0  # the Monday of the conflict's week
    link.click()
    expect(page).to_have_url(re.compile(r"/schedule\?bureau="))
    expect(page.locator("#page-title")).to_have_text("Schedule")
    monday = date.fromisoformat(match.group(1))
    expect(page.locator("#timeline-window")).to_contain_text(f"Week {monday.isocalendar().week}: {monday:%a %d %b}")


def test_staff_sees_health_without_actions(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/health")
    expect(page.locator(".conflict-row").first).to_be_visible()
    expect(page.locator(".resolve-conflict")).to_have_count(0)
    expect(page.locator(".dismiss-conflict")).to_have_count(0)
    expect(page.locator(".suggest-fix")).to_have_count(0)
    expect(page.locator(".open-in-schedule").first).to_be_visible()


def test_dashboard_shows_stats_and_conflicts_by_severity(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    # 15 demo employees, plus any other browser test added (a number of two digits or more, 15 at least).
    expect(page.locator("#stat-totalEmployees")).to_contain_text(re.compile(r"Employees\s*(1[5-9]|[2-9]\d|\d{3,})$"))
    expect(page.locator("#conflicts-by-severity")).to_contain_text("High")
    expect(page.locator("#bureau-stats")).to_contain_text("Milan")
    expect(page.locator("#upcoming-shifts")).to_be_visible()
    page.screenshot(path="test-results/leader-dashboard.png", full_page=True)


def test_leader_edits_preferences_with_auto_confirm(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/team")
    row = page.locator(".team-row", has_text="Marco Rossi")
    row.locator(".edit-preferences").click()
    page.fill("textarea", "Covers the Milan desk on Fridays")
    page.click("#save-preferences-edit")
    expect(page.locator("#save-preferences-edit")).to_have_count(0)
    expect(row).to_contain_text("Covers the Milan desk on Fridays")
    expect(row).to_contain_text("confirmed")


def test_leader_reads_notes_into_suggestions_before_saving(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/team")
    row = page.locator(".team-row", has_text="Paolo Ricci")
    row.locator(".edit-preferences").click()
    page.fill("textarea", "Unavailable: Tuesday. Prefers afternoon shifts.")
    page.click("#read-notes")
    expect(page.locator("#note-reading")).to_contain_text("Unavailable Tuesday")
    page.click("#save-preferences-edit")
    expect(row).to_contain_text("Afternoon")
    expect(row).not_to_contain_text("Tue,")
