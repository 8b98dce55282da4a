"""More concurrent writes over real HTTP: one order assigned ten times at once on a delivery
plan, and the employee-update and booking races again against two granian workers on
PostgreSQL (how production runs), where no lock inside one process can help."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from sqlmodel import func, select

from shiftapp.models import (
    Assignment,
    DeliveryOrder,
    Employee,
    OrderAssignment,
    OrderLine,
    Shift,
    Vehicle,
    VehicleAssignment,
)
from tests.integration.conftest import bearer, login
from tests.integration.test_races import RACE_DAY, RACERS, _bureau_id, _iso, _new_person, _race, _statuses
from tests.support import VENV_BIN, Server, free_port


def test_concurrent_assignments_of_one_order_to_one_unit_assign_it_once(base_url, client, leader_token, db):
    db.expire_all()
    weight = func.sum(OrderLine.weight_kg)
    order_id = db.exec(
        select(OrderLine.order_id)
        .where(OrderLine.order_id.not_in(select(OrderAssignment.order_id)))
        .group_by(OrderLine.order_id)
        .order_by(weight, OrderLine.order_id)
    ).first()
    order = db.get(DeliveryOrder, order_id)
    truck = db.exec(
        select(VehicleAssignment)
        .join(Vehicle, Vehicle.id == VehicleAssignment.vehicle_id)
        .where(
            VehicleAssignment.branch_id == order.branch_id,
            VehicleAssignment.active.is_(True),
            Vehicle.vehicle_type != "horse",
        )
        .order_by(Vehicle.capacity_kg.desc())
    ).first()
    plan = client.post(
        "/api/plans/add-plan",
        headers=bearer(leader_token),
        json={
            "plan_name": "Race plan",
            "delivery_start": order.delivery_date.isoformat(),
            "delivery_end": order.delivery_date.isoformat(),
        },
    ).json()["data"]["plan"]
    added = client.post(
        f"/api/plans/{plan['id']}/units", headers=bearer(leader_token), json={"vehicle_assignment_id": truck.id}
    )
    assert added.status_code == 201, added.text
    unit_id = added.json()["data"]["units"][0]["planned_unit_id"]

    def assign(racer: httpx.Client, i: int) -> httpx.Response:
        return racer.post(
            f"/api/plans/{plan['id']}/bulk-assign",
            headers=bearer(leader_token),
            json={
                "plan_id": plan["id"],
                "assignments": [{"planned_unit_id": unit_id, "orders": [{"order_id": order.id}]}],
            },
        )

    answers = _race(base_url, assign)
    assert _statuses(answers) == [200] + [409] * (RACERS - 1), [a.text for a in answers]
    assert all(a.json()["success"] is False for a in answers if a.status_code == 409)  # the plans family's body
    db.expire_all()
    lines = db.exec(select(func.count()).select_from(OrderLine).where(OrderLine.order_id == order.id)).one()
    held = db.exec(select(func.count()).select_from(OrderAssignment).where(OrderAssignment.order_id == order.id)).one()
    assert held == lines


@pytest.fixture(scope="module")
def two_worker_url(database_url, tmp_path_factory) -> Iterator[str]:
    if not database_url.startswith("postgres"):
        pytest.skip("two web workers share one database in production: PostgreSQL")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "ENVIRONMENT": "test",
        "RATE_LIMIT_STANDARD": "100000",
        "RATE_LIMIT_AI": "100000",
        "RATE_LIMIT_BULK": "100000",
    }
    server = Server(
        [
            str(VENV_BIN / "granian"),
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            "2",
            "shiftapp.api.asgi:app",
        ],
        env,
        f"http://127.0.0.1:{port}",
        "/openapi.json",
        tmp_path_factory.mktemp("logs") / "api-two-workers.log",
    )
    yield server.base_url
    server.stop()


def test_two_workers_let_exactly_one_of_ten_same_version_updates_through(two_worker_url, db):
    with httpx.Client(base_url=two_worker_url, timeout=30) as client:
        admin = login(client, "admin@example.com")["token"]
        leader = login(client, "leader@example.com")["token"]
        person = _new_person(client, admin)
    version = person["version"]

    def update(racer: httpx.Client, i: int) -> httpx.Response:
        return racer.put(
            f"/api/employees/{person['id']}",
            headers={**bearer(leader), "If-Match": f'"{version}"'},
            json={"title": f"Worker edit {i}"},
        )

    answers = _race(two_worker_url, update)
    assert _statuses(answers) == [200] + [409] * (RACERS - 1), [a.text for a in answers]
    db.expire_all()
    assert db.get(Employee, person["id"]).version == version + 1


def test_two_workers_book_one_person_once_on_overlapping_windows(two_worker_url, db):
    with httpx.Client(base_url=two_worker_url, timeout=30) as client:
        admin = login(client, "admin@example.com")["token"]
        leader = login(client, "leader@example.com")["token"]
        person = _new_person(client, admin)
    bureau_id = _bureau_id(db)
    day = RACE_DAY + timedelta(days=20)

    def book(racer: httpx.Client, i: int) -> httpx.Response:
        return racer.post(
            "/api/shifts",
            headers=bearer(leader),
            json={
                "bureau_id": bureau_id,
                "employee_id": person["id"],
                "start_time": _iso(day, 4 + i % 8),
                "end_time": _iso(day, 13 + i % 8),
            },
        )

    answers = _race(two_worker_url, book)
    assert _statuses(answers) == [201] + [409] * (RACERS - 1), [a.text for a in answers]
    db.expire_all()
    held = db.exec(
        select(func.count())
        .select_from(Shift)
        .join(Assignment, Assignment.shift_id == Shift.id)
        .where(Assignment.employee_id == person["id"])
    ).one()
    assert held == 1
