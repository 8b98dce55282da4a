"""Notification email over SMTP (the standard library's smtplib), sent only after the change that
caused it has committed.

`queue` keeps the messages on the session (`session.info`); a SQLAlchemy `after_commit` hook hands
them to a background thread once the unit of work has committed, and `after_rollback` drops them, so
a change that fails sends nothing and a slow or unreachable mail server never holds a transaction
(or a request) open. A failure to send is logged, never raised: the change has already been made.
Email is off when SMTP_HOST is not set; nothing is queued or attempted then."""

from __future__ import annotations

import logging
import smtplib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import EmailMessage

from sqlalchemy import event
from sqlalchemy.orm import Session

from shiftapp.config import Settings, get_settings

log = logging.getLogger(__name__)

PENDING_KEY = "shiftapp_pending_email"


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    body: str


def enabled(settings: Settings | None = None) -> bool:
    return (settings or get_settings()).email_enabled


def queue(session: Session, emails: Iterable[OutgoingEmail]) -> None:
    """Send these once the session's transaction commits (nothing, if it rolls back)."""
    pending: list[OutgoingEmail] = session.info.setdefault(PENDING_KEY, [])
    pending.extend(emails)


def build_message(email: OutgoingEmail, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.smtp_from
    message["To"] = email.to
    message["Subject"] = email.subject
    message.set_content(email.body)
    return message


def send_all(emails: list[OutgoingEmail], settings: Settings | None = None) -> int:
    """Send over one SMTP connection; returns how many were accepted. Never raises: failures are logged."""
    settings = settings or get_settings()
    if not emails or not settings.email_enabled or settings.smtp_host is None:
        return 0
    sent = 0
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout_seconds) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password or "")
            for email in emails:
                try:
                    smtp.send_message(build_message(email, settings))
                    sent += 1
                except smtplib.SMTPException:
                    log.exception("notification email to %s was refused", email.to)
    except (OSError, smtplib.SMTPException):
        log.exception(
            "could not send %d notification email(s) through %s:%s",
            len(emails) - sent,
            settings.smtp_host,
            settings.smtp_port,
        )
    return sent


def dispatch(emails: list[OutgoingEmail]) -> threading.Thread | None:
    """Send in a background thread (the caller's response does not wait for the mail server)."""
    if not emails or not enabled():
        return None
    thread = threading.Thread(target=send_all, args=(emails,), name="shiftapp-mail", daemon=True)
    thread.start()
    return thread


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    emails: list[OutgoingEmail] | None = session.info.pop(PENDING_KEY, None)
    if emails:
        dispatch(emails)


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(PENDING_KEY, None)
