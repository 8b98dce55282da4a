"""A job worker: `python -m shiftapp.worker` takes job ids off the queue (services/queue.py) and runs them,
in a process of its own, so a long solve never shares the web process's CPU or event loop.

Run as many as the machine(s) have cores for; with REDIS_URL set they may run on several machines. Each
one also sweeps for jobs whose worker stopped (killed, machine gone) and queues them again, and once an
hour deletes the jobs that ended more than JOB_RETENTION_DAYS ago.
"""

from __future__ import annotations

import logging
import os
import threading

SWEEP_EVERY_S = 3.0
log = logging.getLogger("shiftapp.worker")


def _sweep(stop: threading.Event) -> None:
    from shiftapp.services.jobs import requeue_interrupted_jobs

    while not stop.wait(SWEEP_EVERY_S):
        try:
            requeued = requeue_interrupted_jobs()
            if requeued:
                log.warning("queued again after their worker stopped: %s", ", ".join(requeued))
        except Exception:  # the database may be away for a moment; the next sweep retries
            log.warning("sweep for interrupted jobs failed", exc_info=True)


def main() -> None:
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "INFO"), format="%(asctime)s %(name)s %(levelname)s %(message)s"
    )
    from shiftapp.services import job_kinds
    from shiftapp.services.queue import get_queue

    queue = get_queue()
    # One job at a time per worker: the solvers use several threads of their own. Periodic tasks on: the
    # hourly deletion of old job rows (services/queue.py) runs in a worker, between jobs.
    threads = int(os.environ.get("JOB_WORKER_THREADS", "1"))
    consumer = queue.huey.create_consumer(
        workers=threads, worker_type="thread", periodic=True, initial_delay=0.1, backoff=1.15, max_delay=1.0
    )
    stop = threading.Event()
    threading.Thread(target=_sweep, args=(stop,), daemon=True, name="job-sweep").start()
    log.info("job worker %d ready for %s", os.getpid(), ", ".join(job_kinds.KINDS))
    try:
        consumer.run()
    finally:
        stop.set()


if __name__ == "__main__":
    main()
