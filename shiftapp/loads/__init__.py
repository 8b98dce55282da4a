"""The load planner: pure algorithms (standard library and OR-Tools), fed plain problems by services.

- `greedy`: the seed's algorithm (route → date → heaviest first, best fit, open units as needed).
- `binpacking`: exact bin packing by an arc-flow model (HiGHS through OR-Tools) with lower bounds.
- `planner.plan_loads`: greedy, then each (branch, route, day) group re-packed exactly where the
  units are alike, under a time limit, never worse than the greedy answer.
"""

from shiftapp.loads.model import LoadOrder, LoadProblem, LoadUnit, Placement, PlanResult
from shiftapp.loads.planner import plan_loads

__all__ = ["LoadOrder", "LoadProblem", "LoadUnit", "Placement", "PlanResult", "plan_loads"]
