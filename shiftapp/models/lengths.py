"""The longest value, in characters, each kind of text field may hold.

The one place these numbers live: table columns (VARCHAR(n)), request schemas (maxLength in
/openapi.json) and the services' checks (`shiftapp.services.text_limits`, which re-exports
them) all read them from here. It sits in `models/` because tables may import nothing else of
the app; the checks that use the numbers stay in `services/`.
"""

from __future__ import annotations

# What people type.
NAME = 120  # a person's, bureau's, mission's, skill's, template's, branch's, route's name
EMAIL = 254  # RFC 5321's longest address
LABEL = 160  # a title, a plan name, a shift label, a customer's name
NOTES = 2_000  # free notes (shift, plan, unit, preference notes)
REASON = 500  # why someone is on leave or unavailable; why a change was made
PHONE = 40
ADDRESS = 255  # a street address, an order line's description
SEARCH = 200  # a search or filter query

# What programs and clients exchange.
ID = 64  # an id a client may send (UUIDs are 36) or an entity id in the audit trail
CODE = 16  # a short code: bureau, branch, route, postal code
REFERENCE = 40  # an external reference: order number, worker id, licence, production code, rule code
PLATE = 32  # a registration number or licence plate; a customer's BP code
STATUS = 20  # an enumerated value: status, role, kind, severity, source
TIMEZONE = 64  # an IANA time zone name (the longest today is 32)
TIME_OF_DAY = 5  # HH:MM
ISO_DATE = 10  # YYYY-MM-DD
MESSAGE = 1_000  # a message the app writes: a conflict's description, a job's progress
LANGUAGE = 8  # a language code the interface speaks: en, it
ERROR = 2_000  # a job's error text
HASH = 255  # a password hash (argon2/bcrypt strings are under 120)
TOKEN_HASH = 64  # a SHA-256 hex digest
COUNTER_KEY = 200  # a rate-limit counter key (prefix, route group, caller)
CONFLICT_KEY = 500  # a rule code plus the sorted ids a conflict involves
TIMESTAMP = 40  # an ISO date-time as text ("2026-12-04T20:00:00.000000+00:00" is 32)
PASSWORD = 128  # what passwords.py accepts
QUESTION = 1_000  # a question to the help assistant
