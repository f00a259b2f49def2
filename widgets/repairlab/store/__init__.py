"""The learner's progress store: every answer, draft, reaction and drill step, in SQLite."""

from repairlab.store.errors import StoreError
from repairlab.store.location import default_store_path
from repairlab.store.store import ProgressStore

__all__ = ["ProgressStore", "StoreError", "default_store_path"]
