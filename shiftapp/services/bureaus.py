"""The bureaus: one query that every page, route and use case lists them with."""

from __future__ import annotations

from sqlmodel import Session, select

from shiftapp.models import Bureau


def list_bureaus(session: Session) -> list[Bureau]:
    """Every bureau, by name (a handful of rows, so no paging)."""
    return list(session.exec(select(Bureau).order_by(Bureau.name)))


def bureau_names(session: Session) -> dict[str, str]:
    """Bureau id → name, for views that label rows by bureau."""
    return {b.id: b.name for b in list_bureaus(session)}


def bureau_choices(session: Session) -> list[dict[str, str]]:
    """The bureaus as the pages' pickers show them: id and name, by name."""
    return [{"id": b.id, "name": b.name} for b in list_bureaus(session)]
