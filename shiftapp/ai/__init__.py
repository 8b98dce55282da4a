"""The language model's jobs: read people's notes, explain, answer questions — never the arithmetic.

Every output is parsed into a pydantic schema; a missing key, a timeout or malformed output
falls back to deterministic behaviour, and nothing the model says is applied without the rule
engine and the services checking it.
"""
