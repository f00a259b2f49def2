"""The smaller data files are checked like the bank: a problem names the file, line and field."""

from __future__ import annotations

import shutil

import pytest

from repairlab.datafiles import DataFileError, ReactionForm, TaxonomyFile, load_data_file


def test_the_shipped_files_are_valid(repo):
    taxonomy = load_data_file(repo / "data" / "taxonomy.yaml", TaxonomyFile)
    form = load_data_file(repo / "data" / "practice" / "reaction_form.yaml", ReactionForm)
    assert "persuade_argue" in taxonomy.pulls and "," in taxonomy.pulls["persuade_argue"].definition
    assert {"positive", "afraid", "uncertain", "anxious"} <= set(form.feelings)


def test_an_unquoted_comma_in_a_definition_is_caught_with_its_line(repo, tmp_path):
    path = tmp_path / "taxonomy.yaml"
    text = (repo / "data" / "taxonomy.yaml").read_text()
    broken = text.replace('definition: "The therapist delivers information or advice the client did not ask for."',
                          "definition: The therapist lectures, unasked.")
    assert broken != text
    path.write_text(broken)
    with pytest.raises(DataFileError) as caught:
        load_data_file(path, TaxonomyFile)
    line = next(n for n, row in enumerate(broken.splitlines(), 1) if "lectures, unasked" in row)
    assert f"{path}:{line}: field pulls.lecture." in str(caught.value)
    assert "Extra inputs are not permitted" in str(caught.value)


def test_a_wrong_adjustment_in_the_reaction_form_names_the_field(repo, tmp_path):
    path = tmp_path / "reaction_form.yaml"
    path.write_text((repo / "data" / "practice" / "reaction_form.yaml").read_text().replace("adjust: 1", "adjust: 3"))
    with pytest.raises(DataFileError, match=r"reaction_form.yaml:\d+: field challenge.too_easy.adjust"):
        load_data_file(path, ReactionForm)


def test_a_missing_data_file_says_which_and_what_to_do(tmp_path):
    with pytest.raises(DataFileError, match="the data file is missing"):
        load_data_file(tmp_path / "nope.yaml", ReactionForm)


def test_a_page_shows_a_damaged_store_as_a_card_not_a_traceback(tmp_path, monkeypatch):
    damaged = tmp_path / "progress.sqlite3"
    damaged.write_bytes(b"this is not a database")
    monkeypatch.setenv("REPAIRLAB_STORE", str(damaged))
    from repairlab import session, ui

    session.current_session.cache_clear()
    try:
        card = ui.dashboard()
    finally:
        session.current_session.cache_clear()
    assert "Your progress record could not be opened" in card.value
    assert "not a repairlab progress store" in card.value and "left untouched" in card.value
    assert damaged.read_bytes() == b"this is not a database"
