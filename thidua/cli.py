"""The `thidua` console command: manage.py with hyphenated command names.

`thidua import-people FILE` runs the `import_people` management command, and so on.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["thidua", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
