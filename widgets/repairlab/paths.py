"""Where the curriculum's data lives.

The data (vignettes, taxonomy, bibliography) is kept in the repository's ``data/`` folder so
that instructors can read and edit it; a built wheel carries a copy as ``repairlab/_data``.
``REPAIRLAB_DATA_DIR`` overrides both, which the tests use to point at fixture banks.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_TREE_DATA = _PACKAGE_DIR.parent.parent / "data"
_WHEEL_DATA = _PACKAGE_DIR / "_data"


def data_dir() -> Path:
    """The folder holding ``taxonomy.yaml``, ``bibliography.yaml`` and ``vignettes/``."""
    override = os.environ.get("REPAIRLAB_DATA_DIR")
    if override:
        return Path(override)
    if _WHEEL_DATA.is_dir():
        return _WHEEL_DATA
    return _SOURCE_TREE_DATA


def vignettes_dir() -> Path:
    return data_dir() / "vignettes"


def taxonomy_file() -> Path:
    return data_dir() / "taxonomy.yaml"


def bibliography_file() -> Path:
    return data_dir() / "bibliography.yaml"


def modules_dir() -> Path:
    """The curriculum notebooks (``REPAIRLAB_MODULES_DIR`` overrides, for tests)."""
    override = os.environ.get("REPAIRLAB_MODULES_DIR")
    return Path(override) if override else _PACKAGE_DIR.parent.parent / "modules"
