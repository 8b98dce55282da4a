"""The schedule page in Italian: a manager whose profile says Italian opens /schedule and reads its toolbar,
headings, time axis, dialogs and dates in Italian (week zoom), and axe still finds nothing."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from tests.e2e.conftest import DEMO_PASSWORD, sign_in
from tests.e2e.test_accessibility import SETTLED_JS, assert_accessible

LUCA = "luca.bianchi@example.com"  # a seeded manager and team leader no other browser test signs in as
ITALIAN_WEEK = re.compile(
    r"^Settimana \d{1,2}: (lun) \d{1,2} (gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic) – "
    r"(dom) \d{1,2} (gen|feb|mar|apr|mag|giu|lug|ago|set|ott|nov|dic) \d{4}$"
)
SCREENSHOT = "/tmp/h22sched-schedule-it.png"
EDIT_SCREENSHOT = "/tmp/h22sched-schedule-edit-it.png"


def _speak(database_url: str, language: str | None) -> None:
    """Luca reads the app in `language` (and can sign in with the demo password)."""
    from shiftapp.db import make_engine
    from shiftapp.models import Employee
    from shiftapp.services.passwords import hash_password

    engine = make_engine(database_url)
    with Session(engine) as db:
        luca = db.exec(select(Employee).where(Employee.email == LUCA)).one()
        luca.password_hash = hash_password(DEMO_PASSWORD)
        luca.language = language
        db.add(luca)
        db.commit()
    engine.dispose()


def test_a_manager_reads_the_schedule_in_italian(page: Page, base_url, database_url):
    _speak(database_url, "it")
    try:
        page.set_viewport_size({"width": 1400, "height": 1000})
        sign_in(page, base_url, LUCA)
        page.goto(f"{base_url}/schedule")
        expect(page.locator("#page-title")).to_have_text("Programmazione")
        expect(page).to_have_title("Programmazione · shiftapp")  # the browser tab too
        expect(page.locator(".axis-group").first).to_be_visible()
        page.locator("#timeline-zoom").get_by_role("radio", name="Settimana").click()
        expect(page.locator("#timeline-window")).to_have_text(ITALIAN_WEEK)

        # The toolbar and the legend.
        expect(page.locator("#go-today")).to_have_text("Oggi")
        expect(page.locator("#add-shift")).to_have_text("Aggiungi turno")
        expect(page.locator("#previous-period")).to_have_attribute("aria-label", "Prima")
        expect(page.locator("#timeline-legend")).to_contain_text("✎ bozza · ✓ pubblicato")
        expect(page.locator("#selected-panel")).to_contain_text("Seleziona un turno")

        # The axis: its rows, its own header, the days named in Italian, and the shifts' descriptions.
        expect(page.locator(".axis-group-open").first).to_contain_text("Turni scoperti")
        expect(page.locator(".axis-sidebar-header")).to_have_text("Persone · ore per settimana")
        expect(page.locator(".axis-heading").first).to_have_text(re.compile(r" · (Senior|Corrispondente|Redattore)$"))
        # "lunedì 7 dic" where a day has room for it, "lun 7" where it has less.
        italian_day = re.compile(r"^(lun|mar|mer|gio|ven|sab|dom)[a-zì]* \d{1,2}( [a-z]{3})?$")
        expect(page.locator(".rct-dateHeader").filter(has_text=italian_day).first).to_be_visible()
        person_item = page.locator(".axis-item[data-group^='p:']").first
        expect(person_item).to_have_attribute(
            "aria-label", re.compile(r"(lun|mar|mer|gio|ven|sab|dom) \d{1,2} [a-z]{3} \d\d:\d\d–\d\d:\d\d, ")
        )
        expect(page.locator(".cover-line").first).to_contain_text("posti coperti su")

        # A shift's details and the Edit dialog.
        person_item.click()
        expect(page.locator("#open-move")).to_have_text("Modifica…")
        expect(page.locator("#open-delete")).to_have_text("Elimina…")
        page.locator("#open-move").click()
        expect(page.get_by_role("heading", name="Modifica, sposta o riassegna questo turno")).to_be_visible()
        expect(page.get_by_label("Inizio", exact=True)).to_be_visible()
        expect(page.locator("#preview-move")).to_have_text("Verifica le regole")
        page.screenshot(path=EDIT_SCREENSHOT)
        page.get_by_role("button", name="Annulla").click()

        page.locator("#add-shift").click()
        expect(page.get_by_role("heading", name="Aggiungi un turno")).to_be_visible()
        expect(page.locator("#add-person option").first).to_have_text("Turno scoperto (ancora nessuno)")
        expect(page.locator("#add-role option[value='editor']")).to_have_text("Redattore")
        page.get_by_role("button", name="Annulla").click()
        expect(page.get_by_role("heading", name="Aggiungi un turno")).to_have_count(0)

        page.evaluate(SETTLED_JS, [400, 8000])
        page.screenshot(path=SCREENSHOT, full_page=True)
        assert_accessible(page, "italian-schedule")
    finally:
        _speak(database_url, None)
