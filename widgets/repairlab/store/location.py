"""Where a learner's progress lives by default: their own data directory, one file.

``REPAIRLAB_STORE`` overrides it (a path to the SQLite file), which is how a course server or a
test points the curriculum somewhere else.
"""

from __future__ import annotations

from pathlib import Path

from repairlab import settings


def default_store_path() -> Path:
    return settings.store_path()
