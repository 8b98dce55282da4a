"""Notification email: nothing is attempted when SMTP_HOST is unset, and a mail server that cannot be
reached is logged, never raised."""

from __future__ import annotations

import logging
import smtplib

import pytest

from shiftapp.config import Settings
from shiftapp.services import mail

EMAIL = mail.OutgoingEmail(to="sofia@example.com", subject="Shift moved", body="Your shift moved.")


def test_with_smtp_host_unset_no_connection_is_attempted(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("an SMTP connection was attempted")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    settings = Settings(smtp_host=None)
    assert not settings.email_enabled
    assert mail.send_all([EMAIL], settings) == 0


def test_an_unreachable_server_is_logged_not_raised(monkeypatch, caplog):
    def down(*_args, **_kwargs):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(smtplib, "SMTP", down)
    with caplog.at_level(logging.ERROR, logger="shiftapp.services.mail"):
        assert mail.send_all([EMAIL], Settings(smtp_host="mail.invalid", smtp_port=2525)) == 0
    assert "could not send 1 notification email(s) through mail.invalid:2525" in caplog.text


@pytest.mark.parametrize("host", ["", "   "])
def test_a_blank_host_counts_as_unset(host):
    assert not Settings(smtp_host=host).email_enabled
