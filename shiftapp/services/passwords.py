"""argon2id password hashing (argon2-cffi defaults meet OWASP's minimum)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shiftapp.services.errors import ValidationFailed

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128

# The passwords attackers try first (and the demo's own): refused whatever their length.
COMMON_PASSWORDS = frozenset(
    {
        "password",
        "password1",
        "password12",
        "password123",
        "passw0rd",
        "12345678",
        "123456789",
        "1234567890",
        "11111111",
        "00000000",
        "87654321",
        "qwertyui",
        "qwertyuiop",
        "qwerty123",
        "asdfghjk",
        "iloveyou",
        "abcdefgh",
        "abcd1234",
        "letmein1",
        "letmein123",
        "welcome1",
        "welcome123",
        "changeme",
        "changeme1",
        "changeme123",
        "admin123",
        "admin1234",
        "administrator",
        "sunshine",
        "football",
        "baseball",
        "trustno1",
        "shiftapp",
        "shiftapp-demo",
    }
)

_hasher = PasswordHasher()
# Verifying against this keeps sign-in of an unknown email as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-but-same-cost")


def check_password_rules(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            "New password must be at least {count} characters long"
            if field == "new_password"
            else "Password must be at least {count} characters long",
            details={"field": field},
            params={"count": MIN_PASSWORD_LENGTH},
        )
    if password.strip().lower() in COMMON_PASSWORDS:
        raise ValidationFailed(
            "This password is one of the most common ones and easy to guess; choose another", details={"field": field}
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(
            "Password may be at most {count} characters long",
            details={"field": field},
            params={"count": MAX_PASSWORD_LENGTH},
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
