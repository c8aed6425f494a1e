"""The `orderly` command: the platform's commands with the right settings.

orderly serve              serve the platform (gunicorn) on ORDERLY_BIND
orderly migrate            apply database migrations
orderly demo-data          load a synthetic demo population
orderly import-crossings   load historical crossings from CSV or Parquet
orderly mrz parse          read one MRZ on standard input, print JSON
orderly stats export       copy the crossings stored since the last export into the warehouse
orderly stats synthesize   write a synthetic national year into a warehouse
orderly stats table NAME   one statistical table, through disclosure control (stats tables: all)
orderly review import FILE...   import UN DESA migrant stock and World Bank remittance files
orderly review regional    the regional review of a year (--region escap --year 2019)
orderly <django command>   any other Django management command
"""

from __future__ import annotations

import os
import sys
from datetime import date

from config.env import ConfigurationError


def main(argv: list[str] | None = None) -> int:
    """Dispatch ``argv`` (default: the process arguments) and return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    if args[:2] == ["mrz", "parse"]:
        return _mrz_parse()
    if args[0] == "mrz":
        print("usage: orderly mrz parse < mrz.txt", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        if args[0] == "serve":
            return _serve(args[1:])
        return _django([args[0].replace("-", "_"), *args[1:]])
    except ConfigurationError as problem:
        print(f"orderly: configuration: {problem} (see docs/configuration.md)", file=sys.stderr)
        return 2


def _mrz_parse() -> int:
    # Deliberately free of Django: scripts call this in loops and it must start fast.
    from orderly.registry.mrz_cli import run

    return run(sys.stdin, sys.stdout, today=date.today())


def _django(args: list[str]) -> int:
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["orderly", *args])
    except SystemExit as exit_:
        return int(exit_.code or 0) if not isinstance(exit_.code, str) else 2
    return 0


def _serve(extra: list[str]) -> int:
    import django
    from django.conf import settings

    django.setup()
    from gunicorn.app.wsgiapp import run

    busy = _address_in_use(settings.SERVE_BIND)
    if busy:
        print(
            f"orderly serve: cannot listen on {settings.SERVE_BIND}: {busy}. "
            "Choose another address, e.g. ORDERLY_BIND=127.0.0.1:8765",
            file=sys.stderr,
        )
        return 2

    sys.argv = [
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        settings.SERVE_BIND,
        "--workers",
        str(settings.SERVE_WORKERS),
        "--threads",
        str(settings.SERVE_THREADS),
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
        # gunicorn's control socket lives in the home folder, where a second server would take
        # it over and a hardened service cannot write; the platform does not use it.
        "--no-control-socket",
        *extra,
    ]
    run()
    return 0


def _address_in_use(bind: str) -> str | None:
    """Why ``host:port`` cannot be listened on, or None (said once, clearly, not five retries)."""
    import socket

    host, _, port = bind.rpartition(":")
    try:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host or "127.0.0.1", int(port)))
    except (OSError, ValueError) as problem:
        return str(problem)
    return None


if __name__ == "__main__":
    sys.exit(main())
