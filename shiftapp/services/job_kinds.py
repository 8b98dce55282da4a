"""Every kind of job a worker can run: importing this module registers their runners (services/jobs.py)."""

from shiftapp.services import ai_scheduling, auto_assign_loads, auto_assign_shifts, repeat_jobs

KINDS = (ai_scheduling.GENERATE_KIND, auto_assign_shifts.KIND, auto_assign_loads.KIND, *repeat_jobs.KINDS)
