"""One person's cheapest schedule at given cell prices, exactly, by dynamic programming over the days.

Column generation (`roster_columns`) asks this question of every person in every round. CP-SAT answers
it in about 65 ms a person on Curtois 12 (most of it setting up and presolving the model), which makes a
round of 60 people take 2.6 s and the relaxation settle only after 50 s. The question has the shape of a
shortest path: walk the days, in a state that says all the rules need to know, and pay each day's cost.
The state is
- the stretch automaton's state (`stretch_automaton`: the minimum and maximum stretches and breaks,
  with the horizon-edge exemptions) and the kind of shift worked last (for forbidden and tight
  successions; shifts followed alike are one kind);
- the resources the person's limits count: minutes worked (in units of the greatest common divisor of
  the shift lengths; saturated at the minimum when there is no maximum), weekends worked, shifts this
  calendar week, and the count of each shift type with a cap that can bind.
Every rule of a person is then a transition that exists or not, so the optimum is exact, not a bound.

Caps on shift types multiply the states, so they enter the state only when needed: the walk first runs
without the caps that would make the state space large, and a cap its best schedule breaks is added
and the walk repeated (each cap left out makes the walk a relaxation; its optimum is the true one as
soon as it keeps every cap). If the state space would outgrow `MAX_STATES`, `PersonWalk.cheapest`
returns None and the caller prices the person by CP-SAT.

Only the states reached are visited, and a state is dropped when one with fewer of a resource that is
bounded from above only (a cap, weekends, this week's shifts) and the rest alike is no dearer. The walk
is compiled with numba (nogil: the two pricing threads run at once).
"""

from __future__ import annotations

import functools
import math
import threading
from dataclasses import dataclass

import numpy as np
from numba import njit

from shiftapp.scheduling.roster_model import stretch_automaton, succession_kinds
from shiftapp.scheduling.roster_problem import SATURDAY, SUNDAY, RosterProblem, ShiftType, StaffMember

# Largest state space walked (states per day); above it CP-SAT prices the person. Without caps in the
# state: Curtois 12 1,596, 13 10,074, 20 (182 days, up to 117 shifts, 13 weekends) 36,344; each cap
# multiplies that by cap + 1 (Curtois 13 with its three night caps: 362,664).
MAX_STATES = 1_000_000
# Largest number of (day, state) cells whose predecessors are kept for reading the schedule back (five
# bytes each, per pricing thread).
MAX_CELLS = 30_000_000
# Schedules handed back per walk: the cheapest, and the cheapest ending in each of the next best states
# (several columns a round, as CP-SAT gives the solutions it met on its way).
ROWS_PER_WALK = 4
INF = float("inf")


@dataclass
class _Layout:
    """How a state number splits into (core state, resources): state = core * n_res + r."""

    n_core: int
    n_res: int
    core_next: np.ndarray  # [core, choice] -> next core state, -1 if not allowed; choice T is a day off
    core_cost: np.ndarray  # [core, choice] -> cost of the succession (back-to-back)
    core_worked: np.ndarray  # [core] -> 1 when the last day was worked
    # [choice, weekend, r] -> the resources after working `choice` from resources r (weekend: 1 when the
    # day starts a worked weekend), -1 if that breaks a limit; a day off (choice T) leaves them as they are.
    target: np.ndarray
    reset_week: np.ndarray  # [r] -> r with this week's count back at zero (for Mondays)
    has_week: bool
    minutes: np.ndarray  # [r] -> minutes worked, in units (zeros without a minutes rule)
    # Resources bounded from above only (caps, weekends, this week's count): fewer is never worse, so a
    # state is dropped when one with fewer of them, the rest alike, is as cheap. Stride and size of each.
    mono_stride: np.ndarray
    mono_above_zero: np.ndarray  # [i, r] -> 1 when r holds some of the i-th such resource
    min_units: int  # minutes needed at the end, in units
    # [r] -> the cost paid at the end for the resources r (fairness below the fair share); zeros without.
    end_cost: np.ndarray
    # Resources of which more is never worse (the saturated count of shifts for fairness): a state is
    # dropped when one with one more of them, the rest alike, is as cheap. Stride of each, and
    # [i, r] -> 1 when r holds fewer than the most of the i-th.
    more_stride: np.ndarray
    more_below_top: np.ndarray


@functools.cache
def compile_walk() -> None:
    """Compile the walk now (about a second the first time, then loaded from numba's cache) rather than
    inside the first pricing round, whose pace column generation reads to judge whether it can settle."""
    one_day = RosterProblem(
        horizon=1, shifts=[ShiftType("D", 480)], staff=[StaffMember("A", max_minutes=480)], cover=[]
    )
    PersonWalk(one_day, 0).cheapest(np.zeros((1, 1)))


# Compiling the walk takes about two seconds in a process whose numba cache is cold (a fresh clone):
# a solve with less time than this left skips column generation rather than overrun its limit.
WALK_COMPILE_ALLOWANCE_S = 3.0


def walk_ready() -> bool:
    """Whether this process has the walk compiled (or loaded from numba's cache) already."""
    return compile_walk.cache_info().currsize > 0


def warm_up_walk() -> None:
    """Compile the walk in the background, for the next solve that has time for column generation."""
    threading.Thread(target=compile_walk, daemon=True, name="compile pricing walk").start()


class PersonWalk:
    """The fixed part of one person's walk: allowed cells, own costs, automaton, resources."""

    def __init__(self, problem: RosterProblem, e: int) -> None:
        person = problem.staff[e]
        self.problem, self.person, self.horizon = problem, person, problem.horizon
        shifts = problem.shifts
        self.shift_ids = [s.id for s in shifts]
        self.index = {s.id: t for t, s in enumerate(shifts)}
        T = len(shifts)
        self.T = T
        H = problem.horizon
        self.allowed = np.zeros((H, T), dtype=np.bool_)
        for d in range(H):
            for t, s in enumerate(shifts):
                self.allowed[d, t] = problem.may_work(person, d, s)
        # Own cost of each cell worked (preferences, off-requests, on-requests as a saving) plus the
        # constant of the on-requests (each costs its weight unless granted).
        self.own = np.zeros((H, T))
        index = self.index
        for t, s in enumerate(shifts):
            self.own[:, t] += person.shift_preferences.get(s.id, 0)
        self.constant = 0.0
        for r in person.off_requests:
            if r.shift_id in index:
                self.own[r.day, index[r.shift_id]] += r.weight
        for r in person.on_requests:
            self.constant += r.weight
            if r.shift_id in index:
                self.own[r.day, index[r.shift_id]] -= r.weight
        # Fairness: weight * (shifts short of the fewest + shifts beyond the most). The part beyond the most
        # is weight * (shifts - most) + weight * (most - shifts, when positive): a cost on every shift worked
        # and a constant, plus a cost that only grows as the count falls below `most`. So the count enters
        # the state only up to `most` (saturated there), and its cost is paid at the end (`_Layout.end_cost`).
        self.fair: tuple[int, int] | None = None
        if problem.fairness_weight:
            self.fair = person.fair_shifts or problem.fair_windows()[e]
            self.own += problem.fairness_weight
            self.constant -= problem.fairness_weight * self.fair[1]
        self.weekday = np.array([problem.weekday(d) for d in range(H)], dtype=np.int64)
        self.cap = {
            t: person.max_per_shift[s.id]
            for t, s in enumerate(shifts)
            if s.id in person.max_per_shift and self._cap_can_bind(t, person.max_per_shift[s.id])
        }
        self.in_state: set[int] = set()  # capped types walked with their count (learnt, kept across rounds)
        self.core = self._core_states()  # what the caps do not change: worked out once
        self.layout: _Layout | None = None
        self.too_large = False

    def _cap_can_bind(self, t: int, cap: int) -> bool:
        most = int(self.allowed[:, t].sum())  # days they may work it
        if self.person.max_minutes is not None and self.problem.shifts[t].length_minutes:
            most = min(most, self.person.max_minutes // self.problem.shifts[t].length_minutes)
        return cap < most

    def cheapest(self, cell_price: np.ndarray) -> tuple[list[tuple[str | None, ...]], float] | None:
        """The cheapest schedules at `cell_price` ([day, shift type], subtracted from the own cost) and
        the exact minimum of own cost less prices, or None when the state space is too large."""
        cell_cost = self.own - cell_price
        while not self.too_large:
            if self.layout is None:
                self.layout = self._build_layout()
                if self.layout is None:
                    self.too_large = True
                    break
            L = self.layout
            finals, pred_state, pred_choice = _walk(
                cell_cost,
                self.allowed,
                self.weekday,
                L.n_core,
                L.n_res,
                L.core_next,
                L.core_cost,
                L.core_worked,
                L.target,
                L.reset_week,
                L.has_week,
                L.mono_stride,
                L.mono_above_zero,
                L.more_stride,
                L.more_below_top,
            )
            if L.end_cost.any():
                finals = finals + np.tile(L.end_cost, L.n_core)
            ends = self._valid_ends(finals)
            if not len(ends):
                return [], INF
            rows = [self._read_back(int(s), pred_state, pred_choice) for s in ends[:ROWS_PER_WALK]]
            broken = self._broken_caps(rows[0])
            if not broken:
                kept = [row for row in rows if not self._broken_caps(row)]
                return list(dict.fromkeys(kept)), float(finals[ends[0]]) + self.constant
            self.in_state |= broken  # a relaxation whose best schedule breaks a cap: walk with that cap
            self.layout = None
        return None

    def _valid_ends(self, finals: np.ndarray) -> np.ndarray:
        L = self.layout
        assert L is not None
        ok = np.isfinite(finals)
        if L.min_units:
            ok &= np.tile(L.minutes, L.n_core) >= L.min_units
        states = np.nonzero(ok)[0]
        return states[np.argsort(finals[states], kind="stable")]

    def _read_back(self, state: int, pred_state: np.ndarray, pred_choice: np.ndarray) -> tuple[str | None, ...]:
        row: list[str | None] = [None] * self.horizon
        for d in range(self.horizon - 1, -1, -1):
            choice = int(pred_choice[d, state])
            row[d] = self.shift_ids[choice] if choice < self.T else None
            state = int(pred_state[d, state])
        return tuple(row)

    def _broken_caps(self, row: tuple[str | None, ...]) -> set[int]:
        counts: dict[int, int] = {}
        for shift in row:
            if shift is not None:
                t = self.index[shift]
                counts[t] = counts.get(t, 0) + 1
        return {t for t, cap in self.cap.items() if t not in self.in_state and counts.get(t, 0) > cap}

    def _core_states(self) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        """Core states — (automaton state, kind of the last shift), as reached from the start — and their
        transitions: (count, next state [core, choice], succession cost [core, choice], worked [core])."""
        problem, T = self.problem, self.T
        transitions, start = stretch_automaton(self.person, self.horizon)
        step: dict[tuple[int, int], int] = {(a, bit): b for a, bit, b in transitions}
        kinds = succession_kinds(problem)
        follows = [[kinds.get((a, b)) for b in self.shift_ids] for a in self.shift_ids]
        # The last shift matters only through what may follow it, so shifts followed alike are one kind
        # (Curtois 13: 18 shift types, 9 kinds). Kind T is a day off, or the days before the first.
        first_alike: dict[tuple[str | None, ...], int] = {}
        kind = [first_alike.setdefault(tuple(follows[t]), t) for t in range(T)] + [T]
        core_of: dict[tuple[int, int], int] = {(start, T): 0}
        queue = [(start, T)]
        edges: list[tuple[int, int, int, float]] = []
        while queue:
            a, last = queue.pop()
            here = core_of[a, last]
            for choice in range(T + 1):
                b = step.get((a, 0 if choice == T else 1))
                succession = follows[last][choice] if choice < T and last < T else None
                if b is None or succession == "forbidden":
                    continue
                key = (b, kind[choice])
                if key not in core_of:
                    core_of[key] = len(core_of)
                    queue.append(key)
                edges.append(
                    (here, choice, core_of[key], problem.back_to_back_weight if succession == "tight" else 0.0)
                )
        n_core = len(core_of)
        core_next = np.full((n_core, T + 1), -1, dtype=np.int64)
        core_cost = np.zeros((n_core, T + 1))
        for here, choice, there, cost in edges:
            core_next[here, choice] = there
            core_cost[here, choice] = cost
        core_worked = np.zeros(n_core, dtype=np.int64)
        for (_a, last), c in core_of.items():
            core_worked[c] = int(last < T)
        return n_core, core_next, core_cost, core_worked

    def _build_layout(self) -> _Layout | None:
        """The state space with the resources the person's limits count (and the caps learnt so far), or
        None when it is too large."""
        problem, person, T, H = self.problem, self.person, self.T, self.horizon
        shifts = problem.shifts
        n_core, core_next, core_cost, core_worked = self.core
        # Resources: (limit, what each choice adds, saturates).
        dims: list[tuple[int, list[int], bool]] = []
        minutes_dim = weekend_dim = week_dim = -1
        min_units = 0
        lengths = [s.length_minutes for s in shifts]
        if person.min_minutes or person.max_minutes is not None:
            used = [lengths[t] for t in range(T) if self.allowed[:, t].any() and lengths[t]]
            unit = math.gcd(*used) if used else 1  # every total of minutes worked is a multiple of it
            min_units = -(-person.min_minutes // unit)
            if person.max_minutes is not None:
                limit, saturate = person.max_minutes // unit, False
            else:
                limit, saturate = min_units, True
            minutes_dim = len(dims)
            dims.append((limit, [lengths[t] // unit for t in range(T)] + [0], saturate))
        weekends = problem.weekends()
        if person.max_weekends is not None and person.max_weekends < len(weekends):
            weekend_dim = len(dims)
            dims.append((person.max_weekends, [0] * (T + 1), False))  # added by the walk on weekend days
        if person.shifts_per_week is not None and person.shifts_per_week < 7:
            week_dim = len(dims)
            dims.append((person.shifts_per_week, [1] * T + [0], False))
        fair_dim = -1
        if self.fair is not None and self.fair[1] > 0:
            fair_dim = len(dims)
            dims.append((self.fair[1], [1] * T + [0], True))  # shifts worked, saturated at the most
        for t in sorted(self.in_state):
            dims.append((self.cap[t], [int(choice == t) for choice in range(T + 1)], False))
        sizes = [limit + 1 for limit, _add, _sat in dims]
        n_res = int(np.prod(sizes)) if sizes else 1
        if (
            n_core * n_res > MAX_STATES or max(H * n_core, 2 * (T + 1)) * n_res > MAX_CELLS or T + 1 > 127
        ):  # shift types are read back from a byte
            return None
        digits = np.zeros((n_res, len(dims)), dtype=np.int64)
        stride = 1
        strides = [0] * len(dims)
        for i in range(len(dims) - 1, -1, -1):
            strides[i] = stride
            digits[:, i] = (np.arange(n_res) // stride) % sizes[i]
            stride *= sizes[i]
        target = np.full((T + 1, 2, n_res), -1, dtype=np.int32)
        target[T, :, :] = np.arange(n_res)
        stride_of = np.array(strides, dtype=np.int64)
        for choice in range(T):
            for weekend in (0, 1):
                after = digits.copy()
                ok = np.ones(n_res, dtype=np.bool_)
                for i, (limit, adds, sat) in enumerate(dims):
                    after[:, i] += adds[choice] + (weekend if i == weekend_dim else 0)
                    if sat:
                        np.minimum(after[:, i], limit, out=after[:, i])
                    ok &= after[:, i] <= limit
                target[choice, weekend, ok] = (after * stride_of).sum(axis=1)[ok]
        reset_week = np.arange(n_res, dtype=np.int32)
        if week_dim >= 0:
            reset_week -= (digits[:, week_dim] * strides[week_dim]).astype(np.int32)
        minutes = digits[:, minutes_dim].copy() if minutes_dim >= 0 else np.zeros(n_res, dtype=np.int64)
        mono = [i for i in range(len(dims)) if i != fair_dim and (i != minutes_dim or not min_units)]
        more = [fair_dim] if fair_dim >= 0 else []
        end_cost = np.zeros(n_res)
        if self.fair is not None:
            fewest, most = self.fair
            worked = digits[:, fair_dim] if fair_dim >= 0 else np.zeros(n_res, dtype=np.int64)
            weight = problem.fairness_weight
            end_cost = weight * (np.maximum(0, most - worked) + np.maximum(0, fewest - worked))
        return _Layout(
            n_core,
            n_res,
            core_next,
            core_cost,
            core_worked,
            target,
            reset_week,
            week_dim >= 0,
            minutes,
            np.array([strides[i] for i in mono], dtype=np.int64),
            (digits[:, mono].T > 0).astype(np.uint8),
            min_units,
            end_cost.astype(np.float64),
            np.array([strides[i] for i in more], dtype=np.int64),
            np.array([digits[:, i] < dims[i][0] for i in more], dtype=np.uint8).reshape(len(more), n_res),
        )


@njit(cache=True, nogil=True)
def _walk(
    cell_cost: np.ndarray,
    allowed: np.ndarray,
    weekday: np.ndarray,
    n_core: int,
    n_res: int,
    core_next: np.ndarray,
    core_cost: np.ndarray,
    core_worked: np.ndarray,
    target: np.ndarray,
    reset_week: np.ndarray,
    has_week: bool,
    mono_stride: np.ndarray,
    mono_above_zero: np.ndarray,
    more_stride: np.ndarray,
    more_below_top: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover - compiled
    """Forward over the days from the start state; only the states reached are visited (Curtois 13 with
    three caps: about 2 % of the state space on the last day). Returns each state's cheapest cost at
    the end and, per day and state, the state before and the choice made."""
    H, T = cell_cost.shape
    n = n_core * n_res
    cur = np.full(n, np.inf)
    nxt = np.full(n, np.inf)
    cur_list = np.empty(n, dtype=np.int32)
    nxt_list = np.empty(n, dtype=np.int32)
    dropped = np.empty(n, dtype=np.int32)
    cur[0] = 0.0  # core 0 is (start, no last shift); every resource at zero
    cur_list[0] = 0
    n_cur = 1
    pred_state = np.empty((H, n), dtype=np.int32)
    pred_choice = np.empty((H, n), dtype=np.int8)
    for d in range(H):
        monday = has_week and weekday[d] == 0  # a new calendar week: its count starts again
        saturday = weekday[d] == SATURDAY
        sunday = weekday[d] == SUNDAY  # a weekend already counted if Saturday was worked
        n_nxt = 0
        for j in range(n_cur):
            s = cur_list[j]
            v = cur[s]
            if v == np.inf:
                continue  # dropped as dominated
            c = s // n_res
            r = s - c * n_res
            weekend = 1 if saturday or (sunday and core_worked[c] == 0) else 0
            base = reset_week[r] if monday else r
            for choice in range(T + 1):
                c2 = core_next[c, choice]
                if c2 < 0:
                    continue
                if choice < T:
                    if not allowed[d, choice]:
                        continue
                    r2 = target[choice, weekend, base]
                    if r2 < 0:
                        continue
                    nv = v + cell_cost[d, choice] + core_cost[c, choice]
                else:
                    r2 = base
                    nv = v
                s2 = c2 * n_res + r2
                if nv < nxt[s2]:
                    if nxt[s2] == np.inf:
                        nxt_list[n_nxt] = s2
                        n_nxt += 1
                    nxt[s2] = nv
                    pred_state[d, s2] = s
                    pred_choice[d, s2] = choice
        # Drop a state when the one with one fewer of an upper-bounded resource (the rest alike) costs no
        # more: whatever the dropped one could still do, that one can too. Likewise the one with one more of
        # a resource of which more is never worse.
        n_dropped = 0
        for j in range(n_nxt):
            s2 = nxt_list[j]
            r2 = s2 % n_res
            gone = False
            for i in range(mono_stride.shape[0]):
                if mono_above_zero[i, r2] and nxt[s2 - mono_stride[i]] <= nxt[s2]:
                    gone = True
                    break
            if not gone:
                for i in range(more_stride.shape[0]):
                    if more_below_top[i, r2] and nxt[s2 + more_stride[i]] <= nxt[s2]:
                        gone = True
                        break
            if gone:
                dropped[n_dropped] = s2
                n_dropped += 1
        for j in range(n_dropped):
            nxt[dropped[j]] = np.inf
        for j in range(n_cur):
            cur[cur_list[j]] = np.inf
        cur, nxt = nxt, cur
        cur_list, nxt_list = nxt_list, cur_list
        n_cur = n_nxt
    return cur, pred_state, pred_choice
