"""Where the curriculum's data lives.

The data (vignettes, taxonomy, bibliography) is kept in the repository's ``data/`` folder so
that instructors can read and edit it; a built wheel carries a copy as ``repairlab/_data``.
``REPAIRLAB_DATA_DIR`` overrides both, which the tests use to point at fixture banks. Every data
file's path is built here, so a new file is one function, not a string in several modules.
"""

from __future__ import annotations

from pathlib import Path

from repairlab import settings

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_TREE_DATA = _PACKAGE_DIR.parent.parent / "data"
_WHEEL_DATA = _PACKAGE_DIR / "_data"
_WHEEL_MODULES = _PACKAGE_DIR / "_modules"  # an installed wheel carries the notebooks here


def data_dir() -> Path:
    """The folder holding ``taxonomy.yaml``, ``bibliography.yaml`` and ``vignettes/``."""
    override = settings.data_dir_override()
    if override:
        return override
    if _WHEEL_DATA.is_dir():
        return _WHEEL_DATA
    return _SOURCE_TREE_DATA


def vignettes_dir() -> Path:
    return data_dir() / "vignettes"


def scenarios_dir() -> Path:
    return data_dir() / "scenarios"


def skills_file() -> Path:
    return data_dir() / "skills" / "skills.yaml"


def reaction_form_file() -> Path:
    return data_dir() / "practice" / "reaction_form.yaml"


def reflections_file() -> Path:
    return data_dir() / "practice" / "reflections.yaml"


def cues_file() -> Path:
    return data_dir() / "feedback" / "cues.yaml"


def safety_file() -> Path:
    return data_dir() / "feedback" / "safety.yaml"


def rubric_file() -> Path:
    return data_dir() / "rubrics" / "drafted_response.yaml"


def taxonomy_file() -> Path:
    return data_dir() / "taxonomy.yaml"


def bibliography_file() -> Path:
    return data_dir() / "bibliography.yaml"


def modules_dir() -> Path:
    """The curriculum notebooks (``REPAIRLAB_MODULES_DIR`` overrides, for tests)."""
    override = settings.modules_dir_override()
    if override:
        return override
    if _WHEEL_MODULES.is_dir():
        return _WHEEL_MODULES
    return _PACKAGE_DIR.parent.parent / "modules"
