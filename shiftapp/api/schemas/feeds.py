"""Calendar feeds: what the routes answer. Read from the services' dataclasses (`from_attributes`)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class FeedCreated(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    token: str
    path: str
    scope: Literal["personal", "bureau"]
    bureau_id: str | None = None


class FeedRevoked(BaseModel):
    revoked: bool
    message: str


class PersonalFeedStatus(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    active: bool
    created_at: datetime | None = None


class BureauFeedStatus(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    bureau_id: str
    bureau_name: str
    active: bool
    created_at: datetime | None = None


class FeedStatus(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    personal: PersonalFeedStatus
    bureaus: list[BureauFeedStatus]
