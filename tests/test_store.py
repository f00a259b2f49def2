"""The progress store with a real SQLite file: records, concurrency, damage, export/import."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3

import pytest

from repairlab.store import ProgressStore, StoreError
from repairlab.store.migrations import SCHEMA_VERSION
from repairlab.store.transfer import read_export, write_export


@pytest.fixture
def store(tmp_path):
    with ProgressStore(tmp_path / "progress.sqlite3") as s:
        s.ensure_learner("ana", "Ana")
        yield s


def test_a_new_store_is_created_with_the_current_schema(tmp_path):
    path = tmp_path / "deep" / "folder" / "progress.sqlite3"
    with ProgressStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION
    assert path.exists()


def test_default_location_is_overridable(tmp_path, monkeypatch):
    from repairlab.store import default_store_path

    monkeypatch.setenv("REPAIRLAB_STORE", str(tmp_path / "elsewhere.sqlite3"))
    assert default_store_path() == tmp_path / "elsewhere.sqlite3"
    monkeypatch.delenv("REPAIRLAB_STORE")
    assert default_store_path().name == "progress.sqlite3"
    assert "repairlab" in str(default_store_path())


def test_every_kind_of_record_is_kept_with_a_time(store):
    store.record_answer("ana", "wd-den-01", chosen_family="withdrawal_rupture", chosen_subtype="denial",
                        family_correct=True, subtype_correct=True, context="module:recognising")
    assert store.record_draft("ana", "wd-den-01", "First try", score=0.3, moves=["open_question"]) == 1
    assert store.record_draft("ana", "wd-den-01", "Second try", score=0.7, pulls=[]) == 2
    store.record_reaction("ana", challenge="good_challenge", feelings={"anxious": 2, "hooked": 1}, item_id="wd-den-01")
    assert store.record_drill_step("ana", "drill-1", item_id="wd-den-01", difficulty="beginner", outcome="correct") == 1
    assert store.record_drill_step("ana", "drill-1", item_id="wd-min-02", difficulty="beginner", outcome="wrong") == 2

    answers = store.answers("ana")
    assert [(a["item_id"], a["family_correct"], a["subtype_correct"]) for a in answers] == [("wd-den-01", 1, 1)]
    drafts = store.drafts("ana", "wd-den-01")
    assert [(d["attempt"], d["text"], d["score"]) for d in drafts] == [(1, "First try", 0.3), (2, "Second try", 0.7)]
    assert drafts[0]["moves"] == ["open_question"]
    assert store.reactions("ana")[0]["feelings"] == {"anxious": 2, "hooked": 1}
    assert [s["outcome"] for s in store.drill_steps("ana", "drill-1")] == ["correct", "wrong"]
    for kind in ("answers", "drafts", "reactions", "drill_steps"):
        assert all(r["at"].endswith("+00:00") for r in store.records(kind, "ana"))


def test_records_need_a_known_learner(store):
    with pytest.raises(StoreError, match="no learner 'ghost'"):
        store.record_reaction("ghost", challenge=None, feelings={})


def test_a_failed_write_leaves_nothing_behind(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.record_draft("ana", "x", "text", score=1.5)  # outside [0, 1]: the CHECK refuses it
    assert store.drafts("ana") == []


def _write_many(path: str, learner: str, n: int) -> None:
    with ProgressStore(path) as s:
        s.ensure_learner(learner)
        for i in range(n):
            s.record_draft(learner, "shared-item", f"{learner} draft {i}", score=0.5)
            s.record_answer(learner, f"item-{i}", chosen_family="no_rupture", chosen_subtype=None,
                            family_correct=False, subtype_correct=None)


def test_two_processes_writing_at_once_lose_nothing(tmp_path):
    path = str(tmp_path / "progress.sqlite3")
    ProgressStore(path).close()
    ctx = multiprocessing.get_context("spawn")
    workers = [ctx.Process(target=_write_many, args=(path, "ana", 60)) for _ in range(2)]
    workers += [ctx.Process(target=_write_many, args=(path, "ben", 60))]
    for w in workers:
        w.start()
    for w in workers:
        w.join(120)
        assert w.exitcode == 0
    with ProgressStore(path) as s:
        ana = s.drafts("ana")
        assert len(ana) == 120 and len(s.answers("ana")) == 120
        assert sorted(d["attempt"] for d in ana) == list(range(1, 121))  # no attempt number handed out twice
        assert len(s.drafts("ben")) == 60


def test_a_file_that_is_not_a_database_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(b"this is my diary, not a database\n" * 10)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an SQLite database.*left untouched"):
        ProgressStore(path)
    assert path.read_bytes() == before


def test_a_damaged_database_is_reported_and_left_alone(tmp_path):
    path = tmp_path / "progress.sqlite3"
    with ProgressStore(path) as s:
        s.ensure_learner("ana")
        for i in range(300):
            s.record_draft("ana", f"item-{i}", "x" * 200, score=0.5)
        s._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    data[4096 * 2: 4096 * 2 + 2048] = b"\xff" * 2048  # scribble over a page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="left untouched"):
        ProgressStore(path)
    assert path.read_bytes() == bytes(data)


def test_a_store_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "progress.sqlite3"
    ProgressStore(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    conn.close()
    with pytest.raises(StoreError, match=f"newer repairlab .*v{SCHEMA_VERSION + 3}"):
        ProgressStore(path)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 3
    conn.close()


def test_someone_elses_database_is_refused(tmp_path):
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a repairlab progress store"):
        ProgressStore(path)


def test_export_and_import_move_a_learner_between_machines(store, tmp_path):
    store.record_answer("ana", "cf-par-01", chosen_family="confrontation_rupture",
                        chosen_subtype="complaints_about_progress", family_correct=True, subtype_correct=False)
    store.record_draft("ana", "cf-par-01", "Ünïcode and \"quotes\" survive", score=0.8, moves=["complex_reflection"])
    store.record_reaction("ana", challenge="too_hard", feelings={"irritated": 4})
    exported = store.export_learner("ana")
    file = tmp_path / "ana.json"
    write_export(exported, file)

    with ProgressStore(tmp_path / "other-machine.sqlite3") as other:
        added = other.import_learner(read_export(file))
        assert added == {"answers": 1, "drafts": 1, "reactions": 1, "drill_steps": 0, "journal": 0, "own_items": 0,
                         "scenario_steps": 0}
        assert other.export_learner("ana") | {"exported_at": None} == exported | {"exported_at": None}
        again = other.import_learner(read_export(file))
        assert set(again.values()) == {0}


def test_a_damaged_export_is_reported_and_imports_nothing(store, tmp_path):
    store.record_draft("ana", "x", "text", score=0.5)
    exported = store.export_learner("ana")
    exported["drafts"][0]["score"] = "very good"
    file = tmp_path / "ana.json"
    file.write_text(json.dumps(exported))
    with pytest.raises(StoreError, match=r"drafts\[0\]\.score"):
        read_export(file)

    file.write_text('{"format": "repairlab-progress", "version": 1, "learner": {')
    with pytest.raises(StoreError, match="not a readable JSON file"):
        read_export(file)

    exported["drafts"][0]["score"] = 0.5
    exported["version"] = SCHEMA_VERSION + 1
    with pytest.raises(StoreError, match="newer repairlab"):
        store.import_learner(exported)


def test_write_export_is_atomic(tmp_path, monkeypatch):
    file = tmp_path / "ana.json"
    file.write_text('{"old": true}')

    def explode(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("repairlab.atomic.os.replace", explode)
    with pytest.raises(OSError):
        write_export({"new": True}, file)
    assert json.loads(file.read_text()) == {"old": True}
    assert [p.name for p in tmp_path.iterdir()] == ["ana.json"]


def test_cli_export_then_import_on_another_store(tmp_path):
    import subprocess
    import sys

    source, target, file = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "me.json"
    with ProgressStore(source) as s:
        s.ensure_learner("me")
        s.record_reaction("me", challenge="good_challenge", feelings={"anxious": 1})

    def run(*args):
        return subprocess.run([sys.executable, "-m", "repairlab", "progress", *args], capture_output=True, text=True)

    result = run("--store", str(source), "export", str(file))
    assert result.returncode == 0 and "1 reactions" in result.stdout
    result = run("--store", str(target), "import", str(file))
    assert result.returncode == 0 and "1 reactions" in result.stdout
    with ProgressStore(target) as s:
        assert len(s.reactions("me")) == 1

    file.write_text("{broken")
    result = run("--store", str(target), "import", str(file))
    assert result.returncode == 1 and "not a readable JSON file" in result.stderr
    result = run("--store", str(target), "export", "--learner", "nobody", str(tmp_path / "x.json"))
    assert result.returncode == 1 and "no learner 'nobody'" in result.stderr


def test_a_version_1_store_is_migrated_in_place_keeping_its_records(tmp_path):
    from repairlab.store.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    conn.execute("INSERT INTO learners VALUES ('ana', 'Ana', '2025-01-01T00:00:00+00:00')")
    conn.execute("INSERT INTO reactions VALUES ('u1', 'ana', NULL, 'too_easy', '{}', '', '2025-01-01T00:00:00+00:00')")
    conn.commit()
    conn.close()
    with ProgressStore(path) as s:
        assert s.schema_version == SCHEMA_VERSION >= 2
        assert [r["uid"] for r in s.reactions("ana")] == ["u1"]
        s.record_journal("ana", "breathing_space", {"completed": True})
        assert s.journal("ana")[0]["entry"] == {"completed": True}


def test_a_version_1_export_still_imports(store, tmp_path):
    old = store.export_learner("ana")
    old["version"] = 1
    del old["journal"], old["own_items"]
    with ProgressStore(tmp_path / "new.sqlite3") as other:
        assert other.import_learner(old)["journal"] == 0


def test_own_items_and_journal_travel_in_the_export(store, tmp_path):
    store.add_own_item("ana", "You're just like my last therapist.", context="Adult outpatient, session 3")
    store.record_journal("ana", "relationship_anecdote", {"wish": "to be heard"})
    with pytest.raises(ValueError):
        store.add_own_item("ana", "   ")
    exported = store.export_learner("ana")
    with ProgressStore(tmp_path / "new.sqlite3") as other:
        added = other.import_learner(exported)
        assert added["own_items"] == 1 and added["journal"] == 1
        assert other.own_items("ana")[0]["statement"] == "You're just like my last therapist."
