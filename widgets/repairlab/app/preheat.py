"""Preheated kernels: do the slow start-up before the learner arrives, read their progress after.

Voilà can start a page's kernel and run its notebook before anyone asks for it. The first cell
of every page calls ``ready_then_wait``: it imports the package and loads the bank (the slow
part), then, in a preheated kernel only, waits for the real request. Everything after it, and
so every progress figure on the page, is computed when the learner opens the page, never from
a stale snapshot. Outside a preheated kernel the wait returns at once.
"""

from __future__ import annotations

from repairlab import settings
from repairlab.session import current_session


def ready_then_wait() -> None:
    current_session()
    if not settings.preheated_kernel():
        # Not a preheated kernel. (Importing voila.utils loads Voilà's whole server stack, about
        # three seconds, so only a preheated kernel, which has the time to spare, does it.)
        return
    try:
        from voila.utils import wait_for_request
    except ImportError:  # plain Jupyter without Voilà
        return
    wait_for_request()
