"""The self-study app in a real headless Chromium, the way a learner meets it.

Debian's Chromium driven by Playwright: open the landing page, open a module, classify a
statement, draft a response and reveal the model responses, do a reaction check, reload and find
the progress still there, and use an exercise by keyboard alone. Any browser console error fails
the test. Screenshots of each step are kept in test-artifacts/browser/.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from test_voila_pages import voila  # noqa: F401  (the running Voilà server fixture)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
# Failed loads are recorded from the network events instead (they name the URL), so the
# console's own copy of them is skipped.
IGNORED_CONSOLE = ("Failed to load resource",)
# Voilà 0.5 sends its kernel-shutdown beacon without an XSRF token when a page is left, and the
# server answers 403 (voila-dashboards/voila#1458); idle kernels are culled instead (voila.json).
KNOWN_UPSTREAM = ("/voila/api/shutdown/",)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"),
                       reason="Chromium is not installed (scripts/test installs it on CI)"),
]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    # A cold Voila page starts a kernel and runs the notebook before "load"; on a busy 2-core
    # machine that can pass 30 s. Speed is measured in benchmarks/, not here.
    page.set_default_navigation_timeout(120_000)
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and not any(i in m.text for i in IGNORED_CONSOLE)
            and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: r.status >= 400 and not any(k in r.url for k in KNOWN_UPSTREAM)
            and errors.append(f"HTTP {r.status} {r.url}"))
    page.on("requestfailed", lambda r: r.url.startswith("http://127.0.0.1")
            and not any(k in r.url for k in KNOWN_UPSTREAM) and errors.append(f"failed {r.url}"))
    page.console_errors = errors

    def offline(route):
        """The page must work offline: any request off this machine is an error (and is refused)."""
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            errors.append(f"external request {route.request.url}")
            route.abort()

    context.route("**/*", offline)
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_widgets(page) -> None:
    page.locator(".widget-button:visible").first.wait_for(timeout=90_000)


def test_a_learner_journey(page, voila):  # noqa: F811
    page.goto(f"{voila}/voila/render/index.ipynb")
    page.wait_for_selector("a.rl-module", timeout=60_000)
    assert page.locator("a.rl-module").count() >= 8
    shot(page, "01-landing")

    page.locator("a.rl-module", has_text="Recognising ruptures").click()
    wait_widgets(page)
    assert "Recognising ruptures" in page.content()
    assert "from repairlab import" not in page.inner_text("body")
    shot(page, "02-module")

    first = page.locator(".rl-classify").first
    first.locator("label", has_text="No rupture").click()
    first.locator("button", has_text="Check").click()
    first.locator("[role=status]").wait_for(timeout=30_000)
    assert "What marks it" in first.inner_text()
    shot(page, "03-classified")

    page.goto(f"{voila}/voila/render/04_resolving_ruptures.ipynb")
    wait_widgets(page)
    draft = page.locator(".rl-draft").first
    draft.locator("textarea").fill("It sounds like something I said didn't sit right with you. What was that like?")
    draft.locator("button", has_text="Get feedback").click()
    draft.get_by_text("Feedback on draft 1").wait_for(timeout=30_000)
    draft.locator("button", has_text="Show exemplary and poor responses").click()
    draft.get_by_text("Typical poor responses").wait_for(timeout=30_000)
    shot(page, "04-drafted")

    page.locator('button[data-value="Good%20challenge"]').first.click()
    page.locator('button[data-value="Engaged"]').first.click()
    page.locator("button", has_text="Save reaction").first.click()
    page.get_by_text("Saved.").first.wait_for(timeout=30_000)
    shot(page, "05-reaction")

    page.goto(f"{voila}/voila/render/index.ipynb")
    page.wait_for_selector("a.rl-module", timeout=60_000)
    body = page.inner_text("body")
    assert "you have answered 1" in body and "written 1 drafts" in body
    assert "Visited" in body
    shot(page, "06-after-reload")


def _tab_to(page, predicate: str, limit: int = 12) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {predicate}; }})()"):
            return
    raise AssertionError(f"keyboard focus never reached an element where {predicate}")


def test_classify_by_keyboard_alone(page, voila):  # noqa: F811
    page.goto(f"{voila}/voila/render/02_recognising_ruptures.ipynb")
    wait_widgets(page)
    exercise = page.locator(".rl-classify").first
    exercise.locator("input[type=radio]").first.focus()
    page.keyboard.press("Space")  # Withdrawal rupture
    assert exercise.locator("input[type=radio]").first.is_checked()
    # The kernel shows the marker menu once a family is chosen (while it may still be making the
    # exercises further down the page); a hidden menu takes no focus.
    exercise.locator("select").wait_for(state="visible", timeout=30_000)
    _tab_to(page, "el.tagName === 'SELECT'")
    page.keyboard.press("ArrowDown")  # a marker
    # The kernel enables Check once a marker is chosen; a disabled button takes no focus.
    exercise.locator("button:has-text('Check'):enabled").wait_for(timeout=30_000)
    _tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('Check')")
    page.keyboard.press("Enter")
    exercise.locator("[role=status]").wait_for(timeout=30_000)
    assert "What marks it" in exercise.inner_text()
    shot(page, "07-keyboard")


def test_readable_at_200_percent_zoom(browser, voila):  # noqa: F811
    """200% zoom on a 1280-pixel screen leaves a 640-pixel-wide layout: nothing may need sideways scrolling."""
    context = browser.new_context(viewport={"width": 640, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{voila}/voila/render/04_resolving_ruptures.ipynb")
        wait_widgets(page)
        draft = page.locator(".rl-draft").first
        draft.locator("textarea").fill("It sounds like I got that wrong. What was it like for you?")
        draft.locator("button", has_text="Get feedback").click()
        draft.get_by_text("Feedback on draft").wait_for(timeout=30_000)  # the journey may have drafted here first
        draft.locator("button", has_text="Show exemplary and poor responses").click()
        draft.get_by_text("Typical poor responses").wait_for(timeout=30_000)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        shot(page, "08-zoom-200")
        assert overflow <= 1, f"the page scrolls sideways by {overflow}px at 200% zoom"
    finally:
        context.close()


def test_a_preheated_landing_page_shows_progress_made_after_it_was_heated(page, voila):  # noqa: F811
    """voila.json preheats the landing page; what it shows must be read when the learner arrives."""
    import json

    from repairlab.store import ProgressStore
    from test_voila_pages import STORE

    config = json.loads((Path(__file__).resolve().parent.parent / "voila.json").read_text())
    assert config["VoilaConfiguration"]["preheat_kernel"] is True
    assert config["VoilaKernelManager"]["kernel_pools_config"]["index.ipynb"]["pool_size"] == 1
    page.goto(f"{voila}/voila/render/index.ipynb")  # uses the heated kernel; a new one is heated
    page.get_by_text("So far you have answered").first.wait_for(timeout=90_000)
    time.sleep(15)  # the replacement kernel runs the notebook up to its wait
    with ProgressStore(STORE["path"]) as store:
        store.ensure_learner("me")
        store.record_answer("me", "wd-den-01", chosen_family="withdrawal_rupture", chosen_subtype="denial",
                            family_correct=True, subtype_correct=True, context="elsewhere")
        count = len(store.answers("me"))
    page.goto(f"{voila}/voila/render/index.ipynb")
    page.get_by_text(f"So far you have answered {count} ").first.wait_for(timeout=90_000)
    shot(page, "preheated-landing")


def test_a_preheated_module_page_reads_the_learners_record_when_they_arrive(page, voila):  # noqa: F811
    """voila.json preheats every module almost to its end (app/preheat.py): a heated page must not
    note a visit nobody made, and must show drafts written after it was heated."""
    from repairlab.store import ProgressStore
    from test_voila_pages import STORE

    def visits() -> int:
        with ProgressStore(STORE["path"]) as store:
            store.ensure_learner("me")
            return sum(1 for v in store.journal("me", "module_visit") if v["entry"].get("module") == "04_resolving_ruptures")

    page.goto(f"{voila}/voila/render/04_resolving_ruptures.ipynb")  # the heated kernel; another is heated
    page.get_by_role("button", name="Get feedback").first.wait_for(timeout=90_000)
    time.sleep(20)  # the replacement kernel builds the page up to ui.finish() and waits there
    before = visits()
    assert before >= 1
    with ProgressStore(STORE["path"]) as store:  # a draft on every statement the page could show
        from repairlab.bank import load_bank

        for item in load_bank():
            if item.family in ("withdrawal_rupture", "confrontation_rupture"):
                store.record_draft("me", item.id, "A draft written after the page was heated", score=None)
    time.sleep(2)
    assert visits() == before, "a heated kernel noted a visit before anyone opened the page"
    page.goto(f"{voila}/voila/render/04_resolving_ruptures.ipynb")
    page.get_by_text("A draft written after the page was heated").first.wait_for(timeout=90_000)
    reveal = page.get_by_role("button", name="Show exemplary and poor responses").first
    assert reveal.is_enabled()
    assert visits() == before + 1
    shot(page, "preheated-module")


def test_exercises_further_down_a_page_are_drawn_without_a_click(page, voila):  # noqa: F811
    """Voilà sends a page's exercises after the first behind a button (app/later.py); the template's
    script presses each as the learner nears it, and the rest soon after, so nobody has to."""
    page.goto(f"{voila}/voila/render/05_reactive_therapist.ipynb")
    wait_widgets(page)
    show = page.get_by_role("button", name=re.compile(r"^Show (the|your) "))
    page.wait_for_function("() => document.querySelectorAll('.rl-later').length === 7", timeout=60_000)
    deadline = time.monotonic() + 60
    while show.count() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert show.count() == 0, "some exercises were never drawn"
    assert page.get_by_role("button", name="Save to my journal").count() == 7  # the seven reflections
    page.locator('button[data-value="Good%20challenge"]').first.click()  # the reaction check, last on the page
    shot(page, "09-drawn-when-reached")


def test_without_the_pages_script_each_exercise_opens_by_hand(browser, voila):  # noqa: F811
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.route("**/static/later.js*", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(f"{voila}/voila/render/05_reactive_therapist.ipynb")
        wait_widgets(page)
        reaction = page.get_by_role("button", name="Show the reaction check")
        reaction.wait_for(timeout=60_000)
        assert page.get_by_role("button", name="Show the reflection").count() == 6
        assert page.locator('button[data-value="Good%20challenge"]').count() == 0
        reaction.click()
        page.locator('button[data-value="Good%20challenge"]').first.wait_for(timeout=30_000)
        assert reaction.count() == 0
    finally:
        context.close()
