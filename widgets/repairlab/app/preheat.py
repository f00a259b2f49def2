"""Preheated kernels: build the page before the learner arrives, read their progress after.

Voilà can start a page's kernel and run its notebook before anyone asks for it, and hand the
rendered page over the moment someone does. A module page is built in the heated kernel almost
to the end: the package imported, the bank loaded, the guides and the page's first exercise made
(the exercises further down are made as the learner nears them: ``app/later.py``).
Its last cell, ``ui.finish()``, calls ``serve``: in a heated kernel that is where it waits for the
learner's request. So the learner's page arrives whole at once, with nothing left to compute but
what depends on them:

- a part of the page that shows the learner's own record is made, or brought up to date, by
  ``serve`` after the request, never from a snapshot taken when the kernel was heated. Parts
  made from the record (the drill, which follows their answers; the dashboard; the
  self-assessment report) are made then (``live``). Parts that are the same for every learner
  and only show something of theirs (a reflection's earlier saves, the scenario menu's play
  counts, their own statements, a draft's earlier attempts, the note that they visited) are
  built while heated and read the record then (``when_served``): building them after the
  request cost up to 0.37 s per page while the learner waited;
- single-cell pages (the landing page, the coach's page) call ``serve`` first, so everything on
  them is computed after the request.

Outside a heated kernel (a cold kernel, JupyterLab, nbgrader, the tests) nothing waits and
nothing is deferred: ``live`` builds at once and ``when_served`` runs at once.

Two things make a heated kernel cheaper than Voilà's own helper would:

- The wait is Voilà's protocol (``voila.utils.wait_for_request``) spoken with the ``websockets``
  client alone. Importing ``voila.utils`` loads Voilà's whole server stack into the kernel: about
  1.7 CPU-seconds and 47 MB in every heated kernel, for one websocket message.
- A page can name modules to import before the wait, in ``REPAIRLAB_PREHEAT_IMPORTS`` (set per
  page by ``kernel_env_variables`` in voila.json's ``kernel_pools_config``), so that, say, the
  practice lab's dashboard does not import pandas and matplotlib while the learner waits. Names
  are separated by spaces; one that fails to import is skipped (the page imports it again, and
  says what is wrong, when it needs it).
"""

from __future__ import annotations

import importlib
import json
import os
import time
from collections.abc import Callable

from repairlab import settings
from repairlab.session import current_session

PREHEAT_IMPORTS = "REPAIRLAB_PREHEAT_IMPORTS"

_served = False
_pending: list[Callable[[], None]] = []


def waiting() -> bool:
    """True in a heated kernel whose learner has not arrived yet."""
    return settings.preheated_kernel() and not _served


def when_served(action: Callable[[], None]) -> None:
    """Run ``action`` now, or, in a heated kernel still waiting, once the learner has arrived."""
    if waiting():
        _pending.append(action)
    else:
        action()


def live(make: Callable[[], object]) -> object:
    """A part of the page that shows the learner's own record: ``make()`` now, or, in a heated
    kernel still waiting, an empty box that ``make()`` fills once they arrive (before the page
    reaches their browser, so they never see it empty)."""
    if not waiting():
        return make()
    import ipywidgets as w

    box = w.VBox()
    when_served(lambda: setattr(box, "children", [make()]))
    return box


def serve() -> None:
    """Where a heated kernel waits for its learner; then everything deferred until they came."""
    global _served
    current_session()
    if waiting():
        warm_up(os.environ.get(PREHEAT_IMPORTS, "").split())
        wait_for_request()
    _served = True
    while _pending:
        _pending.pop(0)()

def warm_up(modules: list[str]) -> None:
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a warm-up must never stop the page
            pass


def request_url() -> str:
    """Where Voilà answers a heated kernel with the request's details (as voila.utils builds it)."""
    protocol = os.environ.get("VOILA_WS_PROTOCOL", "ws")
    ip = os.environ.get("VOILA_APP_IP", "127.0.0.1")
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_WS_BASE_URL", os.environ.get("VOILA_SERVER_URL", "/"))
    return f"{protocol}://{ip}:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID')}"


# How long a heated kernel keeps trying to reach a Voilà that refuses or drops its connection
# (a server busy starting kernels, or stopped for a while) before it gives up and runs on.
RECONNECT_FOR_S = 600.0


def wait_for_request() -> None:
    """Block until Voilà hands this heated kernel to a learner's request; then, as Voilà's own
    helper does, put the request's details (query string, server name, ...) into the environment.

    Voilà keeps the request's details for a kernel that is not connected when it is handed over,
    so a wait that loses its connection reconnects instead of giving up: giving up would compute
    the learner's page before they arrive. The connection sends no keepalive pings, so a Voilà
    that stops answering for a while (a loaded machine) does not close it either. Only an address
    that is not Voilà's endpoint (a handshake refused) ends the wait at once, as Voilà's helper
    would, so that a misconfigured page still renders."""
    try:
        from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI
        from websockets.sync.client import connect
    except ImportError:  # an older websockets: Voilà's helper, at its price
        try:
            from voila.utils import wait_for_request as voila_wait
        except ImportError:  # plain Jupyter without Voilà
            return
        voila_wait()
        return
    deadline = time.monotonic() + RECONNECT_FOR_S
    while True:
        try:
            with connect(request_url(), open_timeout=30, ping_interval=None, max_size=None) as socket:
                message = socket.recv()
            break
        except (InvalidHandshake, InvalidURI):
            return
        except (OSError, TimeoutError, ConnectionClosed):
            if time.monotonic() > deadline:
                return
            time.sleep(1)
    for key, value in json.loads(message).items():
        os.environ[key] = value
