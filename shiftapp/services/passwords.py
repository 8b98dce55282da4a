"""argon2id password hashing (argon2-cffi defaults meet OWASP's minimum)."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shiftapp.services.errors import ValidationFailed

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128

_hasher = PasswordHasher()
# Verifying against this keeps sign-in of an unknown email as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not-a-real-password-but-same-cost")


def check_password_rules(password: str, *, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"New password must be at least {MIN_PASSWORD_LENGTH} characters long" if field == "new_password"
            else f"Password must be at least {MIN_PASSWORD_LENGTH} characters long",
            details={"field": field},
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed(
            f"Password may be at most {MAX_PASSWORD_LENGTH} characters long", details={"field": field}
        )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
