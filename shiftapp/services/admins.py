"""Creating an administrator outside the app: the first one on a real database has nobody to invite them."""

from __future__ import annotations

from sqlmodel import Session, select

from shiftapp.models import AccessRole, Employee
from shiftapp.services.audit import record
from shiftapp.services.auth import normalize_email
from shiftapp.services.errors import Conflict, ValidationFailed
from shiftapp.services.passwords import check_password_rules, hash_password


def create_admin(*, session: Session, email: str, password: str, full_name: str | None = None) -> Employee:
    """Add an administrator with the app's password rules; an email already in use is refused, never overwritten."""
    email = normalize_email(email)
    check_password_rules(password)
    full_name = (full_name or "").strip() or "Administrator"
    if len(full_name) < 2:
        raise ValidationFailed("Full name must be at least 2 characters long", details={"field": "full_name"})
    if session.exec(select(Employee).where(Employee.email == email)).first() is not None:
        raise Conflict("An account with this email already exists", details={"field": "email"})
    admin = Employee(
        email=email,
        full_name=full_name,
        access_role=AccessRole.admin.value,
        title="Administrator",
        password_hash=hash_password(password),
    )
    session.add(admin)
    session.flush()
    record(
        session=session,
        actor=None,
        entity_type="employee",
        entity_id=admin.id,
        action="create_admin",
        after={"email": email, "role": AccessRole.admin.value},
        reason="created with python -m shiftapp.admin",
        kind="access_change",
    )
    return admin
