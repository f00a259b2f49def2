"""Store v3: scenario runs, and the reaction's stance and one-click check in fields of their own.

A store written by v2 (today's schema before this change) is upgraded in place and loses
nothing; a v2 export still imports; the records module and the migrated tables agree.
"""

from __future__ import annotations

import sqlite3

import pytest

from repairlab.store import ProgressStore
from repairlab.store.migrations import MIGRATIONS, SCHEMA_VERSION
from repairlab.store.records import KINDS


def _v2_store(path):
    """A store exactly as v2 wrote it, with every kind of reaction v2 recorded."""
    conn = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:
        conn.executescript(migration)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO learners VALUES ('ana', 'Ana', '2026-01-01T00:00:00')")
    rows = [
        ("r1", "wd-den-01", "too_hard", '{"anxious": 3, "irritated": 0, "helpless": 2, "hooked": 1}', ""),
        ("r2", "wd-den-02", None, '{"irritated": 1}', "before drafting"),
        ("r3", "fa-01", None, '{"engaged": 1}', "assessment:form_a"),
    ]
    for uid, item, challenge, feelings, note in rows:
        conn.execute("INSERT INTO reactions VALUES (?, 'ana', ?, ?, ?, ?, '2026-01-02T00:00:00')",
                     (uid, item, challenge, feelings, note))
    conn.execute("INSERT INTO answers VALUES ('a1', 'ana', 'wd-den-01', 'withdrawal_rupture', 'denial', 1, 1, '', "
                 "'2026-01-02T00:00:00')")
    conn.execute("INSERT INTO journal VALUES ('j1', 'ana', 'breathing_space', '{\"note\": \"ok\"}', "
                 "'2026-01-02T00:00:00')")
    conn.commit()
    conn.close()


def test_a_v2_store_upgrades_and_its_reactions_are_split_without_loss(tmp_path):
    path = tmp_path / "v2.sqlite3"
    _v2_store(path)
    with ProgressStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        reactions = {r["uid"]: r for r in store.reactions("ana")}
        assert reactions["r1"]["feelings"] == {"anxious": 3, "irritated": 0, "helpless": 2}
        assert reactions["r1"]["stance"] == "hooked" and reactions["r1"]["quick"] is None
        assert reactions["r2"]["feelings"] == {} and reactions["r2"]["quick"] == "irritated"
        assert reactions["r2"]["stance"] is None and reactions["r2"]["note"] == "before drafting"
        assert reactions["r3"]["stance"] == "engaged" and reactions["r3"]["feelings"] == {}
        assert [a["uid"] for a in store.answers("ana")] == ["a1"]
        assert store.journal("ana")[0]["entry"] == {"note": "ok"}
        assert store.scenario_runs("ana") == []


def test_a_v2_export_imports_with_the_same_split(tmp_path):
    path = tmp_path / "v2.sqlite3"
    _v2_store(path)
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    reactions = [dict(r) for r in conn.execute("SELECT * FROM reactions")]
    conn.close()
    import json

    exported = {"format": "repairlab-progress", "version": 2, "exported_at": "2026-01-03T00:00:00",
                "learner": {"learner_id": "ana", "display_name": "Ana", "created_at": "2026-01-01T00:00:00"},
                "answers": [], "drafts": [], "drill_steps": [],
                "reactions": [{**{k: v for k, v in r.items() if k != "learner_id"}, "feelings": json.loads(r["feelings"])}
                              for r in reactions]}
    with ProgressStore(tmp_path / "new.sqlite3") as store:
        assert store.import_learner(exported)["reactions"] == 3
        by_uid = {r["uid"]: r for r in store.reactions("ana")}
        assert by_uid["r1"]["stance"] == "hooked" and "hooked" not in by_uid["r1"]["feelings"]
        assert by_uid["r2"]["quick"] == "irritated"


def test_every_table_has_exactly_the_columns_its_record_names(tmp_path):
    with ProgressStore(tmp_path / "s.sqlite3") as store:
        conn = sqlite3.connect(store.path)
        for table, model in KINDS.items():
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            assert sorted(columns) == sorted(model.columns()), table
        conn.close()


@pytest.fixture
def store(tmp_path):
    with ProgressStore(tmp_path / "s.sqlite3") as store:
        store.ensure_learner("ana")
        yield store


def test_scenario_runs_are_kept_whole_and_travel_in_the_export(store, tmp_path):
    first = store.record_scenario_run("ana", "sc-x", [
        {"node": "n1", "choice": 2, "draft": "I wonder what that was like.", "leads_to": "n2"},
        {"node": "n2", "choice": 1, "draft": "", "leads_to": "resolved", "ending_kind": "resolved"},
    ])
    second = store.record_scenario_run("ana", "sc-x", [
        {"node": "n1", "choice": 3, "draft": "Let's move on.", "reaction": "hooked", "leads_to": "n3"}])
    store.extend_scenario_run("ana", "sc-x", second, [{"node": "n3", "choice": 1, "leads_to": "deepened",
                                                       "ending_kind": "deepened"}], first_turn=2)
    runs = store.scenario_runs("ana", "sc-x")
    assert [r["run_id"] for r in runs] == [first, second]
    assert runs[0]["ending_kind"] == "resolved" and [s["turn"] for s in runs[0]["steps"]] == [1, 2]
    assert runs[1]["steps"][0]["reaction"] == "hooked" and runs[1]["ending"] == "deepened"

    exported = store.export_learner("ana")
    assert len(exported["scenario_steps"]) == 4
    with ProgressStore(tmp_path / "other.sqlite3") as other:
        assert other.import_learner(exported)["scenario_steps"] == 4
        assert [r["ending_kind"] for r in other.scenario_runs("ana")] == ["resolved", "deepened"]
        assert other.import_learner(exported)["scenario_steps"] == 0  # importing twice adds nothing
