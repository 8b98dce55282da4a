"""The languages the interface speaks, and how a browser's preference picks one."""

from __future__ import annotations

from typing import Literal, get_args

Language = Literal["en", "it"]
LANGUAGES: tuple[str, ...] = get_args(Language)
DEFAULT_LANGUAGE: Language = "en"
# What the profile's select shows: each language in its own words.
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "it": "Italiano"}


def language_or_default(value: object) -> Language:
    """A supported language code, or English for anything else (an unset profile, a stray value)."""
    return "it" if value == "it" else DEFAULT_LANGUAGE


def language_from_accept(header: str | None) -> Language:
    """The first supported language in an Accept-Language header, by its q-weight ("it-IT,it;q=0.9,en;q=0.8"
    gives Italian); English when none is supported or the header is missing or malformed."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:20]):
        tag, _, options = part.strip().partition(";")
        weight = 1.0
        for option in options.split(";"):
            name, _, value = option.strip().partition("=")
            if name.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and weight > 0:
            choices.append((-weight, position, primary))
    return language_or_default(min(choices)[2]) if choices else DEFAULT_LANGUAGE
