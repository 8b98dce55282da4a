"""Which rows of the loads table each route shows on one page (pure: counts in, slices out).

The page lists the matching orders by branch, route, date and number, a page of them at a time, and
a collapsed route contributes no rows. The routes arrive in that same order with their counts, so
where each route's rows fall on the page follows from the counts alone."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RouteSlice:
    route_id: str
    collapsed: bool
    first: int = 0  # the route's own position of its first row on this page (0: it starts here)
    count: int = 0  # its rows on this page
    page_start: int = 0  # where they start among the page's rows


def page_slices(
    routes: Sequence[tuple[str, int]], collapsed: Collection[str], *, offset: int, limit: int
) -> list[RouteSlice]:
    """The routes this page shows, in order: every open route with rows on it, sliced to them, and each
    collapsed route where its rows would have been (on the last page when that is past the end)."""
    total = sum(n for route_id, n in routes if route_id not in collapsed)
    last_page = offset + limit >= total
    shown: list[RouteSlice] = []
    start = 0  # open rows before this route
    for route_id, count in routes:
        if route_id in collapsed:
            if offset <= start < offset + limit or (start >= total and last_page):
                shown.append(RouteSlice(route_id, collapsed=True))
            continue
        low, high = max(start, offset), min(start + count, offset + limit)
        if low < high:
            shown.append(
                RouteSlice(route_id, collapsed=False, first=low - start, count=high - low, page_start=low - offset)
            )
        start += count
    return shown
