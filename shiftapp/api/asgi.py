"""The REST API on its own (without the Reflex pages), e.g. `granian --interface asgi shiftapp.api.asgi:app`.
Integration tests serve it this way over real HTTP."""

from shiftapp.api import create_api

app = create_api()
