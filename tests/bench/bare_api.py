"""The baseline of `tests.bench.api_load`: a bare FastAPI + SQLAlchemy app answering the benchmark's
requests with the same queries the app runs (token lookup, the user, a page of a month's shifts with
their people, counted and paged by the database, and the bureaus; one profile write) and nothing
else: no Reflex, no middleware, no rate limits, no rule engine, plain dicts out. Served by granian
like the app:

    DATABASE_URL=... granian --interface asgi --workers 2 tests.bench.bare_api:app
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI, Header, HTTPException
from sqlalchemy import create_engine, text

TIMEZONE = ZoneInfo("Europe/Rome")


def _url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url


_url_setting = _url(os.environ["DATABASE_URL"])
if _url_setting.startswith("sqlite"):
    engine = create_engine(_url_setting, connect_args={"check_same_thread": False, "timeout": 10})
else:
    engine = create_engine(_url_setting, pool_size=20, max_overflow=20)
app = FastAPI()


def _user(conn, authorization: str | None) -> dict[str, Any]:
    token = (authorization or "").partition(" ")[2].strip()
    row = (
        conn.execute(
            text("SELECT employee_id, revoked_at, expires_at FROM auth_session WHERE token_hash = :h"),
            {"h": hashlib.sha256(token.encode()).hexdigest()},
        )
        .mappings()
        .first()
    )
    if row is None or row["revoked_at"] is not None:
        raise HTTPException(401)
    user = conn.execute(text("SELECT * FROM employee WHERE id = :id"), {"id": row["employee_id"]}).mappings().first()
    if user is None:
        raise HTTPException(401)
    return {k: user[k] for k in ("id", "email", "full_name", "phone", "access_role", "bureau_id", "team")}


@app.get("/api/auth/session")
def session(authorization: str | None = Header(None)) -> dict[str, Any]:
    with engine.connect() as conn:
        return {"user": _user(conn, authorization)}


@app.get("/api/users/me")
def me(authorization: str | None = Header(None)) -> dict[str, Any]:
    with engine.connect() as conn:
        user = _user(conn, authorization)
        bureau = conn.execute(text("SELECT name FROM bureau WHERE id = :id"), {"id": user["bureau_id"]}).first()
        return {"user": user | {"bureau": bureau[0] if bureau else None}}


@app.get("/api/shifts")
def shifts(
    start_date: date,
    end_date: date,
    limit: int = 2000,
    offset: int = 0,
    authorization: str | None = Header(None),
) -> dict[str, Any]:
    """One page of the month's rows, as the app reads it: counted and paged by the database over one
    outer join of shift, assignment and person (default page 2,000 rows, like the app's)."""
    start = datetime.combine(start_date, time(0), TIMEZONE).astimezone(UTC)
    end = datetime.combine(end_date + timedelta(days=1), time(0), TIMEZONE).astimezone(UTC)
    joined = (
        "FROM shift LEFT OUTER JOIN assignment a ON a.shift_id = shift.id "
        "LEFT OUTER JOIN employee e ON e.id = a.employee_id WHERE shift.start_at >= :s AND shift.start_at < :e"
    )
    with engine.connect() as conn:
        _user(conn, authorization)
        total = conn.execute(text(f"SELECT count(*) {joined}"), {"s": start, "e": end}).scalar_one()
        rows = list(
            conn.execute(
                text(
                    "SELECT shift.id, shift.bureau_id, shift.start_at, shift.end_at, shift.status, "
                    f"e.id AS employee_id, e.full_name {joined} "
                    "ORDER BY shift.start_at, shift.id, a.created_at, a.id LIMIT :limit OFFSET :offset"
                ),
                {"s": start, "e": end, "limit": limit, "offset": offset},
            ).mappings()
        )
        bureaus = {b["id"]: b["name"] for b in conn.execute(text("SELECT id, name FROM bureau")).mappings()}
    out = [
        {
            "id": row["id"],
            "employee_id": row["employee_id"],
            "employee": row["full_name"],
            "bureau": bureaus.get(row["bureau_id"]),
            "start_time": str(row["start_at"]),
            "end_time": str(row["end_at"]),
            "status": row["status"],
        }
        for row in rows
    ]
    return {"shifts": out, "total": total, "limit": limit, "offset": offset}


@app.put("/api/users/me")
def update_me(body: dict[str, Any], authorization: str | None = Header(None)) -> dict[str, Any]:
    with engine.begin() as conn:
        user = _user(conn, authorization)
        conn.execute(
            text("UPDATE employee SET phone = :phone, updated_at = :now WHERE id = :id"),
            {"phone": body.get("phone"), "now": datetime.now(UTC), "id": user["id"]},
        )
        return {"user": user | {"phone": body.get("phone")}}
