"""The baseline of `tests.bench.api_load`: a bare FastAPI + SQLAlchemy app answering the benchmark's
requests with the same queries the app runs (token lookup, the user, a month of shifts with their
assignments, people and bureaus; one profile write) and nothing else: no Reflex, no middleware, no
rate limits, no rule engine, plain dicts out. Served by granian like the app:

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
def shifts(start_date: date, end_date: date, authorization: str | None = Header(None)) -> dict[str, Any]:
    start = datetime.combine(start_date, time(0), TIMEZONE).astimezone(UTC)
    end = datetime.combine(end_date + timedelta(days=1), time(0), TIMEZONE).astimezone(UTC)
    with engine.connect() as conn:
        _user(conn, authorization)
        rows = list(
            conn.execute(
                text("SELECT * FROM shift WHERE start_at >= :s AND start_at < :e ORDER BY start_at"),
                {"s": start, "e": end},
            ).mappings()
        )
        ids = [r["id"] for r in rows]
        assignments: dict[str, list[Any]] = {}
        people: dict[str, Any] = {}
        if ids:
            marks = ", ".join(f":i{n}" for n in range(len(ids)))
            for a in conn.execute(
                text(f"SELECT * FROM assignment WHERE shift_id IN ({marks})"),
                {f"i{n}": i for n, i in enumerate(ids)},
            ).mappings():
                assignments.setdefault(a["shift_id"], []).append(a)
            person_ids = sorted({a["employee_id"] for rows_ in assignments.values() for a in rows_})
            if person_ids:
                marks = ", ".join(f":p{n}" for n in range(len(person_ids)))
                people = {
                    p["id"]: p
                    for p in conn.execute(
                        text(f"SELECT id, full_name FROM employee WHERE id IN ({marks})"),
                        {f"p{n}": i for n, i in enumerate(person_ids)},
                    ).mappings()
                }
        bureaus = {b["id"]: b["name"] for b in conn.execute(text("SELECT id, name FROM bureau")).mappings()}
    out = []
    for shift in rows:
        for a in assignments.get(shift["id"]) or [None]:
            out.append(
                {
                    "id": shift["id"],
                    "employee_id": a["employee_id"] if a else None,
                    "employee": people[a["employee_id"]]["full_name"] if a else None,
                    "bureau": bureaus.get(shift["bureau_id"]),
                    "start_time": str(shift["start_at"]),
                    "end_time": str(shift["end_at"]),
                    "status": shift["status"],
                }
            )
    return {"shifts": out}


@app.put("/api/users/me")
def update_me(body: dict[str, Any], authorization: str | None = Header(None)) -> dict[str, Any]:
    with engine.begin() as conn:
        user = _user(conn, authorization)
        conn.execute(
            text("UPDATE employee SET phone = :phone, updated_at = :now WHERE id = :id"),
            {"phone": body.get("phone"), "now": datetime.now(UTC), "id": user["id"]},
        )
        return {"user": user | {"phone": body.get("phone")}}
