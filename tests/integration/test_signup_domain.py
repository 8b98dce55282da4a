"""Self-service signup with an allowed email domain (settings), at the service level on a real database."""

from __future__ import annotations

import pytest
from sqlmodel import select

from shiftapp.config import Settings
from shiftapp.models import Employee
from shiftapp.services import auth
from shiftapp.services.errors import Forbidden


def test_allowed_domain_signs_up_staff_only(db):
    settings = Settings(signup_allowed_domain="example.com")
    user = auth.signup(
        session=db,
        actor=None,
        account=auth.NewAccount(
            email="new.joiner@example.com",
            password="long-enough-9",
            full_name="New Joiner",
        ),
        settings=settings,
    )
    assert user.access_role == "staff"
    with pytest.raises(Forbidden, match=r"@example\.com"):
        auth.signup(
            session=db,
            actor=None,
            account=auth.NewAccount(
                email="outsider@other.org",
                password="long-enough-9",
                full_name="Out Sider",
            ),
            settings=settings,
        )
    with pytest.raises(Forbidden, match="above staff"):
        auth.signup(
            session=db,
            actor=None,
            account=auth.NewAccount(
                email="wants.admin@example.com",
                password="long-enough-9",
                full_name="Wants Admin",
                role="admin",
            ),
            settings=settings,
        )
    db.rollback()
    assert db.exec(select(Employee).where(Employee.email == "new.joiner@example.com")).first() is None
