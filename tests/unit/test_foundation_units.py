"""Small pure pieces of the foundation: passwords, tokens, emails, initials, database URLs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from shiftapp.db import normalize_url
from shiftapp.models.common import UTCDateTime
from shiftapp.services.auth import hash_token, normalize_email
from shiftapp.services.employees import initials
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.passwords import check_password_rules, hash_password, verify_password


def test_password_hash_is_argon2id_and_verifies():
    hashed = hash_password("correct horse battery")
    assert hashed.startswith("$argon2id$")
    assert verify_password("correct horse battery", hashed)
    assert not verify_password("correct horse batterY", hashed)


def test_verify_against_missing_hash_is_false():
    assert verify_password("anything-at-all", None) is False


@pytest.mark.parametrize("length, ok", [(7, False), (8, True), (64, True), (128, True), (129, False)])
def test_password_length_rules(length, ok):
    if ok:
        check_password_rules("x" * length)
    else:
        with pytest.raises(ValidationFailed):
            check_password_rules("x" * length)


def test_token_hash_is_stable_sha256_hex():
    assert hash_token("abc") == hash_token("abc")
    assert len(hash_token("abc")) == 64 and hash_token("abc") != hash_token("abd")


@pytest.mark.parametrize("raw, expected", [(" Sara.Rossi@Example.com ", "sara.rossi@example.com")])
def test_email_is_normalized(raw, expected):
    assert normalize_email(raw) == expected


@pytest.mark.parametrize("raw", ["", "no-at-sign", "@example.com", "name@", "a b@example.com"])
def test_bad_email_is_a_validation_error(raw):
    with pytest.raises(ValidationFailed):
        normalize_email(raw)


@pytest.mark.parametrize("name, expected", [("Sara Rossi", "SR"), ("Alessia Pe'", "AP"), ("Cher", "C"), ("", "?")])
def test_initials(name, expected):
    assert initials(name) == expected


def test_postgres_urls_use_psycopg3():
    assert normalize_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalize_url("sqlite:///x.db") == "sqlite:///x.db"


def test_utc_column_refuses_naive_and_returns_aware():
    column = UTCDateTime()
    with pytest.raises(ValueError):
        column.process_bind_param(datetime(2026, 1, 1, 8, 0), None)
    stored = column.process_bind_param(datetime(2026, 1, 1, 8, 0, tzinfo=UTC), None)
    assert stored.tzinfo is None
    assert column.process_result_value(stored, None).tzinfo == UTC
