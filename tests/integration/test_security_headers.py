"""The API's answers carry the security headers too, refusals included; HSTS only over https."""

from __future__ import annotations


def test_api_answers_carry_the_security_headers(client):
    for response in (
        client.get("/openapi.json"),
        client.get("/api/employees"),
        client.post("/api/auth/login", json={"email": "nobody@example.com", "password": "x" * 12}),
    ):
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], response.request.url
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "strict-transport-security" not in response.headers


def test_hsts_is_sent_when_the_proxy_says_https(client):
    response = client.get("/openapi.json", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["strict-transport-security"].startswith("max-age=")
