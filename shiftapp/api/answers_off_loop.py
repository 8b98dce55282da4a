"""Large answers of async routes, built and rendered in a worker thread.

An async route's return value is validated against its response model and turned into JSON on the event
loop, which carries every other request of this web worker (and, mounted in Reflex, every page's
websocket). The routes that wait for a job answer with its result: an auto-assign of the organisation's
size is tens of megabytes, copy & repeat thousands of shifts. Built and rendered here instead, the loop
only waits."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool


async def answer_off_loop(build: Callable[[], BaseModel], *, status_code: int = 200) -> JSONResponse:
    """`build()` (the route's response model, filled) rendered as the route would render it, in a thread."""

    def render() -> JSONResponse:
        return JSONResponse(build().model_dump(mode="json"), status_code=status_code)

    return await run_in_threadpool(render)
