"""The job queue (huey): the web processes put job ids on it, the job workers (`python -m shiftapp.worker`)
take them off and run them.

Redis holds the queue when REDIS_URL is set, so web and job workers may run on several machines; otherwise
a SQLite file (JOB_QUEUE_PATH, by default beside a SQLite database) holds it for one machine. The queue only
carries job ids: the job row in the database stays the one record of a job's status (services/jobs.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper

from shiftapp.config import PROJECT_ROOT, Settings, get_settings

log = logging.getLogger("shiftapp.queue")

RUN_JOB_TASK = "shiftapp.run_job"
PURGE_JOBS_TASK = "shiftapp.purge_old_jobs"
# Once an hour, at a minute of its own (not on the hour, when other cron work tends to run).
PURGE_JOBS_AT = crontab(minute="17")


@dataclass(frozen=True)
class JobQueue:
    huey: Huey
    run_job: TaskWrapper
    # Periodic: run by the job workers' consumers (`python -m shiftapp.worker`), never by the web processes.
    purge_jobs: TaskWrapper


def queue_path(settings: Settings) -> Path:
    """Where the SQLite queue lives when there is no Redis."""
    if settings.job_queue_path:
        return Path(settings.job_queue_path)
    prefix = "sqlite:///"
    if settings.database_url.startswith(prefix) and ":memory:" not in settings.database_url:
        database = Path(settings.database_url[len(prefix) :].split("?", 1)[0])
        return database.with_name(database.stem + "-jobs.huey")
    return PROJECT_ROOT / "shiftapp-jobs.huey"


def get_queue() -> JobQueue:
    settings = get_settings()
    return _queue(settings.redis_url, str(queue_path(settings)), settings.job_queue_name)


@lru_cache
def _queue(redis_url: str | None, path: str, name: str) -> JobQueue:
    from shiftapp.services.jobs import run_job

    huey: Huey
    if redis_url:
        huey = RedisHuey(name=name, url=redis_url, results=False)
    else:
        # WAL lets the web processes enqueue while a worker reads; the timeout rides out a busy file.
        huey = SqliteHuey(name=name, filename=path, results=False, journal_mode="wal", timeout=10)
    # No retries by huey: a job's row decides whether it runs again (a worker's lease ran out).
    task = huey.task(name=RUN_JOB_TASK)(run_job)
    purge = huey.periodic_task(PURGE_JOBS_AT, name=PURGE_JOBS_TASK)(_purge_old_jobs)
    return JobQueue(huey=huey, run_job=task, purge_jobs=purge)


def _purge_old_jobs() -> int | None:
    """The periodic task: every worker's consumer queues it, so with several workers it may run a few
    times in the same minute; a second run finds nothing left to delete."""
    from shiftapp.services.jobs import purge_old_jobs

    deleted = purge_old_jobs()
    if deleted:
        log.info("deleted %d job(s) that ended more than JOB_RETENTION_DAYS ago", deleted)
    return deleted


def enqueue(job_id: str) -> None:
    """Put a job on the queue; any worker may take it. Enqueuing a job twice is harmless: only one run
    claims its row (services/jobs.py)."""
    queue = get_queue()
    queue.run_job(job_id)
