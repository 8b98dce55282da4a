"""The help chat: answers about using shiftapp, grounded in a help text. Without the model it
answers from the help text by keyword match.

The help text names pages in **bold** (as the menu and the page titles spell them) and controls in
"quotes", exactly as the pages render them: tests/unit/ai/test_help_topics.py checks every quoted
name against the labels of the buttons, links and checkboxes in shiftapp/pages and
shiftapp/components, and every bold name against the menu, so the help cannot point at a control
that does not exist."""

from __future__ import annotations

import re
from dataclasses import dataclass

from shiftapp.ai.client import AiClient


@dataclass(frozen=True)
class HelpTopic:
    name: str
    # Words a question about this topic tends to use (singular, lower case).
    keywords: frozenset[str]
    text: str


def _topic(name: str, keywords: str, text: str) -> HelpTopic:
    return HelpTopic(name=name, keywords=frozenset(keywords.split()), text=text)


HELP_TOPICS: tuple[HelpTopic, ...] = (
    _topic(
        "sign in",
        "sign login log password invitation invite account welcome",
        'Sign in with your work email and password ("Sign in"). Added with an invitation? Open the link you '
        'were given to choose your password first ("Set password and sign in"); it works once. Change your '
        'password on **My profile** ("Change password"), and leave with "Sign out".',
    ),
    _topic(
        "my shifts",
        "my mine when calendar month next upcoming working rota",
        '**My shifts** lists your shifts for the next four weeks, and a month as a calendar: "Previous month", '
        '"Next month" and "This month" move it. The **Dashboard** shows your next shifts too ("All my shifts, '
        'by month"). To have them in your phone\'s calendar, open **My profile** and press "Make my calendar '
        'address".',
    ),
    _topic(
        "preferences",
        "preference prefer availability available day max notes",
        "Open **My preferences** to choose the days and shifts you prefer, your maximum shifts per week and "
        'notes for your team leader, then press "Save preferences". Saved preferences are pending until a team '
        "leader confirms them.",
    ),
    _topic(
        "confirm preferences",
        "confirm confirmed pending missing team availability leader",
        "Team leaders open **Team availability** to see who is confirmed, pending or missing, and press "
        '"Confirm" on a row or "Confirm all pending". "Edit" changes someone\'s preferences; there, "Read the '
        'notes" turns their notes into suggestions before you "Save".',
    ),
    _topic(
        "time off",
        "time off leave vacation holiday sick absence absent request personal",
        "Ask for leave on **Time off**: pick the first and last day and the kind (vacation, sick, personal, "
        'other), add a note if you like, and press "Send request". Your requests and your days per year are '
        'listed below it; "Cancel request" (or "Cancel leave" once approved) takes one back. Team leaders see '
        'the requests waiting for them with the conflicts approval would create, and press "Approve" or '
        '"Decline"; approved leave ahead can be taken back with "Withdraw".',
    ),
    _topic(
        "swaps",
        "swap exchange trade give away offer colleague cover",
        "On **Swaps**, offer one of your published shifts: choose the shift, who you offer it to (a colleague, "
        'or anyone eligible), optionally one of their shifts you take in return, and press "Offer shift". '
        'Offers made to you are listed with "Accept"; "Withdraw" takes back an offer of yours until it is '
        'decided. An accepted swap waits for a team leader, who presses "Approve" or "Decline" (they may let '
        "conflict-free swaps in their bureau through automatically).",
    ),
    _topic(
        "open shifts",
        "open claim free unfilled extra pick take",
        "**Open shifts** lists the free places of published schedules that fit your role, skills, rest, leave "
        'and weekly limit. Press "Claim" to take one. Where the team leader approves claims the button says '
        '"Ask to take it", and your claim waits until they "Approve" or "Decline" it; "Withdraw" takes it back.',
    ),
    _topic(
        "employees",
        "employee people person staff add new deactivate invite role colleague",
        "The **Employees** page lists the team with search and filters. Schedulers, managers and admins press "
        '"New employee" to add someone (administrators also choose the access role and team leader) and may '
        'invite them: a one-time link, shown to copy ("Copy link") and emailed when email is set up, with which '
        'they choose their password; "Invite" makes a new link. "Edit" changes a person, and "Deactivate" signs '
        "them out for good after you confirm; nobody can deactivate themselves.",
    ),
    _topic(
        "schedule",
        "schedule timeline move drag week day conflict force",
        'The **Schedule** draws shifts to their length on a time axis, by "Day", "Week" or "Month"; "Today" and '
        'the arrows move the period, "Bureaus…" shows several bureaus at once, and each bureau has an Open shifts '
        "row. Click a shift, then drag it to another time or person, drag its ends to change its hours, or drag "
        'an open shift onto a person: the rules are checked first and any conflict is shown, then "Confirm" (or '
        '"Change anyway", with a reason if you give one, kept in the audit trail). With the keyboard, Tab to a '
        'shift and press Enter, then "Edit…" (hours, role, person or open), "Copy…" or "Delete…". To move '
        'several shifts at once, Ctrl-click them (or "☐ Select" each), then "Move together…". ✖ marks a hard conflict '
        "and ⚠ a soft one, with the rule's name; \"Audit\" shows a shift's or the bureau's history.",
    ),
    _topic(
        "create shift",
        "create add new make shift single",
        'On the **Schedule**, team leaders (their bureau) and planners press "Add shift", or double-click an '
        "empty day on a person's row or on Open shifts: pick the date, hours, role and person (or none, for an "
        'open shift), then "Check the rules"; nothing is written before you confirm. Many shifts at once come '
        "from **Copy & repeat** (copy a week, or apply shift templates over a date range) and **Generate "
        'schedule** (a whole roster). "Publish…" shows which drafts and dates it will publish before it does.',
    ),
    _topic(
        "copy and repeat",
        "copy repeat template duplicate recurring following weeks",
        "**Copy & repeat** is for team leaders (their bureau), schedulers, managers and admins. Copy a week to "
        'the next 1 to 12 weeks with "Preview copy" ("Copy who works each shift too" keeps the people), or '
        'apply shift templates over a date range with "Preview templates". The preview lists every shift with '
        "the rules' conflicts, and what is skipped as already there; nothing is written until you press the "
        'create button under it. The **Schedule** links to it ("Copy & repeat").',
    ),
    _topic(
        "conflicts",
        "conflict health double booking rest fix resolve dismiss acknowledge problem",
        "**Schedule health** lists conflicts such as double bookings or short rest, hard ones first. Leaders "
        'press "Acknowledge", "Resolve" or "Dismiss", or "Suggest a fix": each fix says what it changes and the '
        'conflicts it would leave, and "Apply this fix" carries out the one you pick (the rules are checked '
        'again first). "Open in the schedule" shows the conflict\'s week.',
    ),
    _topic(
        "generate schedule",
        "generate roster solver automatic build plan month",
        "Team leaders and admins use **Generate schedule**: pick the bureau and the dates (up to 93 days at "
        'once), the seniors per shift, "Respect preferences" and "Avoid back-to-back", then press "Generate". '
        'Its progress is shown while the solver works; "Stop" keeps the best schedule found so far. Review it '
        'in the preview and press "Save schedule".',
    ),
    _topic(
        "auto-assign",
        "auto assign proposal propose fill accept reject",
        '"Auto-assign" on the **Schedule** proposes people for open places without breaking hard rules. '
        'Proposals are marked ? until you click one and press "✓ Accept" or "✗ Reject", or press "Accept all".',
    ),
    _topic(
        "publish",
        "publish final release",
        '"Publish…" on the **Schedule** first shows how many drafts it will make final and on which dates; '
        'publishing tells the people on them. While hard conflicts remain it lists them, and "Publish anyway" '
        "needs a reason.",
    ),
    _topic(
        "inbox",
        "inbox notification message unread read",
        "Your notifications (published schedules, changes to your shifts, time-off and swap decisions) are in "
        'the **Inbox**, with the unread count in the menu. "Open" shows what a message is about; "Mark read" '
        'and "Mark all read" clear them.',
    ),
    _topic(
        "profile",
        "profile name phone export download feed ical csv xlsx",
        'On **My profile** you change your name and phone ("Save details") and your password ("Change '
        'password"), and make a calendar address for your shifts ("Make my calendar address", "Revoke"). '
        'Leaders also download a bureau\'s schedule ("Download") and make its calendar address ("Make bureau '
        'calendar address").',
    ),
    _topic(
        "delivery plans",
        "delivery plan load loads order vehicle unit truck",
        '**Delivery plans** hold vehicle units and the orders they carry ("Create plan"). On a plan board, drag '
        "an order onto a unit; shiftapp refuses drops that break a rule (capacity, route or customer limits) "
        'and says why. "Auto-assign" previews a plan and "Commit" saves it.',
    ),
)
HELP_SECTIONS: dict[str, str] = {topic.name: topic.text for topic in HELP_TOPICS}

SYSTEM = (
    "You are the help assistant of shiftapp, a planning tool for shift scheduling and delivery loads. "
    "Answer only questions about using shiftapp, briefly, using **bold** for page names and quotes for "
    "button names, exactly as the help text spells them. Use only this help text: never name a page, "
    "button or field it does not name; if it does not cover the question, say so and point to the "
    "closest page.\n\n" + "\n".join(f"- {topic}: {text}" for topic, text in HELP_SECTIONS.items())
)
FALLBACK = (
    "I can help with using shiftapp: signing in, my shifts, preferences, time off, swaps, open shifts, the "
    "schedule, copy & repeat, conflicts, generating a schedule, employees, the inbox and delivery plans. "
    "What would you like to do?"
)


def answer(question: str, history: list[dict[str, str]] | None, client: AiClient | None) -> str:
    question = (question or "").strip()[:1000]
    if client is not None and client.enabled:
        messages = [m for m in (history or [])[-6:] if m.get("role") in ("user", "assistant") and m.get("content")]
        reply = client.text(system=SYSTEM, messages=[*messages, {"role": "user", "content": question}])
        if reply:
            return reply
    return answer_from_help(question)


def _words(text: str) -> set[str]:
    found = set(re.findall(r"[a-z]+", text.lower()))
    return found | {w[:-1] for w in found if len(w) > 3 and w.endswith("s")}


def answer_from_help(question: str) -> str:
    words = _words(question)
    best, best_score = None, 0
    for topic in HELP_TOPICS:
        score = 3 * len(topic.keywords & words) + 2 * len(set(topic.name.split()) & words)
        score += sum(1 for w in _words(topic.text) if len(w) > 4 and w in words)
        if score > best_score:
            best, best_score = topic.text, score
    return best if best is not None else FALLBACK
