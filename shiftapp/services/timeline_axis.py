"""The schedule on a time axis: the visible window's shifts as items drawn to their length, people as
rows under bureau and role headings, an open-shifts row per bureau, hours per person per week and
cover per day in the margins.

`build_axis` is pure (rows in, view out). The loading parts below (`axis_scope`, `bureau_people`,
`guest_people`, `cover_counts`, `open_shifts`, `drawn_rows`) read exactly what a view needs;
services/timeline_rows.py puts them together for the page, a block of rows at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy import case
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, or_, select

from shiftapp.i18n import format_date, format_day, format_long_day, format_month, translate
from shiftapp.i18n.values import Number, Term
from shiftapp.models import Assignment, Bureau, Employee, Shift, StoredConflict
from shiftapp.rules.catalog import CATALOG
from shiftapp.services import access
from shiftapp.services.bureaus import list_bureaus
from shiftapp.services.conflicts import ITALIAN_MESSAGE
from shiftapp.services.errors import ValidationFailed
from shiftapp.services.shift_views import planning_today, zone

Zoom = Literal["day", "week", "month"]
ZOOMS: tuple[Zoom, ...] = ("day", "week", "month")
# Open shifts drawn at once (over the open-shift rows loaded): a load stays well under the websocket's
# message cap (MAX_REQUEST_BODY_BYTES, 1 MB by default).
MAX_OPEN_ITEMS = 300
# The longest a shift may last (services/shifts.py refuses longer ones): a shift that overlaps a
# window starts at most this long before it.
LONGEST_SHIFT = timedelta(days=1)
# Published shifts edited less than this after publishing count as unchanged (publish itself
# stamps updated_at and published_at a moment apart).
CHANGE_TOLERANCE = timedelta(seconds=2)
ROLE_LABELS = {"senior": "Senior", "correspondent": "Correspondent", "editor": "Editor", "driver": "Driver"}
STATUS_MARKS = {
    "draft": ("✎", "draft, not published"),
    "published": ("✓", "published"),
    "changed": ("✱", "changed since it was published"),
    "cancelled": ("✕", "cancelled"),
}
READ_ONLY = ", read only: only its own bureau's team leaders and the planners change it"


# ------------------------------------------------------------------ the window
def window_of(zoom: Zoom, anchor: date) -> tuple[date, date]:
    """The first and last day shown: the day, its Monday-to-Sunday week, or its calendar month."""
    if zoom == "day":
        return anchor, anchor
    if zoom == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        return monday, monday + timedelta(days=6)
    first = anchor.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def step_anchor(zoom: Zoom, anchor: date, steps: int) -> date:
    """The anchor `steps` windows later (earlier when negative)."""
    if zoom == "day":
        return anchor + timedelta(days=steps)
    if zoom == "week":
        return anchor + timedelta(weeks=steps)
    month = anchor.year * 12 + anchor.month - 1 + steps
    return date(month // 12, month % 12 + 1, 1)


def weeks_of(first: date, last: date) -> tuple[date, date]:
    """The Monday on or before `first` and the Sunday on or after `last`: the weeks the margins count."""
    return first - timedelta(days=first.weekday()), last + timedelta(days=6 - last.weekday())


def wall(instant: datetime, tz: ZoneInfo) -> str:
    """An instant as the wall clock the axis draws ("2026-12-07T08:00")."""
    return instant.astimezone(tz).strftime("%Y-%m-%dT%H:%M")


def day_label(day: date, lang: str = "en") -> str:
    """A day near the window, as the axis has always written it in English ("Mon 07 Dec"); "lun 7 dic"."""
    return format_day(day, lang) if lang == "it" else f"{day:%a %d %b}"


def window_label(zoom: Zoom, first: date, last: date, lang: str = "en") -> str:
    italian = lang == "it"
    if zoom == "day":
        return f"{format_long_day(first, lang)} {first.year}" if italian else f"{first:%A %d %B %Y}"
    if zoom == "week":
        return translate(
            "Week {number}: {first} – {last}",
            lang,
            number=first.isocalendar().week,
            first=day_label(first, lang),
            last=format_date(last, lang) if italian else f"{last:%a %d %b %Y}",
        )
    return format_month(first.year, first.month, lang) if italian else f"{first:%B %Y}"


def role_label(role: str, lang: str = "en") -> str:
    """A role as a row heading writes it: "Editor" / "Redattore"."""
    return translate(ROLE_LABELS.get(role, role.title()), lang)


def needs_role(role: str) -> str:
    """The English template naming a required role with its article ("a senior", "an editor"); Italian
    names it as a role, so one translation serves both."""
    return ", needs an {role}" if role[:1] in ("a", "e", "i", "o", "u") else ", needs a {role}"


# ------------------------------------------------------------------ the view
class ConflictFlag(Protocol):
    """What the axis reads of a stored conflict (a StoredConflict, or a row of just these columns)."""

    @property
    def rule_code(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def employee_id(self) -> str | None: ...
    @property
    def entities(self) -> dict[str, Any]: ...
    @property
    def message(self) -> str: ...


@dataclass
class AxisItem:
    """One person's place on a shift (`a:<assignment id>`) or a shift's open places (`o:<shift id>`)."""

    id: str
    group: str
    start: str
    end: str
    shift_id: str
    assignment_id: str
    employee_id: str
    bureau_id: str
    label: str
    status: str  # draft | published | changed | cancelled
    status_mark: str
    badge: str  # hard | soft | ""
    badge_text: str  # the rule's short name
    problem: str  # the full messages
    aria: str
    proposed: bool
    source: str
    can_move: bool
    can_resize: bool
    # Drawn for someone who changes other bureaus' shifts but not this one's (a team leader viewing
    # several bureaus): the page says so on the item and does not let it be dragged.
    read_only: bool = False


@dataclass
class AxisGroup:
    """A row: a bureau/role heading, a bureau's open shifts, or a person."""

    id: str  # heading:<bureau>:<role> | open:<bureau id> | p:<employee id>
    title: str
    kind: str  # heading | open | person
    subtitle: str = ""
    hint: str = ""
    # The lines an open-shift row stacks its shifts into (services/timeline_rows.py): the browser
    # sizes the row by them before its shifts are loaded and drawn. One for every other row.
    lines: int = 1


@dataclass
class Axis:
    groups: list[AxisGroup]
    items: list[AxisItem]
    cover: dict[str, str]  # local date → "filled/places"
    cover_lines: list[str]  # the same, in words, for the page's text
    hours: dict[str, float]  # employee id → hours in the week(s) counted
    proposed: int
    open_left_out: int = 0
    people_total: int = 0


@dataclass(frozen=True)
class AxisView:
    """What the page shows, and the choices around it."""

    axis: Axis
    bureaus: list[dict[str, str]]
    bureau_ids: list[str]
    first: date
    last: date
    zoom: Zoom
    can_edit: bool
    label: str
    tz: str = field(default="")
    can_plan: bool = False  # publish, auto-assign, accept proposals: planners only


def status_of(shift: Shift, assignments: Sequence[Assignment]) -> str:
    """Draft, published, or changed since publishing (the shift or who works it)."""
    if shift.status == "cancelled":
        return "cancelled"
    if shift.status != "published":
        return "draft"
    published = shift.published_at
    if published is None:
        return "published"
    edited = [shift.updated_at, *(a.updated_at for a in assignments), *(a.created_at for a in assignments)]
    return "changed" if any(at is not None and at > published + CHANGE_TOLERANCE for at in edited) else "published"


def _hours(start: datetime, end: datetime, lo: datetime, hi: datetime) -> float:
    overlap = min(end, hi) - max(start, lo)
    return max(overlap.total_seconds(), 0.0) / 3600


def _rule_name(code: str, lang: str) -> str:
    return translate(CATALOG[code].name, lang) if code in CATALOG else code


def _message(flag: ConflictFlag, lang: str) -> str:
    """The stored message, or its Italian reading when one was kept (`axis_view` reads it for Italian)."""
    italian = getattr(flag, "message_it", None) if lang == "it" else None
    return italian if isinstance(italian, str) and italian else flag.message


def _badge(found: Sequence[ConflictFlag], lang: str = "en") -> tuple[str, str, str]:
    if not found:
        return "", "", ""
    ordered = sorted(found, key=lambda c: (c.severity != "hard", c.rule_code))
    worst = ordered[0]
    name = _rule_name(worst.rule_code, lang)
    more = f" +{len(ordered) - 1}" if len(ordered) > 1 else ""
    problem = " · ".join(f"{_rule_name(c.rule_code, lang)}: {_message(c, lang)}" for c in ordered)
    return ("hard" if worst.severity == "hard" else "soft"), name + more, problem


def cover_of(rows: Iterable[tuple[datetime, int, int]], tz: ZoneInfo, first: date, last: date) -> dict[str, list[int]]:
    """Places filled and places per local day, from (start, places, people placed) of each shift."""
    places: dict[str, list[int]] = {}
    day = first
    while day <= last:
        places[day.isoformat()] = [0, 0]
        day += timedelta(days=1)
    for start, capacity, placed in rows:
        counts = places.get(start.astimezone(tz).date().isoformat())
        if counts is not None:
            counts[0] += min(placed, capacity)
            counts[1] += capacity
    return places


def cover_texts(places: dict[str, list[int]], lang: str = "en") -> tuple[dict[str, str], list[str]]:
    """The cover per day as shown under each day ("filled/places") and in words (in `lang`), for days
    with places."""
    cover = {d: f"{filled}/{total}" for d, (filled, total) in places.items() if total}
    cover_lines = [
        translate(
            "{day}: {filled} of {places} places filled",
            lang,
            day=day_label(date.fromisoformat(d), lang),
            filled=filled,
            places=total,
        )
        for d, (filled, total) in places.items()
        if total
    ]
    return cover, cover_lines


def week_split(start: datetime, end: datetime, week_lo: datetime, weeks: int) -> list[tuple[int, float]]:
    """The weeks (counted from `week_lo`) a shift touches, a night shift may cross Sunday midnight, and
    its hours in each."""
    first_week = max((start - week_lo).days // 7, 0)
    last_week = min((end - week_lo).days // 7, weeks - 1)
    return [
        (w, _hours(start, end, week_lo + timedelta(weeks=w), week_lo + timedelta(weeks=w + 1)))
        for w in range(first_week, last_week + 1)
    ]


def axis_groups(
    *,
    bureaus: dict[str, str],
    selected: Sequence[str],
    people: Sequence[Employee],
    week_hours: dict[str, list[float]],
    weeks: int,
    lang: str = "en",
) -> list[AxisGroup]:
    """The rows: each selected bureau's open shifts, then its people under role headings, each with their
    hours per week in the weeks counted; people of other bureaus last. A bureau's open shifts sit above
    its own people (those who would take them), so that a group of bureaus opens on the first bureau's
    open shifts and people and a block of rows holds one or two open-shift rows, not all of them."""
    groups: list[AxisGroup] = []
    open_title = translate("Open shifts", lang)
    opened: set[str] = set()

    def open_row(bureau_id: str) -> None:
        opened.add(bureau_id)
        groups.append(
            AxisGroup(id=f"open:{bureau_id}", title=open_title, kind="open", subtitle=bureaus.get(bureau_id, ""))
        )

    order = {b: n for n, b in enumerate(selected)}
    heading = ""
    no_bureau = translate("No bureau", lang)
    for person in people:
        here = person.bureau_id or ""
        if here in order and here not in opened:
            # This bureau's open row, after those of the selected bureaus before it with no people.
            for bureau_id in selected[: order[here] + 1]:
                if bureau_id not in opened:
                    open_row(bureau_id)
        elif here not in order and len(opened) < len(selected):
            for bureau_id in selected:  # guests come last: every open row before them
                if bureau_id not in opened:
                    open_row(bureau_id)
        role = role_label(person.shift_role, lang)
        this = f"{bureaus.get(person.bureau_id or '', no_bureau)} · {role}"
        if this != heading:
            heading = this
            groups.append(AxisGroup(id=f"heading:{person.bureau_id}:{person.shift_role}", title=this, kind="heading"))
        per_week = week_hours.get(person.id, [0.0] * weeks)
        if weeks == 1:
            subtitle = translate("{hours} h this week", lang, hours=Number(per_week[0]))
        else:
            subtitle = translate(
                "{hours} h · max {most} h/week", lang, hours=Number(sum(per_week)), most=Number(max(per_week))
            )
        # The hint has always named a role without a label of its own as stored.
        hint_role = role if person.shift_role in ROLE_LABELS else translate(person.shift_role, lang)
        groups.append(
            AxisGroup(
                id=f"p:{person.id}",
                title=person.full_name,
                kind="person",
                subtitle=subtitle,
                hint=f"{person.full_name}, {hint_role}: {subtitle}",
            )
        )
    for bureau_id in selected:
        if bureau_id not in opened:
            open_row(bureau_id)
    return groups


def build_axis(
    *,
    tz: ZoneInfo,
    first: date,
    last: date,
    bureaus: dict[str, str],
    selected: Sequence[str],
    people: Sequence[Employee],
    shifts: Iterable[Shift],
    assignments: Iterable[Assignment],
    conflicts: Iterable[ConflictFlag],
    can_edit: bool,
    people_total: int | None = None,
    cover_places: dict[str, list[int]] | None = None,
    open_left_out: int = 0,
    lang: str = "en",
    editable: Collection[str] | None = None,
) -> Axis:
    """The axis for days `first`..`last`: `shifts` may reach into the whole weeks around them (the
    hours margin counts whole Monday-to-Sunday weeks); items are made only for what is in view.

    The cover per day is counted from `shifts` unless `cover_places` gives it (local day → [places
    filled, places], as `cover_counts` counts it for every shift of the selected bureaus), so that
    `shifts` need hold only what is drawn; `open_left_out` counts open shifts already left out of
    `shifts`. With `can_edit`, items are movable where the viewer may change the shift's bureau:
    every bureau, or those in `editable`; the others are marked read only. Its text is in `lang`."""
    lo = datetime.combine(first, time(0), tzinfo=tz)
    hi = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    monday, sunday = weeks_of(first, last)
    week_lo = datetime.combine(monday, time(0), tzinfo=tz)
    weeks = (sunday - monday).days // 7 + 1
    by_shift: dict[str, list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_shift[a.shift_id].append(a)
    flags: dict[tuple[str, str | None], list[ConflictFlag]] = defaultdict(list)
    for c in conflicts:
        for shift_id in (c.entities or {}).get("shift_ids", []):
            flags[(shift_id, c.employee_id)].append(c)
    shown = {p.id for p in people}
    names_of = {p.id: p.full_name for p in people}
    selected_set = set(selected)
    items: list[AxisItem] = []
    open_items: list[AxisItem] = []
    week_hours: dict[str, list[float]] = defaultdict(lambda: [0.0] * weeks)
    given_cover = cover_places is not None
    if cover_places is None:
        cover_places = cover_of((), tz, first, last)
    proposed = 0
    for shift in sorted(shifts, key=lambda s: (s.start_at, s.id)):
        start, end = shift.start_at.astimezone(tz), shift.end_at.astimezone(tz)
        placed = by_shift.get(shift.id, [])
        if shift.status != "cancelled" and placed:
            split = week_split(start, end, week_lo, weeks)
            for a in placed:
                if a.employee_id in shown:
                    for w, hours_in_week in split:
                        week_hours[a.employee_id][w] += hours_in_week
        visible = start < hi and end > lo
        if not visible:
            continue
        day_key = start.date().isoformat()
        counted = not given_cover and shift.status != "cancelled" and shift.bureau_id in selected_set
        if counted and day_key in cover_places:
            cover_places[day_key][0] += min(len(placed), shift.capacity)
            cover_places[day_key][1] += shift.capacity
        open_places = shift.capacity - len(placed)
        drawn_open = open_places > 0 and shift.status != "cancelled" and shift.bureau_id in selected_set
        if not drawn_open and not any(a.employee_id in shown for a in placed):
            continue  # counted in the cover, drawn nowhere
        status = status_of(shift, placed)
        mark, status_words = STATUS_MARKS[status]
        status_words = translate(status_words, lang)
        times = f"{start:%H:%M}–{end:%H:%M}"
        when = f"{day_label(start.date(), lang)} {times}"
        kind = translate(shift.shift_type or "Shift", lang)
        bureau = bureaus.get(shift.bureau_id, "")
        here = can_edit and (editable is None or shift.bureau_id in editable)
        movable = here and status != "cancelled"
        read_only = can_edit and not here
        for a in placed:
            if a.employee_id not in shown:
                continue
            found = flags.get((shift.id, a.employee_id), [])
            badge, badge_text, problem = _badge(found, lang)
            is_proposed = a.status == "proposed"
            proposed += is_proposed
            who = names_of.get(a.employee_id, "")
            aria = translate(
                "{who}, {kind} in {bureau}, {when}, {status}",
                lang,
                who=who,
                kind=kind,
                bureau=bureau,
                when=when,
                status=status_words,
            )
            if is_proposed:
                aria += translate(", proposed by {source}", lang, source=Term(a.source))
            if read_only:
                aria += translate(READ_ONLY, lang)
            if badge:
                found_words = ". Hard conflict: {problem}" if badge == "hard" else ". Soft conflict: {problem}"
                aria += translate(found_words, lang, problem=problem)
            items.append(
                AxisItem(
                    id=f"a:{a.id}",
                    group=f"p:{a.employee_id}",
                    start=wall(start, tz),
                    end=wall(end, tz),
                    shift_id=shift.id,
                    assignment_id=a.id,
                    employee_id=a.employee_id,
                    bureau_id=shift.bureau_id,
                    label=times if shift.bureau_id in selected_set else f"{times} {bureau}",
                    status=status,
                    status_mark=mark + ("?" if is_proposed else ""),
                    badge=badge,
                    badge_text=badge_text,
                    problem=problem,
                    aria=aria,
                    proposed=is_proposed,
                    source=a.source,
                    can_move=movable,
                    can_resize=movable,
                    read_only=read_only,
                )
            )
        if drawn_open:
            role = (
                translate(needs_role(shift.required_role), lang, role=Term(shift.required_role))
                if shift.required_role
                else ""
            )
            open_items.append(
                AxisItem(
                    id=f"o:{shift.id}",
                    group=f"open:{shift.bureau_id}",
                    start=wall(start, tz),
                    end=wall(end, tz),
                    shift_id=shift.id,
                    assignment_id="",
                    employee_id="",
                    bureau_id=shift.bureau_id,
                    label=translate("{times} · {count} open", lang, times=times, count=open_places),
                    status=status,
                    status_mark=mark,
                    badge="",
                    badge_text="",
                    problem="",
                    aria=translate(
                        "Open shift: {kind} in {bureau}, {when}, {count} place(s) open{role}, {status}",
                        lang,
                        kind=kind,
                        bureau=bureau,
                        when=when,
                        count=open_places,
                        role=role,
                        status=status_words,
                    )
                    + (translate(READ_ONLY, lang) if read_only else ""),
                    proposed=False,
                    source="",
                    can_move=here,
                    can_resize=here,
                    read_only=read_only,
                )
            )
    left_out = max(len(open_items) - MAX_OPEN_ITEMS, 0) + open_left_out
    items += open_items[:MAX_OPEN_ITEMS]
    hours = {employee_id: round(sum(values), 1) for employee_id, values in week_hours.items()}
    groups = axis_groups(
        bureaus=bureaus, selected=selected, people=people, week_hours=week_hours, weeks=weeks, lang=lang
    )
    cover, cover_lines = cover_texts(cover_places, lang)
    return Axis(
        groups=groups,
        items=items,
        cover=cover,
        cover_lines=cover_lines,
        hours=hours,
        proposed=proposed,
        open_left_out=left_out,
        people_total=len(people) if people_total is None else people_total,
    )


# ------------------------------------------------------------------ loading
def chosen_bureaus(bureaus: Sequence[Bureau], actor: Employee, wanted: Sequence[str] | None) -> list[str]:
    """The known bureaus among those asked for, in name order; none asked: the actor's own, else the first."""
    known = [b.id for b in bureaus]
    picked = [b for b in known if wanted and b in set(wanted)]
    if picked:
        return picked
    if actor.bureau_id in known:
        return [actor.bureau_id]
    return known[:1]


@dataclass(frozen=True)
class AxisScope:
    """What a view of the axis reads from: the window, the bureaus and the people of their rows."""

    tz: ZoneInfo
    first: date
    last: date
    all_bureaus: list[Bureau]
    names: dict[str, str]
    selected: list[str]

    @property
    def in_view(self) -> tuple[Any, ...]:
        """The selected bureaus' shifts that overlap the days shown. The bound on the start below the
        window (a shift lasts at most a day) lets the (bureau, start) index read just the window's
        shifts instead of every earlier shift of those bureaus."""
        view_lo = datetime.combine(self.first, time(0), tzinfo=self.tz)
        view_hi = datetime.combine(self.last + timedelta(days=1), time(0), tzinfo=self.tz)
        return (
            col(Shift.bureau_id).in_(self.selected),
            col(Shift.start_at) < view_hi,
            col(Shift.start_at) >= view_lo - LONGEST_SHIFT,
            col(Shift.end_at) > view_lo,
        )

    @property
    def counted_span(self) -> tuple[datetime, datetime]:
        """The whole weeks around the days shown (the hours margin counts whole weeks)."""
        monday, sunday = weeks_of(self.first, self.last)
        return (
            datetime.combine(monday, time(0), tzinfo=self.tz),
            datetime.combine(sunday + timedelta(days=1), time(0), tzinfo=self.tz),
        )


def axis_scope(
    session: Session, actor: Employee, bureau_ids: Sequence[str] | None, zoom: str, anchor: date | None
) -> AxisScope:
    if zoom not in ZOOMS:
        raise ValidationFailed("zoom must be day, week or month", details={"field": "zoom"})
    first, last = window_of(zoom, anchor or planning_today())
    all_bureaus = list_bureaus(session)
    names = {b.id: b.name for b in all_bureaus}
    return AxisScope(zone(), first, last, all_bureaus, names, chosen_bureaus(all_bureaus, actor, bureau_ids))


def bureau_people(session: Session, scope: AxisScope) -> list[Employee]:
    """The selected bureaus' people (drivers have their own plans), in row order: bureau, role, name."""
    role_order = {role: n for n, role in enumerate(ROLE_LABELS)}
    people_query = select(Employee).where(
        col(Employee.bureau_id).in_(scope.selected), col(Employee.deleted_at).is_(None), Employee.shift_role != "driver"
    )
    everyone = list(session.exec(people_query))
    names = scope.names
    everyone.sort(key=lambda p: (names.get(p.bureau_id or "", ""), role_order.get(p.shift_role, 9), p.full_name))
    return everyone


def guest_people(session: Session, scope: AxisScope) -> list[Employee]:
    """People of other bureaus who work the selected bureaus' shifts in view, by bureau then name."""
    guests = session.exec(
        select(Employee)
        .where(
            col(Employee.id).in_(
                select(Assignment.employee_id)
                .join(Shift, col(Shift.id) == col(Assignment.shift_id))
                .where(*scope.in_view)
            ),
            or_(col(Employee.bureau_id).is_(None), col(Employee.bureau_id).not_in(scope.selected)),
        )
        .order_by(col(Employee.full_name))
    )
    return sorted(guests, key=lambda p: scope.names.get(p.bureau_id or "", ""))


def _placed_count() -> Any:
    """People placed on the shift, counted from the assignment index alone (no join and grouping of the
    two tables)."""
    return (
        sa_select(func.count())
        .select_from(Assignment)
        .where(col(Assignment.shift_id) == col(Shift.id))
        .scalar_subquery()
    )


def cover_counts(session: Session, scope: AxisScope) -> dict[str, list[int]]:
    """Places filled and places per local day of the days shown, over every shift of the selected
    bureaus that starts on that day (not cancelled; a shift fills at most its places): what `cover_of`
    counts from rows, counted by the database, so that a month of a large group sends back a row a day
    instead of every shift. The day is found by comparing the start with each local midnight, so the
    time zone's changes of offset need nothing of the database."""
    days = [scope.first + timedelta(days=n) for n in range((scope.last - scope.first).days + 1)]
    ends = [datetime.combine(day + timedelta(days=1), time(0), tzinfo=scope.tz) for day in days]
    view_lo = datetime.combine(scope.first, time(0), tzinfo=scope.tz)
    placed = _placed_count()
    per_shift = (
        sa_select(
            case(*((col(Shift.start_at) < end, n) for n, end in enumerate(ends))).label("day"),
            case((placed < col(Shift.capacity), placed), else_=col(Shift.capacity)).label("filled"),
            col(Shift.capacity).label("places"),
        )
        .where(*scope.in_view, col(Shift.start_at) >= view_lo, col(Shift.status) != "cancelled")
        .subquery()
    )
    counts = {day.isoformat(): [0, 0] for day in days}
    rows = session.execute(
        sa_select(per_shift.c.day, func.sum(per_shift.c.filled), func.sum(per_shift.c.places)).group_by(per_shift.c.day)
    )
    for n, filled, places in rows:
        if n is not None and 0 <= n < len(days):
            counts[days[n].isoformat()] = [int(filled or 0), int(places or 0)]
    return counts


def open_shifts(
    session: Session, scope: AxisScope, bureau_ids: Collection[str]
) -> list[tuple[str, str, datetime, datetime]]:
    """The shifts in view of these (selected) bureaus that have places open, as (shift id, bureau id,
    start, end), in order of start: the items of those bureaus' open-shift rows."""
    wanted = [b for b in scope.selected if b in set(bureau_ids)]
    if not wanted:
        return []
    rows = session.execute(
        sa_select(col(Shift.id), col(Shift.bureau_id), col(Shift.start_at), col(Shift.end_at))
        .where(
            *scope.in_view,
            col(Shift.bureau_id).in_(wanted),
            col(Shift.status) != "cancelled",
            _placed_count() < col(Shift.capacity),
        )
        .order_by(col(Shift.start_at), col(Shift.id))
    )
    return [(shift_id, bureau_id, start, end) for shift_id, bureau_id, start, end in rows]


def drawn_rows(
    session: Session, scope: AxisScope, person_ids: Sequence[str], open_ids: Sequence[str], lang: str = "en"
) -> tuple[list[Shift], list[Assignment], list[Any]]:
    """The shifts, places and conflict flags drawn for these people and these open shifts.

    The people's shifts wherever they work (their hours and double bookings count), in the weeks the
    margins count (a day's margin catches night shifts that began the evening before). For an Italian
    reader the flags also carry the Italian reading of their messages (`message_it`)."""
    lo, hi = scope.counted_span
    theirs = select(Assignment.shift_id).where(col(Assignment.employee_id).in_(person_ids))
    shifts = list(
        session.exec(
            select(Shift).where(
                Shift.start_at < hi,
                Shift.start_at >= lo - timedelta(days=1),
                Shift.end_at > lo,
                col(Shift.id).in_(theirs),
            )
        )
    )
    known = {s.id for s in shifts}
    missing = [i for i in open_ids if i not in known]
    for chunk in range(0, len(missing), 500):
        shifts += list(session.exec(select(Shift).where(col(Shift.id).in_(missing[chunk : chunk + 500]))))
    ids = [s.id for s in shifts]
    assignments: list[Assignment] = []
    for chunk in range(0, len(ids), 500):
        assignments += list(
            session.exec(select(Assignment).where(col(Assignment.shift_id).in_(ids[chunk : chunk + 500])))
        )
    # Only the columns the badges show (a stored conflict's details are JSON, costly to read by the thousand:
    # for Italian, just the one key of them the message needs).
    columns: list[Any] = [
        col(StoredConflict.rule_code),
        col(StoredConflict.severity),
        col(StoredConflict.employee_id),
        col(StoredConflict.entities),
        col(StoredConflict.message),
    ]
    if lang == "it":
        columns.append(col(StoredConflict.details)[ITALIAN_MESSAGE].as_string().label("message_it"))
    conflicts: list[Any] = list(
        session.execute(
            sa_select(*columns).where(
                col(StoredConflict.status).in_(["unresolved", "acknowledged"]),
                col(StoredConflict.window_start) < hi,
                col(StoredConflict.window_end) > lo,
                or_(
                    col(StoredConflict.bureau_id).in_(scope.selected),
                    col(StoredConflict.employee_id).in_(person_ids),
                ),
            )
        )
    )
    return shifts, assignments, conflicts


def editable_bureaus(actor: Employee, bureau_ids: Iterable[str]) -> set[str]:
    """The bureaus among these whose shifts the actor may change: every one for planners, a team
    leader's own (the services check each change again: services/timeline_changes.py)."""
    return {b for b in bureau_ids if access.leads_or_plans(actor, b)}


def edit_rights(actor: Employee, selected: Sequence[str]) -> tuple[bool, bool]:
    """(may change shifts of some bureau shown, may publish / auto-assign / accept proposals). Planners
    change every bureau's shifts, a team leader those of the bureau they lead (each item says which:
    `build_axis(editable=…)`). Publishing stays with planners."""
    return bool(editable_bureaus(actor, selected)) or access.is_planner(actor), access.is_planner(actor)


def scope_view(scope: AxisScope, axis: Axis, zoom: str, rights: tuple[bool, bool], lang: str = "en") -> AxisView:
    can_edit, can_plan = rights
    return AxisView(
        axis=axis,
        bureaus=[{"id": b.id, "name": b.name} for b in scope.all_bureaus],
        bureau_ids=scope.selected,
        first=scope.first,
        last=scope.last,
        zoom=zoom,  # type: ignore[arg-type]
        can_edit=can_edit,
        label=window_label(zoom, scope.first, scope.last, lang),  # type: ignore[arg-type]
        tz=str(scope.tz),
        can_plan=can_plan,
    )
