"""Each signed-in page's load on the organisation-sized data set, in this process:
`python -m tests.bench.page_loads_scale [--database sqlite:///…/scale.db]`.

Seeds the scale data (`python -m shiftapp.seed --scale`) into a fresh SQLite file unless `--database`
names one that holds it, signs in as the scheduler (leader@example.com) and, for every route the app
registers with an on_load, runs that page's load as Reflex would on a fresh state: the on_load events,
then any read of the same state they ask for (a background event), to the end. Beside the whole load it
prints the part that runs on the event loop (the on_load events themselves: what every other websocket
waits for) and the part a worker thread does (the reads asked for). Each figure is the median (and max)
wall-clock time of `--runs` runs after a warm-up.
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import os
import statistics
import sys
import time
from typing import Any

from tests.support import scale_database

SIGN_IN_AS = "leader@example.com"
PASSWORD = "shiftapp-demo"


def _drive(fn, state) -> list[Any]:
    result = fn(state)
    if inspect.isasyncgen(result):

        async def consume():
            return [update async for update in result]

        return asyncio.run(consume())
    if inspect.iscoroutine(result):
        return [asyncio.run(result)]
    if inspect.isgenerator(result):
        return list(result)
    return result if isinstance(result, list) else [result]


def _asked_reads(cls, sent: list[Any]) -> list[Any]:
    """The state's own events among those a handler sent back (the reads it asks for)."""
    own = {h.fn for h in cls.event_handlers.values()}
    reads = []
    for event in sent:
        fn = getattr(event, "fn", None) or getattr(getattr(event, "handler", None), "fn", None)
        if fn in own:
            reads.append(fn)
    return reads


def _owner(fn) -> Any:
    """The state class whose handler `fn` is (the one that declares it, not a subclass)."""
    import reflex as rx

    def walk(cls: type) -> Any:
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    owners = [c for c in walk(rx.State) if fn in {h.fn for h in c.event_handlers.values()}]
    return next(c for c in owners if not any(o is not c and issubclass(c, o) for o in owners))


def _page_load(route: str, events: list, token: str, plan_id: str) -> tuple[float, float]:
    """Seconds on the loop (the on_load events) and in reads asked for, on a fresh state."""
    from reflex.istate.data import RouterData
    from reflex.state import State

    path = "/" + route.replace("[plan_id]", plan_id).removeprefix("index")
    root = State(_reflex_internal_init=True)
    root.router = RouterData.from_router_data({"pathname": path, "asPath": path, "headers": {}})
    on_loop = in_reads = 0.0
    for event in events:
        cls = _owner(event.fn)
        state = root.get_substate(cls.get_full_name().split("."))
        state.token = token
        started = time.perf_counter()
        sent = _drive(event.fn, state)
        on_loop += time.perf_counter() - started
        reads = _asked_reads(cls, sent)
        while reads:
            started = time.perf_counter()
            sent = _drive(reads.pop(0), state)
            in_reads += time.perf_counter() - started
            reads += _asked_reads(cls, sent)
    return on_loop, in_reads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="a SQLite URL already holding the scale data (else seeded afresh)")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each page (after one warm-up)")
    parser.add_argument("--only", default="", help="routes, comma-separated (default: every signed-in page)")
    args = parser.parse_args()
    url = scale_database(args.database)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("PYTEST_CURRENT_TEST", "bench")  # Reflex builds states by hand only in tests

    from sqlmodel import select

    from shiftapp.db import session_scope
    from shiftapp.models import Plan
    from shiftapp.seed_scale import SCALE_PLAN_NAME
    from shiftapp.services.auth import sign_in
    from shiftapp.shiftapp import app

    token, _user = sign_in(email=SIGN_IN_AS, password=PASSWORD, address="127.0.0.1")
    with session_scope() as session:
        plan_id = session.exec(select(Plan.id).where(Plan.plan_name == SCALE_PLAN_NAME)).one()
    only = {r for r in args.only.split(",") if r}
    print(f"as {SIGN_IN_AS}; median (max) of {args.runs} runs after a warm-up", flush=True)
    print(f"  {'route':<22} {'whole load':>20} {'on the loop':>20} {'in reads asked':>20}", flush=True)
    for route, events in sorted(app._load_events.items()):
        shown = "/" + route.removeprefix("index")
        if (only and shown not in only) or route in ("login", "welcome"):
            continue
        _page_load(route, events, token, plan_id)
        runs = [_page_load(route, events, token, plan_id) for _ in range(args.runs)]
        whole = [a + b for a, b in runs]
        loop = [a for a, _ in runs]
        reads = [b for _, b in runs]

        def figure(values: list[float]) -> str:
            return f"{statistics.median(values) * 1000:7.0f} ms ({max(values) * 1000:5.0f})"

        print(f"  {shown:<22} {figure(whole):>20} {figure(loop):>20} {figure(reads):>20}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
