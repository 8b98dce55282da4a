"""Every page is served with the security headers, runs under its Content-Security-Policy without a
single violation, and refuses to be framed."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import sign_in

PAGES = [
    "/",
    "/schedule",
    "/generate",
    "/health",
    "/plans",
    "/loads",
    "/employees",
    "/preferences",
    "/team",
    "/profile",
]


def _csp_violations(messages: list[str]) -> list[str]:
    return [m for m in messages if "Content Security Policy" in m or "Content-Security-Policy" in m]


def test_pages_carry_the_security_headers_and_break_no_policy(page: Page, base_url):
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    response = page.goto(f"{base_url}/login")
    headers = response.headers
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert "script-src 'self'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "strict-transport-security" not in headers  # plain http here; sent only over https
    sign_in(page, base_url, "leader@example.com")
    for path in PAGES:
        response = page.goto(f"{base_url}{path}")
        assert "content-security-policy" in response.headers, path
        expect(page.locator("#signed-in-name")).to_be_visible()
    page.goto(f"{base_url}/schedule")
    expect(page.locator("#signed-in-name")).to_be_visible()
    page.screenshot(path="test-results/schedule-under-csp.png", full_page=True)
    assert _csp_violations(messages) == []


def test_sign_in_page_refuses_to_be_framed(page: Page, base_url):
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.set_content(f'<iframe id="framed" src="{base_url}/login" width="600" height="400"></iframe>')
    page.wait_for_timeout(3000)
    framed = [frame for frame in page.frames if frame.url.startswith(base_url)]
    assert all(frame.locator("#login-email").count() == 0 for frame in framed)
    assert any("frame-ancestors" in m or "Refused to frame" in m or "X-Frame-Options" in m for m in messages)
