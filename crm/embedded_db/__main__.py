"""``python -m crm.embedded_db status|stop|reset``: the embedded server of this checkout (``EMBEDDED_POSTGRES_DIR``).

``stop`` ends a server that is still running (e.g. after a process was killed), ``reset`` also deletes its data, so
the next ``make demo`` starts from an empty database.
"""

import os
import shutil
import sys
from pathlib import Path

from .server import is_running, stop

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def main(argv: list[str]) -> int:
    data = Path(os.environ.get("EMBEDDED_POSTGRES_DIR") or BASE_DIR / ".pgdata")
    command = argv[0] if argv else "status"
    if command == "status":
        print(f"{data}: {'kører' if is_running(data) else 'kører ikke'}")
    elif command in {"stop", "reset"}:
        if is_running(data):
            stop(data)
        if command == "reset" and data.exists():
            shutil.rmtree(data)
            print(f"{data}: slettet; næste 'make demo' starter med en tom database")
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
