"""Exercises further down a Voilà page are made when the learner nears them (``app/later.py``).

The kernel's half, without a browser: which exercises wait behind a button, and that the button
makes the exercise in its place. The browser's half (the template's script pressing the buttons)
is checked in real Voilà and Chromium in test_browser.py.
"""

from __future__ import annotations

import pytest

from repairlab import ui
from repairlab.app.later import Later
from repairlab.exercises.reaction import ReactionCheck
from repairlab.exercises.reflection import ReflectionForm


@pytest.fixture
def store(monkeypatch, tmp_path):
    from repairlab.session import current_session

    monkeypatch.setenv("REPAIRLAB_STORE", str(tmp_path / "progress.sqlite3"))
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.delenv("REPAIRLAB_WHOLE_PAGES", raising=False)
    current_session.cache_clear()
    yield
    current_session.cache_clear()


@pytest.fixture
def in_voila(monkeypatch, store):
    monkeypatch.setenv("VOILA_KERNEL_ID", "k-1")


def noting(init, name: str, made: list[str]):
    """``init``, noting in ``made`` each time an exercise of that kind is made."""
    def wrapped(self, *args, **kwargs):
        made.append(name)
        init(self, *args, **kwargs)

    return wrapped


def page_of_three():
    ui.begin("05_reactive_therapist")
    return ui.reflection("interpersonal_cycle"), ui.reflection("breathing_space"), ui.reaction_check()


def test_in_voila_the_first_exercise_is_made_at_once_and_the_rest_wait_behind_a_button(in_voila, monkeypatch):
    made = []
    for cls in (ReflectionForm, ReactionCheck):
        monkeypatch.setattr(cls, "__init__", noting(cls.__init__, cls.__name__, made))
    first, second, third = page_of_three()
    assert isinstance(first, ReflectionForm)
    assert isinstance(second, Later) and isinstance(third, Later)
    assert second.children == (second.show_button,) and not second.drawn and second.exercise is None
    assert made == ["ReflectionForm"], "nothing further down the page is made before it is reached"
    assert second.show_button.description == "Show the reflection"
    assert third.show_button.description == "Show the reaction check"
    assert "rl-later" in second._dom_classes, "the template's script finds the buttons by this class"


def test_the_button_makes_the_exercise_in_its_place_once(in_voila):
    _, second, third = page_of_three()
    second.show_button.click()
    exercise = second.exercise
    assert isinstance(exercise, ReflectionForm) and second.children == (exercise,) and second.drawn
    second.show_button.click()  # a second press (the script and the learner both) changes nothing
    assert second.children == (exercise,) and second.exercise is exercise
    third.draw()
    assert isinstance(third.exercise, ReactionCheck)


def test_a_new_page_starts_with_its_first_exercise_made_at_once(in_voila):
    page_of_three()
    first, second, _ = page_of_three()
    assert isinstance(first, ReflectionForm) and isinstance(second, Later)


def test_outside_voila_every_exercise_is_made_at_once(store, monkeypatch):
    monkeypatch.delenv("VOILA_KERNEL_ID", raising=False)
    assert not any(isinstance(x, Later) for x in page_of_three())


def test_whole_pages_can_be_asked_for_in_voila(in_voila, monkeypatch):
    monkeypatch.setenv("REPAIRLAB_WHOLE_PAGES", "1")
    assert not any(isinstance(x, Later) for x in page_of_three())


def test_an_exercise_that_cannot_be_made_shows_its_error_card_in_its_place(in_voila, monkeypatch):
    from repairlab.errors import RepairlabError

    def damaged(*args, **kwargs):
        raise RepairlabError("The journal could not be read.")

    monkeypatch.setattr(ReactionCheck, "__init__", damaged)
    ui.begin("05_reactive_therapist")
    first = ui.reaction_check()
    assert "The journal could not be read." in first.value, "the first exercise: its card at once"
    later = ui.reaction_check()
    later.draw()
    assert "The journal could not be read." in later.exercise.value and later.children == (later.exercise,)
