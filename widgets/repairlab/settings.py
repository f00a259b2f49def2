"""Everything repairlab reads from its environment, in one place.

Each setting says who sets it and why. They are read when asked for, not at import, so a test
or a course server that sets a variable before opening a page is always obeyed.

| Variable                  | Set by                          | Meaning                                       |
|---------------------------|---------------------------------|-----------------------------------------------|
| ``REPAIRLAB_DATA_DIR``    | tests, instructors              | another data folder (taxonomy, bank, ...)     |
| ``REPAIRLAB_MODULES_DIR`` | tests                           | another folder of module notebooks            |
| ``REPAIRLAB_STORE``       | course servers, tests           | the learner's SQLite progress file            |
| ``REPAIRLAB_LEARNER``     | course servers (one per user)   | the learner id in that store                  |
| ``REPAIRLAB_COACH_FOLDER``| coaches                         | where the coach view looks for records        |
| ``REPAIRLAB_CACHE_DIR``  | tests, servers                  | where the checked bank is kept (``off``: not) |
| ``REPAIRLAB_COURSE_ROOT`` | the course's nbgrader_config.py | where grading finds ``keys/``                 |
| ``NBGRADER_EXECUTION``    | nbgrader                        | ``autograde`` during a grading run            |
| ``REPAIRLAB_WHOLE_PAGES``| benchmarks, whole-page printing | ``1``: Voilà makes every exercise at once   |
| ``VOILA_PREHEAT``         | Voilà                           | ``True`` in a preheated kernel                |
| ``VOILA_KERNEL_ID``       | Voilà                           | set in every kernel Voilà runs a page in      |
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

DATA_DIR = "REPAIRLAB_DATA_DIR"
MODULES_DIR = "REPAIRLAB_MODULES_DIR"
STORE = "REPAIRLAB_STORE"
LEARNER = "REPAIRLAB_LEARNER"
COACH_FOLDER = "REPAIRLAB_COACH_FOLDER"
COURSE_ROOT = "REPAIRLAB_COURSE_ROOT"
CACHE_DIR = "REPAIRLAB_CACHE_DIR"
WHOLE_PAGES = "REPAIRLAB_WHOLE_PAGES"


def _path(name: str) -> Path | None:
    value = os.environ.get(name)
    return Path(value).expanduser() if value else None


def data_dir_override() -> Path | None:
    return _path(DATA_DIR)


def modules_dir_override() -> Path | None:
    return _path(MODULES_DIR)


def store_path() -> Path:
    """The progress store: ``REPAIRLAB_STORE``, else one file in the learner's own data folder."""
    return _path(STORE) or Path(user_data_dir("repairlab", appauthor=False)) / "progress.sqlite3"


def cache_dir() -> Path | None:
    """Where the checked bank is kept between page loads (``bank/cache.py``); None when turned off."""
    if os.environ.get(CACHE_DIR, "").strip().lower() == "off":
        return None
    return _path(CACHE_DIR) or Path(user_cache_dir("repairlab", appauthor=False))


def learner_id(default: str) -> str:
    return os.environ.get(LEARNER) or default


def coach_folder() -> Path:
    return _path(COACH_FOLDER) or Path.home() / "repairlab-coach"


def course_root() -> Path | None:
    return _path(COURSE_ROOT)


def grading_run() -> bool:
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def preheated_kernel() -> bool:
    return os.environ.get("VOILA_PREHEAT") == "True"


def served_by_voila() -> bool:
    return bool(os.environ.get("VOILA_KERNEL_ID"))


def makes_exercises_when_reached() -> bool:
    """In Voilà, exercises after a page's first are made when the learner nears them (``app/later.py``)."""
    return served_by_voila() and os.environ.get(WHOLE_PAGES, "").strip() not in ("1", "true", "yes")
