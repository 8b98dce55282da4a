// The schedule's time axis, on react-calendar-timeline (MIT): rows are people (under bureau and role
// headings) and open shifts, items are shifts drawn to their length.
//
// Times cross the websocket as wall-clock strings ("2026-12-07T08:00") in the bureau's time zone, never
// as instants: the library draws in the browser's zone, so a wall clock read as local time here shows
// the bureau's hours whatever zone the browser is in, and Python alone converts to and from UTC.
import React, { useCallback, useContext, useEffect, useMemo, useState } from "react";
import Timeline, { DateHeader, SidebarHeader, TimelineHeaders } from "react-calendar-timeline";
import dayjs from "dayjs";
import "dayjs/locale/en-gb";
import "dayjs/locale/it";
import { RowContext, useRowWindow } from "./timeline_rows.jsx";

// Weeks start on Monday in every view (the library's week headers and snapping use dayjs's locale): both
// locales the page speaks (en-gb and it) start them on Monday, and name days and months in the reader's
// language. The page sets the one of its reader (`locale`) before the library draws.
const LOCALES = { en: "en-gb", it: "it" };
dayjs.locale(LOCALES.en);

// The words the axis draws itself, in English; the page gives them in its reader's language (`texts`).
const TEXTS = {
  people: "People · hours per week",
  week: "Week {day}",
  cover: "Cover {day}: {cover}",
};

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? values[name] : whole));
}

const MINUTE = 60 * 1000;

function parseWall(text) {
  // "YYYY-MM-DDTHH:MM" as a local time of this browser (see above).
  const [day, time = "00:00"] = String(text || "").split("T");
  const [y, m, d] = day.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  return new Date(y, (m || 1) - 1, d || 1, hh || 0, mm || 0).getTime();
}

function formatWall(ms) {
  return dayjs(ms).format("YYYY-MM-DDTHH:mm");
}

// The library renders this as a component of its own (so it stays one function: a new one would
// remount every row); the row's keyboard props come from timeline_rows.jsx through RowContext.
function groupTitle({ group }) {
  const rowProps = useContext(RowContext);
  const keys = rowProps ? rowProps(group.row) : {};
  if (group.kind === "heading") {
    return (
      <div className="axis-heading" role="heading" aria-level={3} title={group.title} {...keys}>
        {group.title}
      </div>
    );
  }
  return (
    <div
      className={`axis-group axis-group-${group.kind}`}
      data-group={group.id}
      data-lines={group.kind === "open" ? group.lines : undefined}
      title={group.hint || group.title}
      {...keys}
    >
      <span className="axis-group-name">{group.title}</span>
      {group.subtitle ? <span className="axis-group-sub">{group.subtitle}</span> : null}
    </div>
  );
}

function statusMark(item) {
  // Text and a symbol, never colour alone.
  return (
    <span className={`axis-status axis-status-${item.st}`} aria-hidden="true">
      {item.mk}
    </span>
  );
}

// A lock drawn inline (lucide's "lock"): an emoji lock is missing from many systems' fonts.
function LockIcon() {
  return (
    <svg width="10" height="10" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.5"
      strokeLinecap="round" strokeLinejoin="round" focusable="false">
      <rect width="18" height="11" x="3" y="11" rx="2" ry="2" />
      <path d="M7 11V7a5 5 0 0 1 10 0v4" />
    </svg>
  );
}

// A day's cover ("filled/places") where its column is too narrow for it (a month): the share filled,
// the whole text on hover and, focusable, on focus and to screen readers.
function coverShort(text) {
  const [filled, places] = text.split("/").map(Number);
  if (!places) return text;
  return `${Math.round((100 * filled) / places)}%`;
}

function shortLabel(words) {
  return ([start], unit, width) => {
    if (unit === "day") return start.format(width < 60 ? "D" : width < 130 ? "ddd D" : "dddd D MMM");
    if (unit === "hour") return start.format("HH");
    if (unit === "month") return start.format(width < 80 ? "MMM" : "MMMM YYYY");
    if (unit === "week") return fill(words.week, { day: start.format("D MMM") });
    return start.format(unit === "minute" ? "HH:mm" : "YYYY");
  };
}

// Items arrive in short keys (state/timeline.py `wire`): id, g row, s/e wall-clock start and end, l
// label, st status, mk its mark, a the full text; only when set: sh the shift's id (an open item's is
// its own), b/bt the conflict badge and its text, p proposed, m movable, ro read only.
export function ShiftAxis({
  items = [],
  groups = [],
  visibleStart,
  visibleEnd,
  editable = false,
  cover = {},
  selectedId = "",
  pickedIds = [],
  lineHeight = 40,
  sidebarWidth = 210,
  virtualFrom = 60,
  locale = "en",
  texts = {},
  loadedStart = 0,
  loadedEnd = 0,
  hoursHeading = "",
  onRowsInView,
  onItemMove,
  onItemResize,
  onItemSelect,
  onCanvasClick,
  onCanvasDoubleClick,
  ...rest
}) {
  const language = LOCALES[locale] ? locale : "en";
  // Before the library makes its dayjs dates for this render: they take the global locale.
  dayjs.locale(LOCALES[language]);
  const words = useMemo(() => ({ ...TEXTS, ...(texts || {}) }), [texts]);
  const labelFormat = useMemo(() => shortLabel(words), [words]);
  const [localSelected, setLocalSelected] = useState("");
  // A click selects at once (the library drags selected items only); the page's Close clears it.
  useEffect(() => {
    if (!selectedId) setLocalSelected("");
  }, [selectedId]);
  const selected = localSelected || selectedId;
  const axisItems = useMemo(
    () =>
      items.map((item) => ({
        ...item,
        start_time: parseWall(item.s),
        end_time: parseWall(item.e),
        // Another bureau's shift the viewer may not change: neither dragged nor resized (marked with a lock).
        canMove: editable && !!item.m,
        canResize: editable && item.m ? "both" : false,
        canChangeGroup: editable && !!item.m,
      })),
    [items, editable]
  );
  const start = parseWall(visibleStart);
  const end = parseWall(visibleEnd);
  // Only the rows in and near the view are given to the library (timeline_rows.jsx).
  const loadedRows = useMemo(() => [loadedStart, loadedEnd], [loadedStart, loadedEnd]);
  const rows = useRowWindow({ groups, lineHeight, virtualFrom, onRowsInView, loadedRows });
  const drawnItems = useMemo(() => {
    if (!rows.virtual) return axisItems;
    const drawnIds = new Set(rows.drawn.map((group) => group.id));
    return axisItems.filter((item) => drawnIds.has(item.g));
  }, [axisItems, rows.drawn, rows.virtual]);

  // `how` tells Python whether to move focus to the shift's details: yes from the keyboard, never
  // from a click (focusing would scroll the page under a pointer about to drag).
  const select = useCallback(
    (itemId, how = "pointer") => {
      setLocalSelected(String(itemId));
      if (onItemSelect) onItemSelect(String(itemId), how);
    },
    [onItemSelect]
  );
  // Ctrl-, Cmd- or Shift-click adds a shift to the group moved together, or takes it out ("toggle");
  // the keyboard's way is the Select button of the shift's details.
  const pointerSelect = useCallback(
    (itemId, event) => {
      if (event && (event.ctrlKey || event.metaKey || event.shiftKey)) {
        if (onItemSelect) onItemSelect(String(itemId), "toggle");
        return;
      }
      select(itemId);
    },
    [onItemSelect, select]
  );
  const picked = useMemo(() => new Set(pickedIds || []), [pickedIds]);

  const itemRenderer = useCallback(
    ({ item, itemContext, getItemProps, getResizeProps }) => {
      const { left, right } = getResizeProps();
      const { key, ref, ...props } = getItemProps({
        className: [
          "axis-item",
          `axis-item-${item.st}`,
          item.b ? `axis-item-${item.b}` : "",
          item.p ? "axis-item-proposed" : "",
          item.ro ? "axis-item-readonly" : "",
          itemContext.selected ? "is-selected" : "",
          picked.has(item.id) ? "is-picked" : "",
        ].join(" "),
        style: {},
      });
      // Resize handles only on the selected item (the library moves and resizes selected items only),
      // so the others keep their width for the label.
      const handles = itemContext.useResizeHandle && itemContext.selected && item.m;
      const narrow = itemContext.dimensions.width < 110;
      const onKeyDown = (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          select(item.id, "keyboard");
        }
      };
      return (
        <div
          {...props}
          key={key}
          ref={ref}
          title={item.a}
          aria-label={item.a}
          role="button"
          tabIndex={0}
          data-item={item.id}
          data-shift={item.sh || item.id.slice(2)}
          data-group={item.g}
          onKeyDown={onKeyDown}
        >
          {handles ? <div {...left} /> : null}
          <div className="axis-item-content">
            {picked.has(item.id) ? (
              <span className="axis-picked" aria-hidden="true">
                ☑
              </span>
            ) : null}
            {statusMark(item)}
            {item.ro ? (
              <span className="axis-readonly" aria-hidden="true">
                <LockIcon />
              </span>
            ) : null}
            {item.b ? (
              <span className={`axis-badge axis-badge-${item.b}`} aria-hidden="true">
                {item.b === "hard" ? "✖" : "⚠"}
                {narrow ? null : ` ${item.bt}`}
              </span>
            ) : null}
            <span className="axis-item-label">
              {itemContext.dimensions.width < 64 ? item.l.slice(0, 2) : narrow ? item.l.slice(0, 5) : item.l}
            </span>
          </div>
          {handles ? <div {...right} /> : null}
        </div>
      );
    },
    [select, picked]
  );

  const coverRenderer = useCallback(
    ({ getIntervalProps, intervalContext }) => {
      const startTime = intervalContext.interval.startTime;
      const day = startTime.format("YYYY-MM-DD");
      const text = cover[day] || "";
      // English has always named the day by its date; Italian by its weekday and date ("lun 7 dic").
      const shown = language === "en" ? day : startTime.locale(LOCALES[language]).format("ddd D MMM");
      const full = text ? fill(words.cover, { day: shown, cover: text }) : "";
      // About 7 pixels a character at this size: a month's narrow days show the share filled instead.
      const short = text && intervalContext.interval.labelWidth < text.length * 7 + 6;
      if (!short) {
        return (
          <div {...getIntervalProps()} className="axis-cover" data-day={day} title={full}>
            {text}
          </div>
        );
      }
      return (
        <div
          {...getIntervalProps()}
          className="axis-cover axis-cover-short"
          data-day={day}
          data-full={text}
          title={full}
          tabIndex={0}
        >
          <span aria-hidden="true">{coverShort(text)}</span>
          <span className="sr-only">{full}</span>
        </div>
      );
    },
    [cover, language, words]
  );

  return (
    <div
      className={rows.virtual ? "shift-axis shift-axis-virtual" : "shift-axis"}
      ref={rows.boxRef}
      onScroll={rows.onScroll}
      {...rest}
    >
      {rows.virtual ? <div className="axis-spacer" style={{ height: rows.above }} aria-hidden="true" /> : null}
      <RowContext.Provider value={rows.rowProps}>
      <Timeline
        groups={rows.drawn}
        items={drawnItems}
        keys={{
          groupIdKey: "id",
          groupTitleKey: "title",
          groupRightTitleKey: "rightTitle",
          groupLabelKey: "title",
          itemIdKey: "id",
          itemTitleKey: "l",
          itemDivTitleKey: "a",
          itemGroupKey: "g",
          itemTimeStartKey: "start_time",
          itemTimeEndKey: "end_time",
        }}
        defaultTimeStart={start}
        defaultTimeEnd={end}
        visibleTimeStart={start}
        visibleTimeEnd={end}
        // The window is the page's to choose (zoom, previous/next, Today, date picker): the data loaded
        // is that window's, so neither the wheel nor a drag of the canvas scrolls it.
        onTimeChange={() => {}}
        sidebarWidth={sidebarWidth}
        lineHeight={lineHeight}
        itemHeightRatio={0.8}
        stackItems
        dragSnap={15 * MINUTE}
        minResizeWidth={12}
        useResizeHandle
        canMove={editable}
        canResize={editable ? "both" : false}
        canChangeGroup={editable}
        selected={selected ? [selected] : []}
        groupRenderer={groupTitle}
        itemRenderer={itemRenderer}
        onItemSelect={(itemId, event) => pointerSelect(itemId, event)}
        onItemClick={(itemId, event) => pointerSelect(itemId, event)}
        onItemDeselect={() => setLocalSelected("")}
        onItemMove={(itemId, dragTime, newGroupOrder) => {
          const group = rows.drawn[newGroupOrder];
          if (onItemMove && group) onItemMove(String(itemId), formatWall(dragTime), String(group.id));
        }}
        onItemResize={(itemId, time, edge) => {
          if (onItemResize) onItemResize(String(itemId), formatWall(time), String(edge));
        }}
        onCanvasClick={(groupId, time) => {
          setLocalSelected("");
          if (onCanvasClick) onCanvasClick(String(groupId), formatWall(time));
        }}
        // A double click on an empty cell adds a shift there (the page's Add shift button is the keyboard's way).
        onCanvasDoubleClick={(groupId, time) => {
          if (editable && onCanvasDoubleClick) onCanvasDoubleClick(String(groupId), formatWall(time));
        }}
      >
        <TimelineHeaders>
          <SidebarHeader>
            {({ getRootProps }) => (
              <div {...getRootProps()} className="axis-sidebar-header">
                {hoursHeading || words.people}
              </div>
            )}
          </SidebarHeader>
          <DateHeader unit="primaryHeader" />
          <DateHeader labelFormat={labelFormat} />
          <DateHeader unit="day" height={22} intervalRenderer={coverRenderer} />
        </TimelineHeaders>
      </Timeline>
      </RowContext.Provider>
      {rows.virtual ? <div className="axis-spacer" style={{ height: rows.below }} aria-hidden="true" /> : null}
    </div>
  );
}
