"""Where a learner's progress lives by default: their own data directory, one file.

``REPAIRLAB_STORE`` overrides it (a path to the SQLite file), which is how a course server or a
test points the curriculum somewhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def default_store_path() -> Path:
    override = os.environ.get("REPAIRLAB_STORE")
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir("repairlab", appauthor=False)) / "progress.sqlite3"
