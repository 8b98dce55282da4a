"""`translate`: English source text to the reader's language, with named parameters.

The English text is the key (so the code reads as it always did, and an untranslated text still shows
in English). Parameters may be plain values or `Localized` ones (a date, a time window) that render
themselves per language."""

from __future__ import annotations

import string
from typing import Any

from shiftapp.i18n.catalogue import ITALIAN
from shiftapp.i18n.languages import Language, language_or_default
from shiftapp.i18n.values import Localized


def template_for(text: str, lang: Language | str) -> str:
    if language_or_default(lang) == "it":
        return ITALIAN.get(text, text)
    return text


def render_param(value: Any, lang: Language) -> str:
    if isinstance(value, Localized):
        return value.render(lang)
    return str(value)


def translate(text: str, lang: Language | str, /, **params: Any) -> str:
    """`text` (English, with `{name}` fields) in `lang`, its fields filled in. Without params the text is
    returned as is, braces and all, so plain sentences need no escaping."""
    language = language_or_default(lang)
    template = template_for(text, language)
    if not params:
        return template
    return template.format(**{k: render_param(v, language) for k, v in params.items()})


def fields_of(template: str) -> set[str]:
    """The named fields of a template (what a translation must keep)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
