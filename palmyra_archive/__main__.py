"""``python -m palmyra_archive`` and the ``palmyra-archive`` command."""

import sys

from .cli import main as _cli_main


def main() -> None:
    sys.exit(_cli_main())


if __name__ == "__main__":
    main()
