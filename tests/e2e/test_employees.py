"""Employees page: search and paging for everyone; create, invite and deactivate (after a confirmation)
for planners; access roles and team leaders for administrators; nobody deactivates themselves; an
invitation link lets the new person choose a password and sign in."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import sign_in


def test_staff_can_search_but_not_edit(page: Page, base_url):
    sign_in(page, base_url, "staff@example.com")
    page.goto(f"{base_url}/employees")
    expect(page.locator(".employee-row")).to_have_count(10)
    expect(page.locator("#employees-paging")).to_contain_text("Page 1 of")
    page.fill("#employee-search", "rossi")
    expect(page.locator(".employee-row")).to_have_count(2)
    expect(page.locator(".edit-employee")).to_have_count(0)
    expect(page.locator(".invite-employee")).to_have_count(0)
    expect(page.locator(".deactivate-employee")).to_have_count(0)
    expect(page.locator("#new-employee")).to_have_count(0)


def _stored_language(database_url: str, email: str) -> str | None:
    from shiftapp.db import make_engine
    from shiftapp.models import Employee

    engine = make_engine(database_url)
    with Session(engine) as db:
        language = db.exec(select(Employee.language).where(Employee.email == email)).one()
    engine.dispose()
    return language


def test_leader_creates_then_deactivates_an_employee_after_confirming(page: Page, base_url, database_url):
    sign_in(page, base_url, "leader@example.com")
    page.goto(f"{base_url}/employees")
    page.click("#new-employee")
    # A scheduler adds staff: the access role and team leader are for administrators, and the form says so.
    expect(page.locator("#employee-access-note")).to_contain_text("only administrators")
    expect(page.locator("#employee-access_role")).to_have_count(0)
    expect(page.locator("#employee-team-leader")).to_have_count(0)
    page.fill("#employee-full_name", "Nora Vitale")
    page.fill("#employee-email", "nora.vitale@example.com")
    page.fill("#employee-title", "Correspondent")
    # Their language starts as the adder's own; Italian makes their invitation and first pages Italian.
    language = page.get_by_label("Their language (invitation, emails and pages until they choose)")
    expect(language).to_have_value("en")
    language.select_option("it")
    page.click("#employee-save")
    expect(page.locator("#employee-save")).to_have_count(0)  # the dialog closed: the save went through
    expect(page.locator("#employee-created-message")).to_have_text("Nora Vitale was added as staff in Milan.")
    assert _stored_language(database_url, "nora.vitale@example.com") == "it"
    expect(page.locator("#invitation-link")).to_have_value(re.compile(r"/welcome\?invitation=[\w-]{40,}$"))
    expect(page.locator("#invitation-note")).to_contain_text("copy the link and send it to nora.vitale@example.com")
    page.fill("#employee-search", "vitale")
    row = page.locator(".employee-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nora Vitale")
    expect(row.locator(".employee-access")).to_contain_text("no password yet")
    row.locator(".deactivate-employee").click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("Deactivate Nora Vitale?")
    page.screenshot(path="test-results/leader-employees-confirm.png", full_page=True)
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(row).to_contain_text("active")
    expect(row).not_to_contain_text("inactive")
    row.locator(".deactivate-employee").click()
    page.click("#confirm-deactivate")
    expect(row).to_contain_text("inactive")
    expect(page.get_by_text("Nora Vitale was deactivated")).to_be_visible()
    page.screenshot(path="test-results/leader-employees.png", full_page=True)


def test_admin_adds_a_team_leader_who_accepts_the_invitation(page: Page, browser: Browser, base_url):
    sign_in(page, base_url, "admin@example.com")
    page.goto(f"{base_url}/employees")
    page.click("#new-employee")
    email = f"tina.{uuid.uuid4().hex[:6]}@example.com"
    page.fill("#employee-full_name", "Tina Guida")
    page.fill("#employee-email", email)
    page.click("#employee-access_role")
    page.get_by_role("option", name="scheduler").click()
    page.click("#employee-team-leader")
    expect(page.locator("#employee-invite")).to_be_checked()
    page.screenshot(path="test-results/admin-new-employee.png", full_page=True)
    page.click("#employee-save")
    expect(page.locator("#employee-created-message")).to_contain_text(
        "Tina Guida was added as scheduler and team leader"
    )
    link = page.locator("#invitation-link").input_value()
    page.screenshot(path="test-results/admin-employee-invited.png", full_page=True)

    # The invited person, in a browser of their own, signed in as nobody.
    context = browser.new_context()
    invited = context.new_page()
    invited.goto(link if link.startswith("http") else f"{base_url}{link}")
    expect(invited.locator("#welcome-title")).to_have_text("Welcome, Tina Guida")
    invited.fill("#welcome-password", "short")
    invited.fill("#welcome-repeat", "short")
    invited.click("#welcome-submit")
    expect(invited.locator("#welcome-error")).to_contain_text("at least 8 characters")
    invited.screenshot(path="test-results/welcome-refused.png", full_page=True)
    invited.fill("#welcome-password", "Lungotevere-42")
    invited.fill("#welcome-repeat", "Lungotevere-42")
    invited.click("#welcome-submit")
    expect(invited.locator("#signed-in-name")).to_have_text("Tina Guida")
    expect(invited.locator("#signed-in-role")).to_have_text("scheduler")
    # The link worked once.
    invited.goto(link if link.startswith("http") else f"{base_url}{link}")
    expect(invited.locator("#invitation-invalid")).to_contain_text("not valid")
    context.close()

    page.fill("#employee-search", email)
    expect(page.locator(".employee-row")).to_have_count(1)
    row = page.locator(".employee-row", has_text=email)
    expect(row.locator(".employee-access")).to_contain_text("team leader")
    expect(row.locator(".employee-access")).not_to_contain_text("no password yet")
    expect(row.locator(".invite-employee")).to_have_count(0)


def test_nobody_can_deactivate_themselves(page: Page, base_url):
    sign_in(page, base_url, "admin@example.com")
    page.goto(f"{base_url}/employees")
    page.fill("#employee-search", "admin@example.com")
    expect(page.locator(".employee-row")).to_have_count(1)
    mine = page.locator(".employee-row", has_text="admin@example.com")
    expect(mine.locator(".edit-employee")).to_be_visible()
    expect(mine.locator(".deactivate-employee")).to_have_count(0)
    # Nor through the edit form: the server refuses, and says why.
    mine.locator(".edit-employee").click()
    page.click("#employee-status")
    page.get_by_role("option", name="inactive").click()
    page.click("#employee-save")
    expect(page.get_by_text("You cannot deactivate your own account")).to_be_visible()
    expect(page.locator("#employee-save")).to_be_visible()  # the dialog stays open with the form
