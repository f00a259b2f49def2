"""Playing a scenario in a real headless Chromium, by keyboard alone: one path to a resolved
ending and one to an unresolved or deepened one. Same browser, server and rules as
test_browser.py: any console error or off-machine request fails; screenshots are kept.
"""

from __future__ import annotations

from collections import deque

from test_browser import CHROMIUM, browser, page, pytestmark, shot, wait_widgets  # noqa: F401
from test_voila_pages import STORE, voila  # noqa: F401

from repairlab.scenarios import expert_path, load_scenarios

PAGE = "04b_rupture_scenarios.ipynb"


def _path_to(scenario, kinds: set[str]) -> list[str]:
    """Option texts along the shortest path from the start to an ending of one of ``kinds``."""
    queue, seen = deque([(scenario.start, [])]), {scenario.start}
    while queue:
        key, texts = queue.popleft()
        for option in scenario.nodes[key].options:
            step = texts + [option.text]
            ending = scenario.endings.get(option.next)
            if ending is not None and ending.kind in kinds:
                return step
            if option.next in scenario.nodes and option.next not in seen:
                seen.add(option.next)
                queue.append((option.next, step))
    raise AssertionError(f"{scenario.id} has no path to {kinds}")


def _play_by_keyboard(page, scenario, texts: list[str], name: str):
    select = page.locator(".widget-dropdown", has_text="Scenario").first.locator("select")
    select.focus()
    seen = []
    for _ in range(30):
        page.keyboard.press("ArrowDown")
        chosen = page.evaluate("(el => el.selectedIndex >= 0 ? el.options[el.selectedIndex].text : '')"
                               "(document.activeElement)")
        chosen = chosen.replace("\xa0", " ")
        seen.append(chosen)
        if chosen.startswith(scenario.title):
            break
    else:
        raise AssertionError(f"{scenario.title} is not in the scenario menu: {seen[:6]}")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Play"
    page.keyboard.press("Enter")
    player = page.locator(".rl-scenario").first
    player.wait_for(timeout=60_000)
    for turn, text in enumerate(texts, 1):
        player.get_by_text(f"Turn {turn}", exact=True).wait_for(timeout=30_000)
        box = player.locator("textarea")
        box.focus()
        page.keyboard.type(f"My reply at turn {turn}: tell me more about what just happened.")
        player.locator("button:has-text('Show the options'):enabled").wait_for(timeout=30_000)
        player.locator("button", has_text="Show the options").focus()
        page.keyboard.press("Enter")
        label = player.locator("label", has_text=text[:60])
        label.wait_for(timeout=30_000)
        label.locator("input[type=radio]").focus()
        page.keyboard.press("Space")
        player.locator("button:has-text('Say this'):enabled").wait_for(timeout=30_000)
        player.locator("button", has_text="Say this").focus()
        page.keyboard.press("Enter")
    player.get_by_text("Debrief:").wait_for(timeout=30_000)
    shot(page, name)
    return player


def test_a_scenario_played_by_keyboard_to_a_resolved_ending(page, voila):  # noqa: F811
    scenario = min((s for s in load_scenarios() if s.family == "withdrawal_rupture"
                    and not s.context.modality.startswith("mi_")), key=lambda s: len(expert_path(s)))
    texts = [scenario.nodes[key].options[index].text for key, index in expert_path(scenario)]
    page.goto(f"{voila}/voila/render/{PAGE}")
    wait_widgets(page)
    player = _play_by_keyboard(page, scenario, texts, "12-scenario-resolved")
    text = player.inner_text()
    assert "Debrief: Resolved" in text and "One thing to try next time" in text
    assert "My reply at turn 1" in text  # the learner's own drafts beside the choices
    assert player.locator("svg[role=img]").count() == 1


def test_a_scenario_played_by_keyboard_to_an_unresolved_ending(page, voila):  # noqa: F811
    scenario = min((s for s in load_scenarios() if s.family == "withdrawal_rupture"
                    and not s.context.modality.startswith("mi_")),
                   key=lambda s: len(_path_to(s, {"unresolved", "deepened"})))
    texts = _path_to(scenario, {"unresolved", "deepened"})
    page.goto(f"{voila}/voila/render/{PAGE}")
    wait_widgets(page)
    player = _play_by_keyboard(page, scenario, texts, "13-scenario-unresolved")
    text = player.inner_text()
    assert "Debrief: Unresolved" in text or "Debrief: The rupture deepened" in text
    player.locator("button", has_text="Play again from the start").focus()
    page.keyboard.press("Enter")
    player.get_by_text("Turn 1", exact=True).wait_for(timeout=30_000)
