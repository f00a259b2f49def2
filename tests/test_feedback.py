"""The feedback engine: what it names, the words it points at, its score, and its manners."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repairlab.feedback import analyse

CLIENT = "Honestly I don't see the point of these worksheets. It's been six weeks and nothing has changed."


def keys(response: str, client: str = CLIENT) -> tuple[set[str], set[str]]:
    a = analyse(client, response)
    return set(a.move_keys), set(a.pull_keys)


@pytest.mark.parametrize(("response", "move"), [
    ("It sounds like you're frustrated and a bit let down that all this work hasn't paid off yet.", "complex_reflection"),
    ("Part of you wants to keep going, and part of you wonders if this is worth it.", "complex_reflection"),
    ("What has it been like, doing them week after week?", "open_question"),
    ("Did you do the worksheet this week?", "closed_question"),
    ("That makes sense: six weeks is a long time to keep at something that doesn't seem to help.", "validation"),
    ("I think I pushed the worksheets without checking whether they fit for you.", "acknowledge_own_part"),
    ("I notice we're both getting a bit tense right now.", "metacommunication"),
    ("Whether we keep the worksheets is your call.", "emphasize_autonomy"),
    ("Would it be okay if I shared why I suggested them?", "ask_permission"),
    ("Could we look at what hasn't been working together?", "seek_collaboration"),
    ("I feel a little stuck too, hearing that.", "self_disclosure"),
])
def test_names_the_move(response, move):
    assert move in keys(response)[0]


@pytest.mark.parametrize(("response", "pull"), [
    ("I was only trying to help you practise the skills.", "justify_defend"),
    ("As I explained, the worksheets are a core part of CBT.", "justify_defend"),
    ("You really need to do them every day if you want results.", "persuade_argue"),
    ("You never finish them, so of course nothing changes.", "blame_client"),
    ("Don't worry, I'm sure it will click soon.", "premature_reassurance"),
    ("Okay. Let's get back to this week's thought record.", "ignore_move_on"),
    ("Why didn't you tell me earlier? Which ones did you do? When?", "interrogate"),
    ("Research shows that homework completion predicts outcome in CBT.", "lecture"),
])
def test_names_the_pull(response, pull):
    assert pull in keys(response)[1]


def test_every_claim_points_at_the_words_behind_it():
    response = "I was only trying to help. Don't worry, it sounds like you're tired of this."
    a = analyse(CLIENT, response)
    assert a.moves and a.pulls
    for evidence in a.moves + a.pulls:
        assert response[evidence.start:evidence.end] == evidence.words
    # The message quotes the pull's words.
    top = a.pulls[0]
    assert f"\u201c{top.words}\u201d" in a.message or top.words[:40] in a.message


def test_facilitative_responses_score_higher_than_defensive_ones():
    good = analyse(CLIENT, "It sounds like you feel let down, and I may have pushed the worksheets too hard. What would make this more useful?")
    bad = analyse(CLIENT, "As I explained, the worksheets are essential. You need to do them if you want to get better.")
    assert 0 <= bad.score < 0.5 < good.score <= 1


def test_the_message_is_short_kind_and_gives_one_thing_to_try():
    a = analyse(CLIENT, "You really should keep going with them, they work.")
    assert a.message.count("Try ") == 1
    assert len(a.message) < 400
    for harsh in ("wrong", "bad", "terrible", "failed", "mistake"):
        assert harsh not in a.message.lower()


def test_it_says_when_it_is_unsure():
    assert "can miss tone and context" in analyse(CLIENT, "Mm.").message
    assert analyse(CLIENT, "Mm.").unsure
    assert not analyse(CLIENT, "It sounds like you're really fed up with the worksheets.").unsure


def test_empty_response_gets_a_prompt_not_a_verdict():
    a = analyse(CLIENT, "   ")
    assert a.moves == () and a.pulls == ()
    assert "no response to read yet" in a.message


def test_very_long_drafts_are_read_in_part_and_said_so():
    a = analyse(CLIENT, "It sounds like you're tired of this. " * 500)
    assert a.truncated and "first part" in a.message


@settings(max_examples=300, deadline=None)
@given(client=st.text(max_size=300), response=st.text(max_size=2000))
def test_never_crashes_and_stays_in_bounds(client, response):
    a = analyse(client, response)
    assert 0.0 <= a.score <= 1.0
    assert isinstance(a.message, str) and a.message
    for evidence in a.moves + a.pulls:
        assert 0 <= evidence.start <= evidence.end <= len(response)


@pytest.mark.parametrize("response", [
    "<script>alert('x')</script> It sounds like you're angry.",
    "<img src=x onerror=alert(1)> why did you do that?",
    "Это звучит так, будто вам очень тяжело.",
    "看起来你很难过。",
    "**It sounds like** you're _really_ tired. [link](javascript:alert(1))",
    "\x00\x1b[31m\u202e reversed",
])
def test_markup_and_other_languages_are_just_text(response):
    a = analyse("Je ne sais pas.", response)
    assert 0.0 <= a.score <= 1.0 and a.message


def test_cli_reads_json_lines_and_writes_one_line_each(tmp_path):
    lines = [
        {"client": CLIENT, "response": "It sounds like you're fed up. What would help?"},
        {"client": CLIENT, "response": "As I explained, they're essential."},
    ]
    path = tmp_path / "drafts.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = subprocess.run([sys.executable, "-m", "repairlab", "feedback", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 2
    assert set(out[0]) == {"score", "moves", "pulls", "message"}
    assert out[0]["score"] > out[1]["score"]
    assert "justify_defend" in out[1]["pulls"]


def test_cli_reports_bad_lines_in_place_and_exits_1():
    stdin = '{"client": "a", "response": "It sounds like a lot."}\nnot json\n{"client": "a"}\n'
    result = subprocess.run([sys.executable, "-m", "repairlab", "feedback"], input=stdin, capture_output=True, text=True)
    assert result.returncode == 1
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert "score" in out[0]
    assert out[1] == {"line": 2, "error": out[1]["error"]} and "not valid JSON" in out[1]["error"]
    assert "needs text fields ['response']" in out[2]["error"]


def test_exemplary_responses_outscore_poor_ones_across_the_bank(bank):
    """Every (exemplary, poor) pair to the same statement; the engine should usually order them
    right. The shipped model learned from these very pairs, so this only checks that it was built
    from (nearly) this bank and still reads it; the honest figure is the benchmark's, under
    item-grouped cross-validation (docs/how-the-feedback-works.md)."""
    right = total = 0
    for item in bank:
        for good in item.exemplary_responses:
            g = analyse(item.client_statement, good.text).score
            for poor in item.poor_responses:
                total += 1
                right += g > analyse(item.client_statement, poor.text).score
    assert total > 800
    assert right / total >= 0.85


# --- issue 11: what was measured, tried as a new user would --------------------------------

STUFFED = ("I notice something is happening between us right now. That makes sense. It's up to you. "
           "Could we look at this together? Still, you're being a bit negative.")


def test_keyword_stuffing_is_named_and_does_not_win(bank):
    item = next(v for v in bank if v.id == "cf-thr-04")
    a = analyse(item.client_statement, STUFFED)
    assert {"stuffing", "blame_client"} <= set(a.pull_keys)
    exemplars = [analyse(item.client_statement, e.text).score for e in item.exemplary_responses]
    assert a.score < min(exemplars)
    assert "between us" in a.message or "makes sense" in a.message  # the words behind the claim


@pytest.mark.parametrize("response", [
    "Still, you're being a bit negative.",
    "If you did the homework you would see progress.",
    "That makes sense, but you tend to avoid anything emotional.",
])
def test_blame_is_not_read_as_a_reflection(response):
    a = analyse(CLIENT, response)
    assert "blame_client" in a.pull_keys or "mixed_message" in a.pull_keys
    assert not {"simple_reflection", "complex_reflection"} & set(a.move_keys)
    assert a.score < 0.5


def test_one_word_over_and_over_is_not_a_reflection():
    a = analyse(CLIENT, "you you you you you you")
    assert "repetition" in a.pull_keys
    assert not {"simple_reflection", "complex_reflection"} & set(a.move_keys)
    assert a.behaviour == "other" and a.score <= 0.1


def test_the_message_describes_and_never_grades():
    for response in ("It sounds like you're fed up with the worksheets and wondering if any of this helps.",
                     "As I explained, they're essential.", STUFFED, "Did you do them?"):
        message = analyse(CLIENT, response).message
        assert not any(ch.isdigit() for ch in message), message
        for grade in ("score", "%", "out of", "/10", "excellent", "poor reply", "good reply"):
            assert grade not in message.lower(), message


def test_a_poor_reply_the_rules_miss_is_named_from_the_model(bank):
    """The bank's own poor reply with no rule cue: the message still names a pull, hedged, with words."""
    item = next(v for v in bank if v.id == "cf-act-01")
    poor = next(p for p in item.poor_responses if p.pull == "persuade_argue")
    a = analyse(item.client_statement, poor.text)
    assert a.pulls and a.pulls[0].words in poor.text
    assert "closer to the bank's replies" in a.message or "may give in to" in a.message


def test_cli_passes_context_through_and_keeps_its_fields(tmp_path):
    line = {"client": "I don't want to talk about Thursday.", "response": "What happened at the tribunal?",
            "context": "Her employment tribunal hearing was on Thursday."}
    result = subprocess.run([sys.executable, "-m", "repairlab", "feedback"], input=json.dumps(line) + "\n",
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert set(out) == {"score", "moves", "pulls", "message"} and 0.0 <= out["score"] <= 1.0
