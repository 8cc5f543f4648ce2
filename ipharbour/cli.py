"""The `ipharbour` console command: Django's management commands plus the platform's own.

`--data-dir DIR` anywhere on the line selects the data directory (as IPHARBOUR_DATA_DIR does).
"""

import os
import sys


def _take_data_dir(argv: list[str]) -> list[str]:
    rest: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--data-dir":
            os.environ["IPHARBOUR_DATA_DIR"] = next(args, "")
        elif arg.startswith("--data-dir="):
            os.environ["IPHARBOUR_DATA_DIR"] = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return rest


def main(argv: list[str] | None = None) -> None:
    argv = _take_data_dir(list(sys.argv[1:] if argv is None else argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipharbour.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["ipharbour", *argv])


if __name__ == "__main__":
    main()
