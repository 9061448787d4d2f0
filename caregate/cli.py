"""The ``caregate`` console command.

Every verb is a Django management command (``caregate demo`` runs the ``demo``
command), so the CLI, the tests and ``python -m django`` share one code path.
Exit codes: 0 success, 1 the work ran and found the programme not ready
(``assess``), 2 bad input or a failure named in the message, 130 interrupted.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caregate.settings")
    from django.core.management import execute_from_command_line

    from caregate.conf import ConfigurationError

    args = ["caregate", *(sys.argv[1:] if argv is None else argv)]
    try:
        execute_from_command_line(args)
    except ConfigurationError as exc:
        print(f"caregate: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("caregate: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
