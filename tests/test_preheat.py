"""A heated kernel builds the page first and reads the learner's record only once they arrive.

Voilà tells a heated kernel that its learner has arrived over a websocket
(``/voila/query/<kernel id>``, one JSON message with the request's details). Here a real
websocket server on this machine speaks that protocol, so the order of events in
``repairlab.app.preheat`` is checked without a browser; the real Voilà and Chromium check the
same thing end to end in test_browser.py.
"""

from __future__ import annotations

import json
import os
import threading
import time

import pytest

from repairlab.app import preheat


@pytest.fixture
def heated(monkeypatch, tmp_path):
    """A kernel as Voilà heats it: VOILA_PREHEAT set, and a request that arrives when released."""
    from websockets.sync.server import serve

    arrive = threading.Event()
    paths: list[str] = []

    def handler(connection):
        paths.append(connection.request.path)
        arrive.wait(30)
        connection.send(json.dumps({"QUERY_STRING": "from=test", "SERVER_NAME": "127.0.0.1"}))

    server = serve(handler, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    for name in ("QUERY_STRING", "SERVER_NAME"):  # set by the wait; put back as they were afterwards
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_APP_PORT", str(server.socket.getsockname()[1]))
    monkeypatch.setenv("VOILA_WS_BASE_URL", "/base/")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-1")
    monkeypatch.setenv("REPAIRLAB_STORE", str(tmp_path / "progress.sqlite3"))
    monkeypatch.setattr(preheat, "_served", False)
    monkeypatch.setattr(preheat, "_pending", [])
    from repairlab.session import current_session

    current_session.cache_clear()
    yield arrive, paths
    arrive.set()
    server.shutdown()
    current_session.cache_clear()


def test_outside_a_heated_kernel_nothing_waits_or_is_deferred(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setattr(preheat, "_served", False)
    ran = []
    preheat.when_served(lambda: ran.append(1))
    assert ran == [1]
    assert preheat.live(lambda: "made now") == "made now"


def test_a_heated_page_notes_the_visit_and_reads_progress_only_when_the_learner_arrives(heated):
    import ipywidgets as w

    from repairlab import ui
    from repairlab.session import current_session

    arrive, paths = heated
    nav = ui.begin("06_practice_lab")
    dashboard = ui.dashboard()
    session = current_session()
    assert isinstance(nav, w.HTML)
    assert isinstance(dashboard, w.VBox) and dashboard.children == (), "built before the learner came"
    assert session.store.journal(session.learner_id, "module_visit") == []

    session.store.record_answer(session.learner_id, "wd-den-01", chosen_family="withdrawal_rupture",
                                chosen_subtype="denial", family_correct=True, subtype_correct=True, context="drill")
    finished = threading.Thread(target=ui.finish)
    finished.start()
    finished.join(1)
    assert finished.is_alive(), "ui.finish() must wait for the learner in a heated kernel"
    arrive.set()
    finished.join(30)
    assert not finished.is_alive()

    assert paths == ["/base/voila/query/k-1"]
    assert [v["entry"]["module"] for v in session.store.journal(session.learner_id, "module_visit")] == ["06_practice_lab"]
    (made,) = dashboard.children
    assert "1 statements classified" in made.body.value, "the dashboard shows the answer given while heated"
    assert preheat.waiting() is False
    again = ui.dashboard()  # the page's second exercise: made when the learner nears it
    again.draw()
    assert again.exercise.__class__.__name__ == "ProgressDashboard", "after the request, parts are made at once"


def test_forms_are_built_while_heated_and_show_the_record_written_before_the_learner_arrived(heated):
    """Reflections, the scenario menu, own statements and the self-assessment are the same for every
    learner: a heated kernel builds them before anyone arrives (so the page is not computed while
    the learner waits), and reads only the learner's own record once they come."""
    from repairlab import ui
    from repairlab.exercises.assessment import AssessmentForm
    from repairlab.exercises.own_items import OwnStatements
    from repairlab.exercises.reflection import ReflectionForm
    from repairlab.exercises.scenario import ScenarioMenu
    from repairlab.session import current_session

    arrive, _ = heated
    # Each is the first exercise of its page (further down a page, exercises are made only when
    # the learner nears them: test_later.py).
    parts = []
    for make in (lambda: ui.reflection("breathing_space"), lambda: ui.scenarios("withdrawal"),
                 ui.own_statements, lambda: ui.assessment("form_a")):
        ui.begin("05_reactive_therapist")
        parts.append(make())
    reflection, menu, own, form = parts
    assert isinstance(reflection, ReflectionForm) and isinstance(menu, ScenarioMenu)
    assert isinstance(own, OwnStatements) and isinstance(form, AssessmentForm)
    assert reflection.message.value == "" and own.choose.options == ()
    scenario = menu.scenarios[0]
    assert "played" not in menu.choice.options[0][0]

    session = current_session()  # what the learner did in another tab, after this kernel was heated
    session.store.record_journal(session.learner_id, "breathing_space", {"steps": True})
    session.store.add_own_item(session.learner_id, "You keep asking the same thing.")
    session.store.record_scenario_run(session.learner_id, scenario.id, [
        {"node": "start", "choice": 1, "leads_to": "end", "ending_kind": "resolved"}])
    finished = threading.Thread(target=ui.finish)
    finished.start()
    arrive.set()
    finished.join(30)
    assert not finished.is_alive()

    assert "Saved 1 time(s)" in reflection.message.value
    assert [label for label, _ in own.choose.options] == ["You keep asking the same thing."]
    assert own.count == 1
    assert menu.choice.options[0] == (f"{scenario.title} \u00b7 "
                                      f"{session.bank.taxonomy.difficulties[scenario.difficulty].label} (played 1)",
                                      scenario.id)
    assert menu.choice.value is None


def test_the_wait_outlasts_a_dropped_connection_and_a_server_not_yet_listening(monkeypatch):
    """A heated kernel must not give up and compute the page early: it reconnects (Voilà keeps the
    request's details for a kernel that was not connected when the learner came)."""
    import socket

    from websockets.sync.server import serve

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.setenv("VOILA_WS_BASE_URL", "/")
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-2")
    monkeypatch.delenv("QUERY_STRING", raising=False)
    connections = []

    def handler(connection):
        connections.append(connection.request.path)
        if len(connections) == 1:
            return  # the first connection is dropped without an answer
        connection.send(json.dumps({"QUERY_STRING": "came=back"}))

    done = threading.Event()
    waiting = threading.Thread(target=lambda: (preheat.wait_for_request(), done.set()))
    waiting.start()  # nothing listens on the port yet: refused, and tried again
    time.sleep(2.5)
    assert not done.is_set()
    server = serve(handler, "127.0.0.1", port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert done.wait(30)
    finally:
        server.shutdown()
    assert connections == ["/voila/query/k-2", "/voila/query/k-2"]
    assert os.environ["QUERY_STRING"] == "came=back"


def test_an_address_that_is_not_voilas_endpoint_ends_the_wait(monkeypatch):
    """A misconfigured page still renders (as with Voilà's own helper): a refused handshake ends the wait."""
    import http.server

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("VOILA_APP_IP", "127.0.0.1")
    monkeypatch.setenv("VOILA_APP_PORT", str(server.server_address[1]))
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-3")
    try:
        started = time.monotonic()
        preheat.wait_for_request()
        assert time.monotonic() - started < 30
    finally:
        server.shutdown()
