// Date and time fields that read in the page's language, not the browser's.
//
// A native <input type="date"> or type="time" is drawn in the browser's own language: an Italian
// reader in an English browser meets "mm/dd/yyyy" (7 December read as 12 July) and a 12-hour clock.
// These fields show day/month/year and the 24-hour clock in both languages the app speaks, take what
// people type (day/month/year, or ISO as pasted from elsewhere), and open a calendar in the reader's
// language whose weeks start on Monday (react-day-picker, MIT, keyboard-accessible grid).
// The state only ever sees ISO strings ("2026-12-07", "09:15") or "" for a cleared field.
import React, { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { DayPicker } from "react-day-picker";
import { enGB, it } from "react-day-picker/locale";

const LOCALES = { en: enGB, it };
const WORDS = {
  en: { datePlaceholder: "dd/mm/yyyy", timePlaceholder: "hh:mm", choose: "Choose a date", close: "Close" },
  it: { datePlaceholder: "gg/mm/aaaa", timePlaceholder: "hh:mm", choose: "Scegli una data", close: "Chiudi" },
};

const pad = (n) => String(n).padStart(2, "0");

function isoOf(year, month, day) {
  const when = new Date(Date.UTC(year, month - 1, day));
  if (when.getUTCFullYear() !== year || when.getUTCMonth() !== month - 1 || when.getUTCDate() !== day) {
    return null; // 31/02 and the like
  }
  return `${year}-${pad(month)}-${pad(day)}`;
}

// "7/12/2026", "07.12.2026", "07-12-2026" (day first, as both languages write it) or "2026-12-07".
export function parseDate(text) {
  const value = text.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) return isoOf(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (match) return isoOf(Number(match[3]), Number(match[2]), Number(match[1]));
  return null;
}

export function showDate(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return match ? `${match[3]}/${match[2]}/${match[1]}` : "";
}

// "9:15", "09:15", "9.15" or "0915" on the 24-hour clock (three digits wait for a fourth or a colon).
export function parseTime(text) {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(text.trim()) || /^(\d{2})(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? `${pad(hours)}:${pad(minutes)}` : null;
}

function dayOf(iso) {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : undefined;
}

// A text field that hands the state a parsed value: on every keystroke that completes a valid value
// (so a typed or pasted date acts at once, as the native field did) and "" when emptied. What does not
// parse stays in the field, marked invalid when the reader leaves it, and the state keeps its last value.
function useParsedText(value, parse, show, onChange) {
  const [text, setText] = useState(show(value));
  const [invalid, setInvalid] = useState(false);
  useEffect(() => {
    // A value set from elsewhere (Today, a clicked day, the server) replaces the text unless the text
    // already says it.
    if (parse(text) !== (value || null) && !(text.trim() === "" && !value)) {
      setText(show(value));
      setInvalid(false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const change = (event) => {
    const next = event.target.value;
    setText(next);
    const parsed = parse(next);
    if (parsed !== null) {
      setInvalid(false);
      if (parsed !== value && onChange) onChange(parsed);
    } else if (next.trim() === "") {
      setInvalid(false);
      if (value && onChange) onChange("");
    }
  };
  const blur = () => {
    const parsed = parse(text);
    if (parsed !== null) setText(show(parsed));
    setInvalid(text.trim() !== "" && parsed === null);
  };
  return { text, invalid, change, blur };
}

// The text field both kinds share: typed digits, marked when what was left in it does not parse.
function ParsedTextInput({ field, placeholder, className, ...rest }) {
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder={placeholder}
      value={field.text}
      onChange={field.change}
      onBlur={field.blur}
      aria-invalid={field.invalid ? "true" : undefined}
      className={className || "date-field-input"}
      {...rest}
    />
  );
}

export function LocaleDateInput({ value, onChange, lang, name, className, wrapperClassName, ...rest }) {
  const words = WORDS[lang] || WORDS.en;
  const field = useParsedText(value, parseDate, showDate, onChange);
  const [open, setOpen] = useState(false);
  // How far left the calendar moves so that it stays on a narrow screen (a field on the right of a phone).
  const [nudge, setNudge] = useState(0);
  const wrapper = useRef(null);
  const button = useRef(null);
  const calendar = useRef(null);
  const calendarId = useId();
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  useEffect(() => {
    if (!open) return undefined;
    const outside = (event) => {
      if (wrapper.current && !wrapper.current.contains(event.target)) setOpen(false);
    };
    // Escape closes the calendar only, not a dialog around it: dialogs listen on the document while
    // capturing, so the window's capture listener runs first and stops the key there.
    const escape = (event) => {
      if (event.key === "Escape") {
        event.stopPropagation();
        close();
      }
    };
    document.addEventListener("pointerdown", outside);
    window.addEventListener("keydown", escape, true);
    return () => {
      document.removeEventListener("pointerdown", outside);
      window.removeEventListener("keydown", escape, true);
    };
  }, [open]);
  useLayoutEffect(() => {
    if (!open || !calendar.current) {
      setNudge(0);
      return;
    }
    const box = calendar.current.getBoundingClientRect();
    const room = document.documentElement.clientWidth - 8;
    setNudge(box.right - nudge > room ? Math.min(box.right - nudge - room, box.left - nudge - 8) : 0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);
  const selected = dayOf(value);
  return (
    <span ref={wrapper} className={`date-field ${wrapperClassName || ""}`}>
      <ParsedTextInput field={field} placeholder={words.datePlaceholder} className={className} {...rest} />
      {name ? <input type="hidden" name={name} value={parseDate(field.text) || ""} /> : null}
      <button
        ref={button}
        type="button"
        className="date-field-button"
        aria-label={words.choose}
        title={words.choose}
        aria-expanded={open ? "true" : "false"}
        aria-controls={open ? calendarId : undefined}
        onClick={() => setOpen(!open)}
      >
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
          <rect x="3" y="4" width="18" height="18" rx="2" />
          <path d="M16 2v4M8 2v4M3 10h18" />
        </svg>
      </button>
      {open ? (
        <div
          ref={calendar}
          className="date-field-calendar"
          style={nudge > 0 ? { left: `${-nudge}px` } : undefined}
          id={calendarId}
          role="dialog"
          aria-label={words.choose}
          lang={lang}
        >
          <DayPicker
            mode="single"
            locale={LOCALES[lang] || enGB}
            weekStartsOn={1}
            selected={selected}
            defaultMonth={selected}
            autoFocus
            onSelect={(day) => {
              if (day && onChange) {
                const iso = `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;
                onChange(iso);
              }
              close();
            }}
          />
        </div>
      ) : null}
    </span>
  );
}

export function LocaleTimeInput({ value, onChange, lang, className, ...rest }) {
  const words = WORDS[lang] || WORDS.en;
  const field = useParsedText(value, parseTime, (v) => v || "", onChange);
  return <ParsedTextInput field={field} placeholder={words.timePlaceholder} className={className} {...rest} />;
}
