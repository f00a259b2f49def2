"""The self-study app in a real headless Chromium, the way a learner meets it.

Debian's Chromium driven by Playwright: open the landing page, open a module, classify a
statement, draft a response and reveal the model responses, do a reaction check, reload and find
the progress still there, and use an exercise by keyboard alone. Any browser console error fails
the test. Screenshots of each step are kept in test-artifacts/browser/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from test_voila_pages import voila  # noqa: F401  (the running Voilà server fixture)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "browser"
IGNORED_CONSOLE = ("Failed to load resource: net::ERR_", "favicon")

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
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and not any(i in m.text for i in IGNORED_CONSOLE)
            and errors.append(m.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    context.close()
    assert errors == [], f"browser console errors: {errors}"


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_widgets(page) -> None:
    page.wait_for_selector(".jupyter-widgets", timeout=60_000)


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

    check = page.locator(".widget-toggle-buttons").filter(has_text="Good challenge").first
    check.locator("button", has_text="Good challenge").click()
    page.locator(".widget-toggle-buttons").filter(has_text="Engaged").first.locator("button", has_text="Engaged").click()
    page.locator("button", has_text="Save reaction").first.click()
    page.get_by_text("Saved.").first.wait_for(timeout=30_000)
    shot(page, "05-reaction")

    page.goto(f"{voila}/voila/render/index.ipynb")
    page.wait_for_selector("a.rl-module", timeout=60_000)
    body = page.inner_text("body")
    assert "you have answered 1" in body and "written 1 drafts" in body
    assert "Visited" in body
    shot(page, "06-after-reload")


def test_classify_by_keyboard_alone(page, voila):  # noqa: F811
    page.goto(f"{voila}/voila/render/02_recognising_ruptures.ipynb")
    wait_widgets(page)
    radio = page.locator(".rl-classify").first.locator("input[type=radio]").first
    radio.focus()
    page.keyboard.press("Space")
    for _ in range(5):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")  # the last family: no rupture, which needs no subtype
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    for _ in range(3):
        if "Check" in (focused or ""):
            break
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent")
    assert "Check" in focused
    page.keyboard.press("Enter")
    page.locator(".rl-classify").first.locator("[role=status]").wait_for(timeout=30_000)
    shot(page, "07-keyboard")
