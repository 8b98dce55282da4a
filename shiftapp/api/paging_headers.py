"""The headers every paged list answers with: how many rows match in all, and where the next page is."""

from __future__ import annotations

from typing import Any

from fastapi import Request, Response

from shiftapp.services.paging import next_offset

PAGE_HEADERS: dict[str, Any] = {
    "X-Total-Count": {"description": "Rows matching the filters, on every page", "schema": {"type": "integer"}},
    "Link": {
        "description": 'The next page, `<url>; rel="next"`, while rows follow this page',
        "schema": {"type": "string"},
    },
}


def set_page_headers(request: Request, response: Response, *, total: int, limit: int, offset: int) -> None:
    """`X-Total-Count` always; a `Link` to the same query with the next `offset` while rows follow."""
    response.headers["X-Total-Count"] = str(total)
    following = next_offset(total, limit=limit, offset=offset)
    if following is not None:
        query = request.url.include_query_params(limit=limit, offset=following).query
        response.headers["Link"] = f'<{request.url.path}?{query}>; rel="next"'
