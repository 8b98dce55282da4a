"""Reflex states: thin layers that resolve the signed-in user on the server and call services."""
