"""Partner mode and the coach view in a real headless Chromium, by keyboard, at 200% zoom.

Same browser, server and rules as test_browser.py: any console error or off-machine request
fails the test; screenshots are kept in test-artifacts/browser/.
"""

from __future__ import annotations

from test_browser import CHROMIUM, browser, page, pytestmark, shot, wait_widgets  # noqa: F401
from test_voila_pages import STORE, voila  # noqa: F401


def test_partner_mode_by_keyboard(page, voila):  # noqa: F811
    page.goto(f"{voila}/voila/render/06_practice_lab.ipynb")
    wait_widgets(page)
    select = page.locator(".rl-partner-practice select")
    select.focus()
    page.keyboard.press("ArrowDown")  # the first skill
    partner = page.locator(".rl-partner")
    partner.wait_for(timeout=60_000)
    assert "reads the client" in partner.inner_text()
    boxes = partner.locator("input[type=checkbox]")
    boxes.nth(0).focus()
    page.keyboard.press("Space")
    boxes.nth(2).focus()
    page.keyboard.press("Space")
    partner.locator("button", has_text="Save ticks and swap roles").focus()
    page.keyboard.press("Enter")
    partner.get_by_text("Saved: 2 of 4 criteria").wait_for(timeout=30_000)
    assert "Turn 2." in partner.inner_text()
    shot(page, "09-partner-mode")


def test_partner_mode_reads_at_200_percent_zoom(browser, voila):  # noqa: F811
    context = browser.new_context(viewport={"width": 640, "height": 900})
    page = context.new_page()
    page.set_default_navigation_timeout(120_000)
    try:
        page.goto(f"{voila}/voila/render/06_practice_lab.ipynb")
        wait_widgets(page)
        page.locator(".rl-partner-practice select").select_option(index=1)
        page.locator(".rl-partner").wait_for(timeout=60_000)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        shot(page, "10-partner-zoom-200")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px at 200% zoom"
    finally:
        context.close()


def test_the_coach_opens_a_record_by_keyboard_and_comments(page, voila, tmp_path, bank):  # noqa: F811
    from repairlab.exercises.draft import DraftExercise
    from repairlab.session import Session
    from repairlab.store import ProgressStore
    from repairlab.store.transfer import write_export

    folder = tmp_path / "records"
    store = ProgressStore(tmp_path / "trainee.sqlite3")
    session = Session.open(store=store, learner_id="dana", bank=bank)
    DraftExercise(bank.practice_items()[0], session=session).submit("I notice we moved on fast. Can we go back?")
    write_export(store.export_learner("dana"), folder / "dana.json")
    store.close()

    page.goto(f"{voila}/voila/render/coach.ipynb")
    wait_widgets(page)
    field = page.locator("input[type=text]").first
    field.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(folder))
    page.keyboard.press("Tab")
    page.locator("button", has_text="Look in this folder").focus()
    page.keyboard.press("Enter")
    page.get_by_text("1 record(s) found").wait_for(timeout=90_000)
    page.locator("select[multiple]").first.select_option(index=0)
    page.locator("button", has_text="Open the chosen records").focus()
    page.keyboard.press("Enter")
    page.get_by_text("we moved on fast").wait_for(timeout=90_000)
    page.locator("textarea").first.focus()
    page.keyboard.type("Good instinct to go back; slow down a little more.")
    page.locator("button", has_text="Save comment").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Saved.").wait_for(timeout=90_000)
    assert (folder / "dana.comments.json").exists()
    shot(page, "11-coach-view")
