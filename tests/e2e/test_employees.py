"""Employees page: search and paging for everyone; create and deactivate for planners only."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in


def test_staff_can_search_but_not_edit(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/employees")
    expect(page.locator(".employee-row")).to_have_count(10)
    expect(page.locator("#employees-paging")).to_contain_text("Page 1 of 2")
    page.fill("#employee-search", "rossi")
    expect(page.locator(".employee-row")).to_have_count(2)
    expect(page.locator(".edit-employee")).to_have_count(0)
    expect(page.locator("#new-employee")).to_have_count(0)


def test_leader_creates_then_deactivates_an_employee(page: Page, base_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/employees")
    page.click("#new-employee")
    page.fill("#employee-full_name", "Nora Vitale")
    page.fill("#employee-email", "nora.vitale@example.com")
    page.fill("#employee-title", "Correspondent")
    page.click("#employee-save")
    expect(page.locator("#employee-save")).to_have_count(0)  # the dialog closed: the save went through
    page.fill("#employee-search", "vitale")
    row = page.locator(".employee-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nora Vitale")
    row.locator(".deactivate-employee").click()
    expect(row).to_contain_text("inactive")
    page.screenshot(path="test-results/leader-employees.png", full_page=True)
