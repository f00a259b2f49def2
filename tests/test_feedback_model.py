"""The learned model: a small JSON file read without scikit-learn, rebuilt byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import FIXTURES, REPO, SHARED

SAMPLE = FIXTURES / "feedback" / "annomi_sample.csv"
ANNOMI = SHARED / "datasets" / "annomi" / "derived_therapist_behaviour_with_prev_turn.csv"


def _rebuild(out, annomi, items, utterances=None):
    command = [sys.executable, "-m", "repairlab.feedback.train", "--out", str(out), "--annomi", str(annomi),
               "--items", str(items)]
    if utterances:
        command += ["--utterances", str(utterances)]
    result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=600)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def test_rebuilding_from_the_same_slice_gives_the_same_bytes(tmp_path):
    first = _rebuild(tmp_path / "a.json", SAMPLE, items=10)
    second = _rebuild(tmp_path / "b.json", SAMPLE, items=10)
    assert first == second
    raw = json.loads(first)
    assert raw["format"] == "repairlab-feedback-model" and raw["format_version"] == 1
    assert raw["trained_on"]["bank"]["items"] == 10
    assert raw["trained_on"]["annomi"]["training_split"] == "even transcript_id"


def test_a_rebuilt_model_is_what_the_engine_reads(tmp_path):
    from repairlab.feedback import analyse
    from repairlab.feedback.model import load_model

    _rebuild(tmp_path / "m.json", SAMPLE, items=10)
    model = load_model(tmp_path / "m.json")
    a = analyse("I keep forgetting my tablets.", "It sounds like remembering them is a real hassle.", model=model)
    assert 0.0 <= a.score <= 1.0 and a.message
    assert set(a.behaviour_probabilities) == {"other", "question", "reflection", "therapist_input"}


@pytest.mark.slow
@pytest.mark.skipif(not ANNOMI.exists(), reason="AnnoMI is not available (../shared absent)")
def test_rebuilding_from_a_slice_of_annomi_gives_the_same_bytes(tmp_path):
    first = _rebuild(tmp_path / "a.json", ANNOMI, items=20, utterances=400)
    second = _rebuild(tmp_path / "b.json", ANNOMI, items=20, utterances=400)
    assert first == second


def test_the_shipped_model_is_small_versioned_and_read_without_scikit_learn():
    from repairlab.feedback.model import MODEL_FILE

    raw = json.loads(MODEL_FILE.read_text())
    assert MODEL_FILE.stat().st_size < 2_000_000
    assert raw["model_version"].startswith(f"{raw['format_version']}.")
    assert {"behaviour", "complexity", "quality"} <= set(raw["heads"])
    code = ("import sys; from repairlab.feedback import analyse; "
            "a = analyse('I feel stuck.', 'It sounds like you feel stuck.'); "
            "print('sklearn' in sys.modules, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_a_damaged_or_foreign_model_file_says_so(tmp_path):
    from repairlab.feedback.model import ModelError, load_model

    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ModelError):
        load_model(tmp_path / "bad.json")
    (tmp_path / "other.json").write_text(json.dumps({"format": "something-else"}))
    with pytest.raises(ModelError):
        load_model(tmp_path / "other.json")
    with pytest.raises(ModelError, match="rebuild"):
        load_model(tmp_path / "missing.json")


def test_the_score_depends_on_the_client_statement():
    """The same reply reads differently next to a statement it takes up and one it ignores."""
    from repairlab.feedback import analyse

    reply = "It sounds like the worksheets have started to feel like busywork, and you're fed up with forms."
    on = analyse("Honestly, the homework is pointless. Every week it's the same worksheets. I didn't come here "
                 "to fill in forms.", reply)
    off = analyse("My daughter moved to Glasgow last month and the flat is so quiet now. I keep laying two plates.",
                  reply)
    assert on.score > off.score
    assert "off_topic" in off.pull_keys
