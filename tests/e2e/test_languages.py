"""Italian and English in the browser: a colleague switches to Italian on the profile; the navigation, the
dashboard and its dates read in Italian, the page says lang="it", axe still finds nothing, and the choice
survives signing out and in. A browser that asks for Italian gets the sign-in page in Italian."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import DEMO_PASSWORD, sign_in
from tests.e2e.test_accessibility import SETTLED_JS, assert_accessible

EMAIL = "marco.rossi@example.com"  # a seeded colleague no other browser test signs in as
ITALIAN_DAY = re.compile(r"^(lun|mar|mer|gio|ven|sab|dom) \d{1,2} (gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic)$")


def _give_password_and_no_language(database_url: str) -> None:
    from shiftapp.db import make_engine
    from shiftapp.models import Employee
    from shiftapp.services.passwords import hash_password

    engine = make_engine(database_url)
    with Session(engine) as db:
        marco = db.exec(select(Employee).where(Employee.email == EMAIL)).one()
        marco.password_hash = hash_password(DEMO_PASSWORD)
        marco.language = None
        db.add(marco)
        db.commit()
    engine.dispose()


def _stored_language(database_url: str) -> str | None:
    from shiftapp.db import make_engine
    from shiftapp.models import Employee

    engine = make_engine(database_url)
    with Session(engine) as db:
        language = db.exec(select(Employee.language).where(Employee.email == EMAIL)).one()
    engine.dispose()
    return language


def _settle(page: Page) -> None:
    page.evaluate(SETTLED_JS, [400, 8000])


def test_a_colleague_switches_to_italian_and_it_stays_after_signing_in_again(page: Page, base_url, database_url):
    _give_password_and_no_language(database_url)
    sign_in(page, base_url, EMAIL)
    nav = page.locator("#main-nav")
    expect(nav).to_contain_text("My shifts")  # an English browser and no choice yet: English

    page.goto(f"{base_url}/profile")
    expect(page.locator("#page-title")).to_have_text("My profile")
    select = page.get_by_label("Language / Lingua")
    expect(select).to_have_value("en")
    select.select_option("it")
    expect(page.locator("#page-title")).to_have_text("Il mio profilo")  # no reload needed
    expect(nav.get_by_role("link", name="I miei turni")).to_be_visible()
    expect(page.locator("#sign-out")).to_have_text("Esci")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    assert _stored_language(database_url) == "it"
    expect(page.get_by_text("Lingua salvata")).to_be_visible()  # the confirmation, in the new language
    # Scanned once the toast has gone: sonner's fading toast is the app's in every language (not this test's).
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=15_000)
    _settle(page)
    page.screenshot(path="/tmp/h21i18n-profile-it.png", full_page=True)
    assert_accessible(page, "italian-profile")

    page.goto(f"{base_url}/")
    expect(page.locator("#page-title")).to_have_text("Bacheca")
    expect(page.locator("#stat-totalEmployees")).to_contain_text("Dipendenti")
    expect(page.get_by_role("heading", name="Prossimi turni (7 giorni)")).to_be_visible()
    expect(page.locator("#inbox-link")).to_contain_text("Notifiche")
    first_date = page.locator("#upcoming-shifts tbody tr td").first
    expect(first_date).to_have_text(ITALIAN_DAY)
    _settle(page)
    page.screenshot(path="/tmp/h21i18n-dashboard-it.png", full_page=True)
    assert_accessible(page, "italian-dashboard")

    page.goto(f"{base_url}/my-shifts")
    expect(page.locator("#page-title")).to_have_text("I miei turni")
    expect(page.locator("#month-title")).to_have_text(
        re.compile(
            r"^(gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre) \d{4}$"
        )
    )
    expect(page.locator("#my-month thead th").first).to_have_text("lun")
    _settle(page)
    page.screenshot(path="/tmp/h21i18n-my-shifts-it.png", full_page=True)

    page.click("#sign-out")
    expect(page).to_have_url(f"{base_url}/login")
    expect(page.locator("h1")).to_have_text("Accedi a shiftapp")  # the sign-in page stays in Italian
    sign_in(page, base_url, EMAIL)
    expect(page.locator("#page-title")).to_have_text("Bacheca")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.locator("#main-nav")).to_contain_text("Le mie preferenze")

    # Back to English: the same select, and the pages follow at once.
    page.goto(f"{base_url}/profile")
    # The page is drawn in English until its state arrives: wait for the reader's language first, or the
    # English title below could be that first drawing rather than the switch.
    expect(page.locator("#page-title")).to_have_text("Il mio profilo")
    expect(page.get_by_label("Language / Lingua")).to_have_value("it")
    page.get_by_label("Language / Lingua").select_option("en")
    expect(page.get_by_text("Language saved")).to_be_visible()
    expect(page.locator("#page-title")).to_have_text("My profile")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert _stored_language(database_url) == "en"


def test_a_browser_that_asks_for_italian_gets_the_sign_in_page_in_italian(browser: Browser, base_url):
    context = browser.new_context(locale="it-IT")
    try:
        page = context.new_page()
        page.goto(f"{base_url}/login")
        expect(page.locator("h1")).to_have_text("Accedi a shiftapp")
        expect(page.locator("#login-submit")).to_have_text("Accedi")
        expect(page.locator("html")).to_have_attribute("lang", "it")
        _settle(page)
        page.screenshot(path="/tmp/h21i18n-login-it.png")
        assert_accessible(page, "italian-sign-in")
    finally:
        context.close()


SARA = "sara.rossi@example.com"  # a seeded colleague no other browser test signs in as


def _make_italian_planner(database_url: str, planner: bool) -> None:
    """Sara plans in Italian for the test (a scheduler and team leader), and is a colleague again after it."""
    from shiftapp.db import make_engine
    from shiftapp.models import Employee
    from shiftapp.services.passwords import hash_password

    engine = make_engine(database_url)
    with Session(engine) as db:
        sara = db.exec(select(Employee).where(Employee.email == SARA)).one()
        sara.password_hash = hash_password(DEMO_PASSWORD)
        sara.access_role = "scheduler" if planner else "staff"
        sara.is_team_leader = planner
        sara.language = "it" if planner else None
        db.add(sara)
        db.commit()
    engine.dispose()


def test_a_planner_reads_schedule_health_and_the_plan_board_in_italian(page: Page, base_url, database_url):
    _make_italian_planner(database_url, planner=True)
    try:
        sign_in(page, base_url, SARA)
        page.goto(f"{base_url}/health")
        expect(page.locator("#page-title")).to_have_text("Stato della programmazione")
        expect(page.locator("#count-high")).to_contain_text("Alta: ")
        expect(page.locator("#health-total")).to_have_text(re.compile(r"^\d+ conflitti$"))
        expect(page.get_by_text("Gravità", exact=True)).to_be_visible()
        first = page.locator(".conflict-row").first
        expect(first.get_by_role("link", name="Apri nel piano turni la settimana di questo conflitto")).to_be_visible()
        # The conflict itself reads in Italian too (the rule engine's message, kept in both languages).
        expect(first).to_contain_text(re.compile(r"turno|Turno|ferie|riposo|mezzo|giro|ordine|cliente|filiale"))
        _settle(page)
        page.screenshot(path="/tmp/h21i18n2-health-it.png", full_page=True)
        assert_accessible(page, "italian-health")

        page.goto(f"{base_url}/plans")
        expect(page.locator("#page-title")).to_have_text("Piani di consegna")
        expect(page.get_by_role("columnheader", name="Non assegnati")).to_be_visible()
        page.locator(".plan-link").first.click()
        expect(page.locator("#page-title")).to_have_text("Tabellone del piano")
        expect(page.locator("#unassigned-total")).to_have_text(re.compile(r"^Ordini non assegnati \(\d+\)$"))
        expect(page.locator("#auto-assign")).to_have_text("Assegnazione automatica")
        expect(page.get_by_role("link", name="Tutti i piani")).to_be_visible()
        _settle(page)
        page.screenshot(path="/tmp/h21i18n2-plan-board-it.png", full_page=True)
        assert_accessible(page, "italian-plan-board")
    finally:
        _make_italian_planner(database_url, planner=False)
