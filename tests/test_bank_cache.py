"""The checked bank kept between page loads (repairlab/bank/cache.py): never stale, never the only copy.

Each test loads real vignette files (the fixture bank) through ``load_bank``, the way a page's
kernel does, with the cache in a folder of its own.
"""

from __future__ import annotations

import shutil

import pytest

from repairlab.bank import BankError, load_bank


@pytest.fixture
def files(fixtures, tmp_path, monkeypatch):
    folder = tmp_path / "vignettes"
    folder.mkdir()
    shutil.copy(fixtures / "vignettes" / "valid.yaml", folder / "valid.yaml")
    monkeypatch.setenv("REPAIRLAB_CACHE_DIR", str(tmp_path / "cache"))
    return folder


def cached_files(folder):
    return sorted((folder.parent / "cache").glob("bank-*.pickle"))


def test_a_clean_bank_is_kept_and_read_back_the_same(files):
    first = load_bank([files])
    assert len(cached_files(files)) == 1
    again = load_bank([files])
    assert [v.model_dump() for v in again] == [v.model_dump() for v in first]
    assert again.taxonomy == first.taxonomy


def test_an_edited_file_is_read_again_not_served_from_the_cache(files):
    before = load_bank([files])
    text = (files / "valid.yaml").read_text()
    statement = next(iter(before)).client_statement
    (files / "valid.yaml").write_text(text.replace(statement[:20], "Edited: " + statement[:12], 1))
    after = load_bank([files])
    assert next(iter(after)).client_statement.startswith("Edited: ")
    assert len(cached_files(files)) == 2


def test_a_bank_with_problems_is_never_cached_and_always_reported(files, fixtures):
    shutil.copy(fixtures / "vignettes" / "broken" / "unknown_pull.yaml", files / "broken.yaml")
    for _ in range(2):
        with pytest.raises(BankError) as raised:
            load_bank([files])
        assert "'distract' is not a pull" in str(raised.value)
    assert cached_files(files) == []


def test_a_corrupt_cache_file_is_set_aside_not_trusted(files):
    expected = [v.model_dump() for v in load_bank([files])]
    (cache,) = cached_files(files)
    cache.write_bytes(b"not a pickle")
    assert [v.model_dump() for v in load_bank([files])] == expected
    assert cache.read_bytes() != b"not a pickle", "the bad file is replaced by a good one"


def test_the_cache_can_be_turned_off(files, monkeypatch):
    monkeypatch.setenv("REPAIRLAB_CACHE_DIR", "off")
    load_bank([files])
    assert cached_files(files) == []


def test_scenarios_are_kept_like_the_bank_and_an_edit_with_a_problem_is_reported(fixtures, tmp_path, monkeypatch):
    from repairlab.scenarios import load_scenarios

    folder = tmp_path / "scenarios"
    folder.mkdir()
    shutil.copy(fixtures / "scenarios" / "sc-fixture.yaml", folder / "sc-fixture.yaml")
    monkeypatch.setenv("REPAIRLAB_CACHE_DIR", str(tmp_path / "cache"))
    first = load_scenarios([folder])
    kept = sorted((tmp_path / "cache").glob("scenarios-*.pickle"))
    assert len(kept) == 1
    again = load_scenarios([folder])
    assert [s.model_dump() for s in again] == [s.model_dump() for s in first]

    text = (folder / "sc-fixture.yaml").read_text(encoding="utf-8")
    (folder / "sc-fixture.yaml").write_text(text.replace("        next: resolved\n", "        next: resolvd\n", 1),
                                            encoding="utf-8")
    with pytest.raises(BankError) as raised:
        load_scenarios([folder])
    assert "resolvd" in str(raised.value), "the edited file is checked again, not served from the cache"
    assert sorted((tmp_path / "cache").glob("scenarios-*.pickle")) == kept


def test_only_the_newest_versions_are_kept(files):
    from repairlab.bank.cache import KEEP

    text = (files / "valid.yaml").read_text()
    statement = next(iter(load_bank([files]))).client_statement
    for n in range(KEEP + 2):  # an author editing the same file again and again
        (files / "valid.yaml").write_text(text.replace(statement[:20], f"Edit {n}: " + statement[:12], 1))
        assert next(iter(load_bank([files]))).client_statement.startswith(f"Edit {n}: ")
    assert len(cached_files(files)) == KEEP
