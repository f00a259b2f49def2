"""A learner-facing error in a real browser: a card with words to act on, never Voila's generic
error (Voila hides tracebacks). Same browser and rules as test_browser.py."""

from __future__ import annotations

from test_browser import CHROMIUM, browser, page, pytestmark, shot  # noqa: F401
from test_voila_pages import _serve


def test_a_damaged_progress_store_shows_a_card_on_the_page(page, tmp_path_factory):  # noqa: F811
    store = tmp_path_factory.mktemp("damaged") / "progress.sqlite3"
    store.write_bytes(b"half a file, not a database")
    base, proc, log = _serve(tmp_path_factory, store)
    try:
        page.goto(f"{base}/voila/render/02_recognising_ruptures.ipynb")
        page.get_by_text("Your progress record could not be opened").first.wait_for(timeout=90_000)
        body = page.inner_text("body")
        shot(page, "14-damaged-store-card")
        page.goto("about:blank")  # leave the page before its server stops
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()
    assert "not a repairlab progress store" in body and "left untouched" in body
    assert "Traceback" not in body and "StoreError" not in body
    assert store.read_bytes() == b"half a file, not a database"
