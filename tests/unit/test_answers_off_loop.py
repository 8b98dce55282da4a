"""Large answers of async routes are built and rendered in a worker thread, as FastAPI would render them."""

from __future__ import annotations

import asyncio
import json
import threading

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel

from shiftapp.api.answers_off_loop import answer_off_loop


class Row(BaseModel):
    name: str
    hours: float | None = None


class Answer(BaseModel):
    statusCode: int
    rows: list[Row]


def test_the_answer_is_built_off_the_event_loop_and_reads_as_fastapi_would_render_it():
    built_in: list[int] = []

    def build() -> Answer:
        built_in.append(threading.get_ident())
        return Answer(statusCode=201, rows=[Row(name="Ada"), Row(name="Marco", hours=7.5)])

    async def route() -> tuple[int, object]:
        loop_thread = threading.get_ident()
        response = await answer_off_loop(build, status_code=201)
        return loop_thread, response

    loop_thread, response = asyncio.run(route())
    assert built_in and built_in[0] != loop_thread
    assert response.status_code == 201
    assert json.loads(response.body) == jsonable_encoder(build())
