"""The help chat: answers about using shiftapp, grounded in a help text. Without the model it
answers from the help text by keyword match."""

from __future__ import annotations

import re

from shiftapp.ai.client import AiClient

HELP_SECTIONS: dict[str, str] = {
    "sign in": "Sign in at **/login** with your work email and password. Change your password on **My profile**.",
    "preferences": "Open **My preferences** to choose the days and shifts you prefer, your maximum shifts per week "
    "and notes for your team leader. Saving sets them to **pending** until a team leader confirms.",
    "confirm preferences": "Team leaders open **Team availability** to see who is confirmed, pending or missing, and "
    "click **Confirm** on a row or **Confirm all pending**.",
    "employees": "The **Employees** page lists the team with search and filters. Schedulers, managers and admins "
    "can add, edit and deactivate employees.",
    "schedule": "The **Schedule** shows shifts on a time axis by day, week or month, people grouped by bureau and "
    "role, with an Open shifts row. Click a shift and drag it to another time or person, drag its ends "
    "to change its hours, or drag an open shift onto a person: shiftapp checks the rules first and "
    "shows any conflict before changing anything; you can force the change, and the reason you give "
    "is kept in the audit trail. With the keyboard, Tab to a shift, press Enter, then use Move….",
    "create shift": "To create a shift, open the **Schedule** page, click **Add shift**, pick the bureau, date, "
    "times and (optionally) the employee, then **Create shift**. Conflicts are shown before saving.",
    "conflicts": "**Schedule health** lists conflicts such as double bookings or short rest. Acknowledge, resolve or "
    "dismiss them, or ask for a suggested fix.",
    "generate schedule": "Team leaders and admins use **Generate schedule**: pick the bureau, dates, shift patterns "
    "and constraints. An optimisation solver builds a schedule that breaks no hard rule; review "
    "it on the timeline and save.",
    "auto-assign": "**Auto-assign** on the timeline proposes employees for open shifts without breaking hard rules. "
    "Proposals are highlighted until you accept or reject them.",
    "publish": "**Publish** makes a bureau's shifts for a date range final. It is blocked while hard conflicts remain "
    "unless you force it with a reason.",
    "delivery plans": "**Delivery plans** hold vehicle units and the orders they carry. On a plan board, drag an "
    "order onto a unit; shiftapp refuses drops that break a rule (capacity, route or customer "
    "limits) and says why. **Auto-assign** previews a plan and commits on confirmation.",
}

SYSTEM = (
    "You are the help assistant of shiftapp, a planning tool for shift scheduling and delivery loads. "
    "Answer only questions about using shiftapp, briefly, using **bold** for page and button names. "
    "Use only this help text; if it does not cover the question, say so and point to the closest page.\n\n"
    + "\n".join(f"- {topic}: {text}" for topic, text in HELP_SECTIONS.items())
)


def answer(question: str, history: list[dict[str, str]] | None, client: AiClient | None) -> str:
    question = (question or "").strip()[:1000]
    if client is not None and client.enabled:
        messages = [m for m in (history or [])[-6:] if m.get("role") in ("user", "assistant") and m.get("content")]
        reply = client.text(system=SYSTEM, messages=[*messages, {"role": "user", "content": question}])
        if reply:
            return reply
    return answer_from_help(question)


def answer_from_help(question: str) -> str:
    words = set(re.findall(r"[a-z]+", question.lower()))
    best, best_score = None, 0
    for topic, text in HELP_SECTIONS.items():
        score = sum(2 for w in topic.split() if w in words or w.rstrip("s") in words) + sum(
            1 for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 4 and w in words
        )
        if score > best_score:
            best, best_score = text, score
    if best is None:
        return (
            "I can help with using shiftapp: sign-in, preferences, team availability, the schedule, conflicts, "
            "schedule generation, auto-assign, publishing and delivery plans. What would you like to do?"
        )
    return best
