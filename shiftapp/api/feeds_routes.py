"""Calendar feeds (secret iCal URLs) and schedule exports (CSV, XLSX, printable rota)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Response

from shiftapp.api.authorisation import AuthoriseFirstRoute, leader_or_planner
from shiftapp.api.deps import CurrentUser, DbSession
from shiftapp.api.schemas.feeds import FeedCreated, FeedRevoked, FeedStatus
from shiftapp.api.text_fields import IdText
from shiftapp.services import exports, feeds
from shiftapp.services.exports import ExportFile

router = APIRouter(tags=["calendar and exports"], route_class=AuthoriseFirstRoute)
EXPORT_BUREAUS = leader_or_planner("export a bureau's schedule")

CALENDAR_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/calendar": {"schema": {"type": "string"}}}}
}
EXPORT_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            exports.MEDIA_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
        }
    }
}
HTML_CONTENT: dict[int | str, dict[str, Any]] = {200: {"content": {"text/html": {"schema": {"type": "string"}}}}}


def file_response(export: ExportFile, *, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    return Response(
        export.content,
        media_type=export.media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{export.filename}"',
            "Cache-Control": "private, no-store",
        },
    )


@router.get(
    "/api/v1/calendar/{token}.ics",
    response_model=None,
    response_class=Response,
    responses=CALENDAR_CONTENT,
)
def calendar_feed(token: str, session: DbSession) -> Response:
    """A calendar feed (iCalendar, RFC 5545) of published shifts; the secret token in the URL is the credential."""
    return _calendar_response(feeds.calendar_for_token(session=session, token=token), with_body=True)


# Calendar clients ask HEAD first: the same status and headers as GET (its length too), no body.
# Left out of the OpenAPI document, which would otherwise list the GET operation twice.
@router.head("/api/v1/calendar/{token}.ics", response_model=None, response_class=Response, include_in_schema=False)
def calendar_feed_head(token: str, session: DbSession) -> Response:
    return _calendar_response(feeds.calendar_for_token(session=session, token=token), with_body=False)


def _calendar_response(content: bytes, *, with_body: bool) -> Response:
    headers = {"Content-Disposition": 'inline; filename="shifts.ics"', "Cache-Control": "private, max-age=300"}
    if not with_body:
        headers["Content-Length"] = str(len(content))
        return Response(b"", media_type="text/calendar; charset=utf-8", headers=headers)
    return Response(content, media_type="text/calendar; charset=utf-8", headers=headers)


@router.get("/api/v1/me/calendar-feed", response_model=FeedStatus)
def my_feeds(session: DbSession, user: CurrentUser) -> Any:
    """Which calendar feeds the signed-in user has (never their URLs, which are shown once)."""
    return feeds.feed_status(session=session, actor=user)


@router.post("/api/v1/me/calendar-feed", response_model=FeedCreated, status_code=201)
def create_my_feed(session: DbSession, user: CurrentUser) -> Any:
    """Make (or replace) the secret URL of your own published shifts; an earlier URL stops working."""
    return feeds.create_personal_feed(session=session, actor=user)


@router.delete("/api/v1/me/calendar-feed", response_model=FeedRevoked)
def revoke_my_feed(session: DbSession, user: CurrentUser) -> Any:
    """Revoke your own calendar feed: its URL answers 404 from now on."""
    revoked = feeds.revoke_personal_feed(session=session, actor=user)
    return FeedRevoked(revoked=revoked, message="Calendar feed revoked" if revoked else "You had no calendar feed")


@router.post(
    "/api/v1/bureaus/{bureau_id}/calendar-feed",
    response_model=FeedCreated,
    status_code=201,
    dependencies=[EXPORT_BUREAUS],
)
def create_bureau_feed(bureau_id: str, session: DbSession, user: CurrentUser) -> Any:
    """Make (or replace) your secret URL of a bureau's published shifts (its team leaders and planners)."""
    return feeds.create_bureau_feed(session=session, actor=user, bureau_id=bureau_id)


@router.delete("/api/v1/bureaus/{bureau_id}/calendar-feed", response_model=FeedRevoked)
def revoke_bureau_feed(bureau_id: str, session: DbSession, user: CurrentUser) -> Any:
    """Revoke your calendar feed of a bureau."""
    revoked = feeds.revoke_bureau_feed(session=session, actor=user, bureau_id=bureau_id)
    return FeedRevoked(
        revoked=revoked, message="Calendar feed revoked" if revoked else "You had no feed of this bureau"
    )


@router.get(
    "/api/v1/exports/schedule",
    response_model=None,
    response_class=Response,
    responses=EXPORT_CONTENT,
    dependencies=[EXPORT_BUREAUS],
)
def export_schedule(
    session: DbSession,
    user: CurrentUser,
    bureau_id: Annotated[IdText, Query()],
    start_date: date,
    end_date: date,
    format: Literal["csv", "xlsx"] = "csv",
) -> Response:
    """A bureau's schedule from start_date to end_date (at most 366 days) as CSV or XLSX, a row per person on shift."""
    return file_response(
        exports.schedule_export(
            session=session,
            actor=user,
            bureau_id=bureau_id,
            start_date=start_date,
            end_date=end_date,
            export_format=format,
        )
    )


@router.get(
    "/api/v1/exports/rota",
    response_model=None,
    response_class=Response,
    responses=HTML_CONTENT,
    dependencies=[EXPORT_BUREAUS],
)
def printable_rota(
    session: DbSession, user: CurrentUser, bureau_id: Annotated[IdText, Query()], week: date
) -> Response:
    """A printable rota (HTML with a print stylesheet) of the Monday-to-Sunday week holding `week`."""
    return file_response(exports.rota_export(session=session, actor=user, bureau_id=bureau_id, week=week), inline=True)
