// Row windowing for the schedule's time axis (timeline_axis.jsx): react-calendar-timeline draws every
// group it is given, so a group of hundreds of people is given to it a window at a time.
//
// The axis scrolls inside its own box. Above the rows drawn is a spacer as tall as the rows before
// them, below them one as tall as the rows after, so the scroll bar and every row's position are those
// of the whole list (rows not yet drawn count `lineHeight`, an open-shift row the lines the server says
// it stacks into, rows drawn their measured height). The date headers stick to the top of the box. Row
// titles take the keyboard: one of them is in the Tab order, and the arrow keys, Page Up/Down, Home and
// End move to any row of the whole list, scrolling it into view (the window follows). Python learns which rows are in view (`onRowsInView`) and sends
// the items of the rows around them (services/timeline_rows.py).
import { createContext, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";

// A row title's keyboard props (`rowProps(row)`), for the group renderer inside the library: a context
// reaches it although the library's sidebar re-renders only when its groups change.
export const RowContext = createContext(null);

// The drawn window moves in steps of rows (a scroll redraws every STEP rows, not every row) and reaches
// OVERSCAN rows beyond each edge of the view.
const STEP = 8;
const OVERSCAN = 8;
const PAGE_ROWS = 10;
// What is drawn before the box has been measured: a screen of rows, fewer when open-shift rows
// (several lines tall) come first; the measured window follows in the next frame.
const FIRST_ROWS = 16;

function same(a, b) {
  return a.start === b.start && a.end === b.end;
}

function clamp(value, low, high) {
  return Math.max(low, Math.min(value, high));
}

// Where each row starts (tops[i]; tops[total] is the height of them all): rows drawn before have their
// measured height, the others `lineHeight`, except an open-shift row: it stacks its shifts on several
// lines, and the server says how many (`lines`, counted from all of the row's open shifts whether
// loaded or not), so it counts as those lines before it is drawn. A row that grew once drawn would move
// the rows under it and the window, and a scroll would wait for a second measure and load.
export function rowTops(groups, heights, lineHeight) {
  const tops = new Array(groups.length + 1);
  tops[0] = 0;
  for (let i = 0; i < groups.length; i += 1) {
    const group = groups[i];
    const measured = heights.get(group.id);
    const guess = group.kind === "open" ? openRowHeight(group, lineHeight) : lineHeight;
    tops[i + 1] = tops[i] + (measured || guess);
  }
  return tops;
}

// The library stacks a row's items one line (`lineHeight`) apart and makes the row as tall as its
// lines, nothing more per line (measured: an open-shift row of n lines is n * lineHeight pixels tall).
export function openRowHeight(group, lineHeight) {
  return Math.max(1, Number(group.lines) || 1) * lineHeight;
}

// The row at `y` pixels below the first row's top.
function rowAt(tops, y) {
  let low = 0;
  let high = tops.length - 2;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (tops[middle] <= y) low = middle;
    else high = middle - 1;
  }
  return Math.max(low, 0);
}

// The rows [start, end) to draw for a box scrolled to `scrollTop`, `height` tall, whose top `header`
// pixels are covered by the sticky date headers.
export function rowWindow(tops, scrollTop, height, header) {
  const total = tops.length - 1;
  if (total <= 0) return { first: 0, last: 0, start: 0, end: 0 };
  const first = rowAt(tops, scrollTop);
  const last = Math.max(rowAt(tops, scrollTop + Math.max(height - header, 0)), first);
  return {
    first,
    last,
    start: Math.max(0, Math.floor((first - OVERSCAN) / STEP) * STEP),
    end: Math.min(total, Math.ceil((last + 1 + OVERSCAN) / STEP) * STEP),
  };
}

export function useRowWindow({ groups, lineHeight, virtualFrom, onRowsInView, loadedRows = [0, 0] }) {
  const total = groups.length;
  const virtual = total > virtualFrom;
  const boxRef = useRef(null);
  const [span, setSpan] = useState({ start: 0, end: Math.min(total, FIRST_ROWS) });
  // The rows in view, told to Python once the scroll has settled a moment (it loads a margin around
  // them); kept out of the state so that scrolling within the drawn rows does not redraw them.
  const report = useRef({ timer: null, onRowsInView });
  report.current.onRowsInView = onRowsInView;
  const tell = useCallback((next) => {
    clearTimeout(report.current.timer);
    report.current.timer = setTimeout(() => {
      if (report.current.onRowsInView) report.current.onRowsInView(next.first, Math.max(next.first, next.last));
    }, 60);
  }, []);
  useEffect(() => () => clearTimeout(report.current.timer), []);
  const [activeRow, setActiveRow] = useState(0);
  const focusAfter = useRef(null);
  // Measured row heights by group id, and a counter that changes when one of them does.
  const heights = useRef(new Map());
  const [measured, setMeasured] = useState(0);
  const tops = useMemo(() => rowTops(groups, heights.current, lineHeight), [groups, lineHeight, measured]); // eslint-disable-line react-hooks/exhaustive-deps

  const headerHeight = () => boxRef.current?.querySelector(".rct-header-root")?.offsetHeight || 0;

  const measure = useCallback(() => {
    const box = boxRef.current;
    if (!box || !virtual) return;
    const next = rowWindow(tops, box.scrollTop, box.clientHeight, headerHeight());
    setSpan((now) => (same(now, next) ? now : next));
    tell(next);
  }, [virtual, tops, tell]);

  // Another set of rows (bureaus, window): back to the top.
  const identity = `${total}:${groups[0]?.id || ""}:${groups[total - 1]?.id || ""}`;
  useLayoutEffect(() => {
    if (boxRef.current && virtual) boxRef.current.scrollTop = 0;
    setActiveRow(0);
    measure();
  }, [identity]); // eslint-disable-line react-hooks/exhaustive-deps

  // Heights measured or rows changed: the window again (settles once the heights stop changing).
  useLayoutEffect(() => {
    measure();
  }, [measure]);

  useEffect(() => {
    if (!virtual) return undefined;
    window.addEventListener("resize", measure);
    return () => window.removeEventListener("resize", measure);
  }, [virtual, measure]);

  const start = virtual ? Math.min(span.start, total) : 0;
  const end = virtual ? Math.min(span.end, total) : total;

  // The drawn rows' heights, read from the library's sidebar rows (one per group, in order).
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!box || !virtual) return;
    const rowsDrawn = box.querySelectorAll(".rct-sidebar .rct-sidebar-row");
    let changed = false;
    rowsDrawn.forEach((node, n) => {
      const group = groups[start + n];
      // An open-shift row drawn before its shifts have come is drawn at the guess: measure it once
      // they have.
      const row = start + n;
      if (group && group.kind === "open" && !(row >= loadedRows[0] && row < loadedRows[1])) return;
      const height = node.offsetHeight;
      if (group && height && heights.current.get(group.id) !== height) {
        heights.current.set(group.id, height);
        changed = true;
      }
    });
    if (changed) setMeasured((count) => count + 1);
  });

  // An open-shift row whose shifts have not come yet is given its height (the library draws a group
  // with a `height` that tall, whatever its items): drawn one line tall, it would grow when they come
  // and move every row under it.
  const drawn = useMemo(
    () =>
      groups.slice(start, end).map((group, n) => {
        const row = start + n;
        const waiting = group.kind === "open" && !(row >= loadedRows[0] && row < loadedRows[1]);
        return waiting ? { ...group, row, height: openRowHeight(group, lineHeight) } : { ...group, row };
      }),
    [groups, start, end, loadedRows, lineHeight]
  );

  const focusRow = useCallback(
    (row) => {
      const target = clamp(row, 0, total - 1);
      setActiveRow(target);
      focusAfter.current = target;
      const box = boxRef.current;
      if (box && virtual) {
        const top = tops[target];
        const bottom = tops[target + 1];
        const room = box.clientHeight - headerHeight();
        if (top < box.scrollTop) box.scrollTop = top;
        else if (bottom > box.scrollTop + room) box.scrollTop = bottom - room;
        const next = rowWindow(tops, box.scrollTop, box.clientHeight, headerHeight());
        setSpan((now) => (same(now, next) ? now : next));
        tell(next);
      }
    },
    [total, virtual, tops, tell]
  );

  // Focus moves once the row is drawn (it may have been outside the window a moment ago).
  useLayoutEffect(() => {
    if (focusAfter.current === null) return;
    const node = boxRef.current?.querySelector(`[data-row="${focusAfter.current}"]`);
    if (node) {
      node.focus({ preventScroll: virtual });
      // The box is in place; the page may still need to scroll to show that part of the box.
      if (virtual) node.scrollIntoView({ block: "nearest" });
      focusAfter.current = null;
    }
  });

  const onRowKey = useCallback(
    (event, row) => {
      const moves = {
        ArrowDown: row + 1,
        ArrowUp: row - 1,
        PageDown: row + PAGE_ROWS,
        PageUp: row - PAGE_ROWS,
        Home: 0,
        End: total - 1,
      };
      if (event.key in moves) {
        event.preventDefault();
        focusRow(moves[event.key]);
      }
    },
    [focusRow, total]
  );

  // The row in the Tab order: the last one focused, or the first drawn when that one scrolled away.
  const tabRow = activeRow >= start && activeRow < end ? activeRow : start;
  const rowProps = useCallback(
    (row) => ({
      "data-row": row,
      tabIndex: row === tabRow ? 0 : -1,
      onKeyDown: (event) => onRowKey(event, row),
      onFocus: () => setActiveRow(row),
    }),
    [tabRow, onRowKey]
  );

  return {
    boxRef,
    virtual,
    drawn,
    rowProps,
    onScroll: virtual ? measure : undefined,
    above: virtual ? tops[start] : 0,
    below: virtual ? tops[total] - tops[end] : 0,
  };
}
