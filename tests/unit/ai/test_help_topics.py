"""The help chat's text names only what the pages really have: every control it names in "quotes" is
the label of a button, link, checkbox or toggle in the pages' source, and every page it names in
**bold** is in the menu or a page's title. It once told people to click "Add shift", which no page
has; a help text that drifts from the pages fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from shiftapp.ai.help_chat import FALLBACK, HELP_SECTIONS, HELP_TOPICS, answer_from_help
from shiftapp.models import Employee
from shiftapp.services.access import navigation_for

SOURCES = Path(__file__).resolve().parents[3] / "shiftapp"
PAGE_FILES = sorted([*SOURCES.glob("pages/*.py"), *SOURCES.glob("components/*.py")])
# Calls whose first argument is what a control shows: rx.button, rx.link, rx.checkbox,
# rx.segmented_control.item, rx.tabs.trigger, rx.menu.item, and the pages' own labelled-checkbox helpers.
CONTROL_CALLS = {"button", "link", "checkbox", "switch", "item", "trigger", "_checkbox"}
# Calls that draw a control from a keyword argument: form_dialog's action button (components/dialogs.py).
KEYWORD_CONTROLS = {"form_dialog": "action"}
QUOTED = re.compile(r'"([^"]+)"')
BOLD = re.compile(r"\*\*([^*]+)\*\*")


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _shown_strings(node: ast.AST) -> set[str]:
    """The literal texts a control's first argument can show: itself, or the branches of an rx.cond,
    or the pieces of an rx.text inside it, or the English text of a t("…") / tf("…") (i18n)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value.strip()}
    if isinstance(node, ast.Call) and _name(node) in ("cond", "text", "t", "tf"):
        return {text for arg in node.args for text in _shown_strings(arg)}
    return set()


def control_labels() -> set[str]:
    labels: set[str] = set()
    for path in PAGE_FILES:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and _name(node) in CONTROL_CALLS and node.args:
                labels |= _shown_strings(node.args[0])
            if isinstance(node, ast.Call) and _name(node) in KEYWORD_CONTROLS:
                keyword = KEYWORD_CONTROLS[_name(node)]
                labels |= {text for k in node.keywords if k.arg == keyword for text in _shown_strings(k.value)}
    return labels


def page_names() -> set[str]:
    """The menu of someone who may open every page, the pages' titles, and the inbox's link."""
    everyone = Employee(email="a@example.com", full_name="A B", access_role="admin", is_team_leader=True)
    names = {item["label"] for item in navigation_for(everyone)}
    for path in PAGE_FILES:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and _name(node) == "page_shell" and node.args:
                names |= _shown_strings(node.args[0])
    return names | {"Inbox"}


def test_the_labels_are_read_from_the_pages():
    labels = control_labels()
    # Plain labels, labels on another line, labels inside rx.cond, a link, a checkbox and a toggle.
    assert {
        "Check the rules",  # a form dialog's action button
        "Save preferences",
        "Confirm all pending",
        "Make my calendar address",
        "Change anyway",
        "Copy & repeat",
        "Respect preferences",
        "Copy who works each shift too",
        "Week",
    } <= labels
    assert "A button no page has" not in labels
    assert {"Schedule", "My shifts", "Swaps", "Copy & repeat", "Employees"} <= page_names()


@pytest.mark.parametrize("topic", HELP_TOPICS, ids=[t.name for t in HELP_TOPICS])
def test_every_control_the_help_names_in_quotes_is_on_a_page(topic):
    labels = control_labels()
    named = QUOTED.findall(topic.text)
    missing = [name for name in named if name not in labels]
    assert not missing, f"the help topic {topic.name!r} names controls no page has: {missing}"


@pytest.mark.parametrize("topic", HELP_TOPICS, ids=[t.name for t in HELP_TOPICS])
def test_every_page_the_help_names_in_bold_is_in_the_menu(topic):
    pages = page_names()
    missing = [name for name in BOLD.findall(topic.text) if name not in pages]
    assert not missing, f"the help topic {topic.name!r} names pages the menu does not have: {missing}"


def test_the_staff_pages_have_topics():
    assert {"swaps", "open shifts", "time off", "copy and repeat", "my shifts"} <= set(HELP_SECTIONS)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("How do I swap a shift with a colleague?", "**Swaps**"),
        ("Can I give away my shift?", "**Swaps**"),
        ("How do I claim an open shift?", "**Open shifts**"),
        ("How do I ask for vacation?", "**Time off**"),
        ("I am sick tomorrow, how do I request leave?", "**Time off**"),
        ("How do I copy last week to the next weeks?", "**Copy & repeat**"),
        ("How do I apply shift templates?", "**Copy & repeat**"),
        ("Where do I see my shifts this month?", "**My shifts**"),
        ("How do I create a new shift?", 'press "Add shift"'),
        ("How do I fix a conflict?", "**Schedule health**"),
        ("How do I add a new employee?", '"New employee"'),
        ("How do I set my preferences?", "**My preferences**"),
    ],
)
def test_questions_without_the_model_find_their_topic(question, expected):
    assert expected in answer_from_help(question)


def test_an_unrelated_question_gets_the_list_of_topics():
    assert answer_from_help("What is the capital of Peru?") == FALLBACK
