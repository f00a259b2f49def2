"""The store's schema, as an ordered list of migrations.

The database's ``PRAGMA user_version`` says how many migrations it has had. Opening a store
applies the missing ones inside one transaction; a database from a newer repairlab is refused,
not downgraded.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: learners and the four kinds of record.
    """
    CREATE TABLE learners (
        learner_id   TEXT PRIMARY KEY,
        display_name TEXT NOT NULL DEFAULT '',
        created_at   TEXT NOT NULL
    );
    CREATE TABLE answers (
        uid            TEXT PRIMARY KEY,
        learner_id     TEXT NOT NULL REFERENCES learners(learner_id),
        item_id        TEXT NOT NULL,
        chosen_family  TEXT NOT NULL,
        chosen_subtype TEXT,
        family_correct INTEGER NOT NULL CHECK (family_correct IN (0, 1)),
        subtype_correct INTEGER CHECK (subtype_correct IN (0, 1)),
        context        TEXT NOT NULL DEFAULT '',
        at             TEXT NOT NULL
    );
    CREATE INDEX answers_by_learner ON answers (learner_id, at);
    CREATE TABLE drafts (
        uid        TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(learner_id),
        item_id    TEXT NOT NULL,
        attempt    INTEGER NOT NULL CHECK (attempt >= 1),
        text       TEXT NOT NULL,
        score      REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
        moves      TEXT NOT NULL DEFAULT '[]',
        pulls      TEXT NOT NULL DEFAULT '[]',
        at         TEXT NOT NULL
    );
    CREATE INDEX drafts_by_learner ON drafts (learner_id, item_id, attempt);
    CREATE TABLE reactions (
        uid        TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(learner_id),
        item_id    TEXT,
        challenge  TEXT,
        feelings   TEXT NOT NULL DEFAULT '{}',
        note       TEXT NOT NULL DEFAULT '',
        at         TEXT NOT NULL
    );
    CREATE INDEX reactions_by_learner ON reactions (learner_id, at);
    CREATE TABLE drill_steps (
        uid        TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(learner_id),
        drill_id   TEXT NOT NULL,
        step       INTEGER NOT NULL CHECK (step >= 1),
        item_id    TEXT NOT NULL,
        difficulty TEXT NOT NULL,
        outcome    TEXT NOT NULL,
        at         TEXT NOT NULL
    );
    CREATE INDEX drill_steps_by_learner ON drill_steps (learner_id, drill_id, step);
    """,
    # 2: reflective exercises (journal) and the learner's own difficult statements.
    """
    CREATE TABLE journal (
        uid        TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(learner_id),
        exercise   TEXT NOT NULL,
        entry      TEXT NOT NULL DEFAULT '{}',
        at         TEXT NOT NULL
    );
    CREATE INDEX journal_by_learner ON journal (learner_id, exercise, at);
    CREATE TABLE own_items (
        uid        TEXT PRIMARY KEY,
        learner_id TEXT NOT NULL REFERENCES learners(learner_id),
        statement  TEXT NOT NULL,
        context    TEXT NOT NULL DEFAULT '',
        family     TEXT,
        at         TEXT NOT NULL
    );
    CREATE INDEX own_items_by_learner ON own_items (learner_id, at);
    """,
    # 3: scenario runs; the reaction's stance and one-click check get fields of their own.
    # Until v2 both were stored as {key: 1} inside `feelings`, beside the slider ratings.
    """
    CREATE TABLE scenario_steps (
        uid         TEXT PRIMARY KEY,
        learner_id  TEXT NOT NULL REFERENCES learners(learner_id),
        scenario_id TEXT NOT NULL,
        run_id      TEXT NOT NULL,
        turn        INTEGER NOT NULL CHECK (turn >= 1),
        node        TEXT NOT NULL,
        choice      INTEGER NOT NULL CHECK (choice >= 1),
        draft       TEXT NOT NULL DEFAULT '',
        reaction    TEXT NOT NULL DEFAULT '',
        leads_to    TEXT NOT NULL,
        ending_kind TEXT,
        at          TEXT NOT NULL
    );
    CREATE INDEX scenario_steps_by_learner ON scenario_steps (learner_id, scenario_id, run_id, turn);
    ALTER TABLE reactions ADD COLUMN stance TEXT;
    ALTER TABLE reactions ADD COLUMN quick TEXT;
    UPDATE reactions SET quick = (SELECT key FROM json_each(reactions.feelings) LIMIT 1), feelings = '{}'
        WHERE note = 'before drafting';
    UPDATE reactions SET stance = (SELECT key FROM json_each(reactions.feelings)
                                   WHERE key IN ('hooked', 'engaged') LIMIT 1)
        WHERE note != 'before drafting';
    UPDATE reactions SET feelings = json_remove(feelings, '$.hooked', '$.engaged')
        WHERE note != 'before drafting';
    """,
]

SCHEMA_VERSION = len(MIGRATIONS)
