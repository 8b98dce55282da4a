"""The loads table's pages: each route's rows sliced by the counts, collapsed routes shown once."""

from __future__ import annotations

from shiftapp.loads.tree import RouteSlice, page_slices

ROUTES = [("a", 3), ("b", 5), ("c", 2)]


def test_one_page_holds_every_route_whole():
    assert page_slices(ROUTES, set(), offset=0, limit=100) == [
        RouteSlice("a", False, 0, 3, 0),
        RouteSlice("b", False, 0, 5, 3),
        RouteSlice("c", False, 0, 2, 8),
    ]


def test_a_route_split_over_two_pages_continues_where_it_stopped():
    first = page_slices(ROUTES, set(), offset=0, limit=4)
    second = page_slices(ROUTES, set(), offset=4, limit=4)
    third = page_slices(ROUTES, set(), offset=8, limit=4)
    assert first == [RouteSlice("a", False, 0, 3, 0), RouteSlice("b", False, 0, 1, 3)]
    assert second == [RouteSlice("b", False, 1, 4, 0)]
    assert third == [RouteSlice("c", False, 0, 2, 0)]
    # Every row is on exactly one page.
    assert sum(s.count for page in (first, second, third) for s in page) == 10


def test_a_collapsed_route_gives_no_rows_and_is_shown_once_where_it_falls():
    pages = [page_slices(ROUTES, {"b"}, offset=offset, limit=2) for offset in (0, 2, 4)]
    assert pages[0] == [RouteSlice("a", False, 0, 2, 0)]
    assert pages[1] == [RouteSlice("a", False, 2, 1, 0), RouteSlice("b", True), RouteSlice("c", False, 0, 1, 1)]
    assert pages[2] == [RouteSlice("c", False, 1, 1, 0)]
    assert sum(s.route_id == "b" for page in pages for s in page) == 1


def test_collapsed_routes_at_the_end_and_all_collapsed_stay_reachable():
    assert page_slices(ROUTES, {"c"}, offset=4, limit=4) == [RouteSlice("b", False, 1, 4, 0), RouteSlice("c", True)]
    assert page_slices(ROUTES, {"a", "b", "c"}, offset=0, limit=4) == [
        RouteSlice("a", True),
        RouteSlice("b", True),
        RouteSlice("c", True),
    ]
    assert page_slices([], set(), offset=0, limit=4) == []
