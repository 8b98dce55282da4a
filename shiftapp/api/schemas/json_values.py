"""Response field types whose JSON must stay what the routes sent before they had response models.

A response model serialises through pydantic, which writes a UTC datetime as `...Z`; the routes used to
go through FastAPI's `jsonable_encoder`, which writes `isoformat()` (`...+00:00`). Free-form values
(conflict details, job results, audit snapshots) and the job timestamps keep the encoder's output, so the
bodies stay byte-identical to the seeds' contracts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi.encoders import jsonable_encoder
from pydantic import PlainSerializer

# Any JSON the service built (nested dicts and lists), written exactly as jsonable_encoder writes it.
JsonValue = Annotated[Any, PlainSerializer(jsonable_encoder, when_used="json")]


def _isoformat(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


IsoDatetime = Annotated[datetime | None, PlainSerializer(_isoformat, when_used="json")]
