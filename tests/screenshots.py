"""The README's screenshots: `python -m tests.screenshots` serves the production build on a fresh demo
database with a job worker beside it (as `make run` does: auto-assign runs there), signs in as the team
leader and saves docs/images/timeline.png and docs/images/plan-board.png (the plan board after an
auto-assign, so it shows loaded vehicles). Needs Debian's Chromium."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from tests.support import REPO_ROOT, VENV_BIN, JobWorker, Server, free_port, migrate_and_seed, reflex_env

OUT = REPO_ROOT / "docs" / "images"
VIEWPORT = {"width": 1400, "height": 860}
DEMO_PLAN = "Next week's deliveries"  # the demo's plan in planning, with unassigned orders


def _settle(page, ms: int = 4000) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(ms)


def take(base: str) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--no-sandbox", "--headless", "--disable-gpu"]
        )
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(f"{base}/login")
        page.fill("#login-email", "leader@example.com")
        page.fill("#login-password", "shiftapp-demo")
        page.click("#login-submit")
        page.wait_for_selector("#signed-in-name")
        page.goto(f"{base}/schedule")
        _settle(page)
        page.screenshot(path=str(OUT / "timeline.png"))
        page.goto(f"{base}/plans")
        # The plan's own link in the list, by its name (the first link to a plan may be another plan's).
        page.locator(".plan-link", has_text=DEMO_PLAN).click()
        page.wait_for_function(
            "name => document.querySelector('#board-plan-name')?.textContent?.trim() === name", arg=DEMO_PLAN
        )
        _settle(page, 1000)
        page.locator("#auto-assign").click()
        # The job worker computes the preview; then commit it and wait for the board to show the loads.
        page.wait_for_selector("#commit-auto-assign", timeout=180_000)
        page.locator("#commit-auto-assign").click()
        page.wait_for_selector("#commit-auto-assign", state="detached", timeout=120_000)
        page.wait_for_selector(".capacity-bar")
        _settle(page, 2000)
        page.screenshot(path=str(OUT / "plan-board.png"))
        browser.close()


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="shiftapp-screenshots-"))
    url = f"sqlite:///{tmp / 'shiftapp.db'}"
    migrate_and_seed(url)
    port = free_port()
    env = {
        **os.environ,
        **reflex_env(),
        "DATABASE_URL": url,
        "SHIFTAPP_ALLOWED_ORIGINS": f"http://localhost:{port},http://127.0.0.1:{port}",
    }
    worker = JobWorker(env, tmp / "worker.log")
    try:
        server = Server(
            [str(VENV_BIN / "reflex"), "run", "--env", "prod", "--single-port", "--frontend-port", str(port)],
            env,
            f"http://localhost:{port}",
            "/ping",
            tmp / "reflex.log",
        )
        try:
            server._wait_ready("/login")
            OUT.mkdir(parents=True, exist_ok=True)
            take(server.base_url)
        finally:
            server.stop()
    finally:
        worker.stop()


if __name__ == "__main__":
    main()
