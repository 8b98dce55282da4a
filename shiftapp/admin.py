"""Command-line administration: `python -m shiftapp.admin create-admin --email you@example.org [--name ...]`.

The password is asked for twice (never echoed); for unattended deployments it can come from the
environment variable SHIFTAPP_ADMIN_PASSWORD or, with --password-stdin, from the first line of stdin.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlmodel import Session

from shiftapp.db import get_engine
from shiftapp.services.admins import create_admin
from shiftapp.services.errors import DomainError

PASSWORD_ENV = "SHIFTAPP_ADMIN_PASSWORD"


def _read_password(args: argparse.Namespace) -> str | None:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    first = getpass.getpass("Password for the new administrator: ")
    if getpass.getpass("Repeat the password: ") != first:
        print("The two passwords differ; nothing was created.", file=sys.stderr)
        return None
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shiftapp.admin", description="shiftapp administration")
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create-admin", help="add an administrator who signs in with a password")
    create.add_argument("--email", required=True)
    create.add_argument("--name", default=None, help="full name (default: Administrator)")
    create.add_argument(
        "--password-stdin",
        action="store_true",
        help=f"read the password from stdin instead of asking (or set {PASSWORD_ENV})",
    )
    args = parser.parse_args(argv)

    password = _read_password(args)
    if password is None:
        return 1
    with Session(get_engine()) as session:
        try:
            admin = create_admin(session=session, email=args.email, password=password, full_name=args.name)
        except DomainError as error:
            print(f"Not created: {error}", file=sys.stderr)
            return 1
        session.commit()
        print(f"Administrator {admin.email} created; sign in at the app's /login page.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
