"""Who is practising, and where their progress goes.

A standalone Voilà serves one learner on their own machine, so the default learner id is
stable ("me") and the store is the default SQLite file: reloading the page or restarting the
computer finds the same record. ``REPAIRLAB_LEARNER`` names another learner (a course server
sets it per user).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from repairlab import settings
from repairlab.bank import Bank, load_bank
from repairlab.store import ProgressStore

DEFAULT_LEARNER = "me"


@dataclass
class Session:
    store: ProgressStore
    learner_id: str
    bank: Bank

    @classmethod
    def open(cls, store: ProgressStore | None = None, learner_id: str | None = None,
             bank: Bank | None = None) -> "Session":
        store = store or ProgressStore()
        learner_id = learner_id or settings.learner_id(DEFAULT_LEARNER)
        store.ensure_learner(learner_id)
        return cls(store=store, learner_id=learner_id, bank=bank or load_bank())


@lru_cache(maxsize=1)
def current_session() -> Session:
    """The session every exercise in this kernel shares."""
    return Session.open()
