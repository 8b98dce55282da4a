"""A job's refusal crosses the process boundary whole (services/jobs.py): a job worker stores the domain
error on the job row and a web process waiting on the job raises the same error, so the synchronous API
routes answer the same status and body as when they computed in the web process. Waiting without a job
worker ends in a 503 and cancels the job, so it never runs after its caller was told it did not."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from shiftapp.api import conflict_bodies
from shiftapp.models import Employee, Job
from shiftapp.rules import ChangeResult
from shiftapp.rules import Conflict as RuleFinding
from shiftapp.services.errors import (
    Conflict,
    DomainError,
    HardConflicts,
    NotFound,
    TooLarge,
    Unavailable,
    ValidationFailed,
)
from tests.support import migrate_and_seed

KIND = "test_refuses"
FINDING = RuleFinding(
    code="unit_capacity",
    message="Unit U1 would carry 1200 kg of its 1000 kg",
    severity="hard",
    level="loads",
    order_ids=("o1",),
    unit_ids=("u1",),
    date="2030-01-07",
    start=datetime(2030, 1, 7, 8, tzinfo=UTC),
    details={"capacity_kg": 1000, "weight_kg": 1200},
)
WARNING = RuleFinding(
    code="understaffed",
    message="The shift has 1 open place",
    severity="soft",
    level="shift",
    shift_ids=("s1",),
    date="2030-01-07",
    start=datetime(2030, 1, 7, 8, tzinfo=UTC),
    end=datetime(2030, 1, 7, 14, tzinfo=UTC),
    details={"assigned": 0, "capacity": 1},
)
REFUSALS: list[DomainError] = [
    ValidationFailed("method must be optimal or greedy", details={"field": "method"}),
    NotFound("Plan not found"),
    Conflict("This plan changed meanwhile; reload and try again"),
    TooLarge("Too many orders at once", details={"limit": 5000}),
    HardConflicts(
        "Auto-assign would break 1 hard rule",
        conflicts=[FINDING],
        details={"conflict_count": 1},
        hint="Lower the limits",
    ),
    # A refused write carries the rule engine's whole answer (copy & repeat's commit): Planning PRO's
    # body lists what it would introduce, hard and soft.
    HardConflicts(
        "1 hard conflict(s) in what would be created",
        conflicts=[FINDING],
        details={"conflict_count": 1, "fingerprint": "f" * 32},
        hint="Set force: true to create the shifts anyway",
        change=ChangeResult(introduced=[FINDING, WARNING], removed=[WARNING]),
    ),
]


@pytest.fixture
def jobs_db(monkeypatch, tmp_path) -> Iterator[str]:
    from shiftapp import config, db

    url = f"sqlite:///{tmp_path / 'shiftapp.db'}"
    migrate_and_seed(url, seed=False)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("REDIS_URL", raising=False)
    monkeypatch.setenv("JOB_QUEUE_PATH", str(tmp_path / "jobs.huey"))
    config.get_settings.cache_clear()
    db.get_engine.cache_clear()
    with db.session_scope() as session:
        session.add(Employee(id="planner-1", email="p@example.com", full_name="P", role="admin"))
    yield url
    db.get_engine.cache_clear()
    config.get_settings.cache_clear()


def _start(request: dict) -> str:
    from shiftapp.db import session_scope
    from shiftapp.services import jobs

    with session_scope() as session:
        job, started = jobs.start_job(
            session=session,
            actor=session.get_one(Employee, "planner-1"),
            kind=KIND,
            request=request,
            data_fingerprint="d",
        )
        assert started
        return job.id


def _row(job_id: str) -> Job:
    from shiftapp.db import session_scope

    with session_scope() as session:
        return session.get_one(Job, job_id)


@pytest.mark.parametrize(
    "refusal", REFUSALS, ids=lambda e: type(e).__name__ + ("WithChange" if getattr(e, "change", None) else "")
)
def test_a_refusal_in_the_job_is_raised_again_the_same_in_the_waiting_process(jobs_db, refusal):
    from shiftapp.services import jobs

    def refuses(_ticket, _progress):
        raise refusal

    jobs.runner(KIND)(refuses)
    job_id = _start({"refusal": type(refusal).__name__})
    jobs.run_job(job_id)  # as a job worker would
    row = _row(job_id)
    assert row.status == "failed" and row.error_detail is not None
    with pytest.raises(DomainError) as raised:
        jobs.finished_result(row)
    again = raised.value
    assert type(again) is type(refusal)
    assert (again.status_code, again.code, again.message, again.details) == (
        refusal.status_code,
        refusal.code,
        refusal.message,
        refusal.details,
    )
    if isinstance(refusal, HardConflicts):
        assert isinstance(again, HardConflicts)
        assert again.conflicts == refusal.conflicts and again.hint == refusal.hint
        if refusal.change is None:
            assert again.change is None
        else:
            assert again.change is not None
            assert again.change.introduced == refusal.change.introduced
            assert again.change.removed == refusal.change.removed
        # The bodies the API renders from the two are the same, in every family's shape.
        assert conflict_bodies.load_plan_refusal(again) == conflict_bodies.load_plan_refusal(refusal)
        assert conflict_bodies.seed002_refusal(again) == conflict_bodies.seed002_refusal(refusal)
        assert conflict_bodies.planning_refusal(again) == conflict_bodies.planning_refusal(refusal)


def test_a_crash_in_the_job_is_no_refusal(jobs_db):
    from shiftapp.services import jobs

    def crashes(_ticket, _progress):
        raise ZeroDivisionError("division by zero")

    jobs.runner(KIND)(crashes)
    job_id = _start({"crash": True})
    jobs.run_job(job_id)
    row = _row(job_id)
    assert row.status == "failed" and row.error_detail is None
    with pytest.raises(RuntimeError, match="ZeroDivisionError"):  # the API answers its plain 500
        jobs.finished_result(row)


def test_waiting_with_no_job_worker_ends_in_a_503_and_the_job_never_runs(jobs_db):
    from shiftapp.services import jobs

    ran: list[str] = []

    def records(ticket, _progress):
        ran.append(ticket.id)
        return {"ok": True}

    jobs.runner(KIND)(records)
    job_id = _start({"nobody": "listens"})
    with pytest.raises(Unavailable) as raised:
        asyncio.run(jobs.wait_for_job(job_id, timeout_s=0.3))
    assert raised.value.status_code == 503 and "python -m shiftapp.worker" in raised.value.message
    assert raised.value.details == {"job_id": job_id, "status": "queued"}
    assert _row(job_id).status == "cancelled"
    jobs.run_job(job_id)  # a job worker coming up later finds the job cancelled
    assert ran == [] and _row(job_id).status == "cancelled"


def test_waiting_returns_the_finished_job(jobs_db):
    from shiftapp.services import jobs

    def answers(ticket, _progress):
        return {"answer": ticket.params["question"] * 2}

    jobs.runner(KIND)(answers)
    job_id = _start({"question": 21})
    jobs.run_job(job_id)
    finished = asyncio.run(jobs.wait_for_job(job_id, timeout_s=5))
    assert jobs.finished_result(finished) == {"answer": 42}
