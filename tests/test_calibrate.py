"""`kb calibrate`: the answered / declined table of `retrieval.answer_threshold` on an owner's labelled
questions, and the threshold it suggests (app/threshold.py, app/cli_calibrate.py)."""
from __future__ import annotations

import json

import pytest

from app import threshold

ANSWERABLE = ["Can I get a refund on my annual plan?", "How do I invite a teammate?",
              "How many days do I have to ask for a refund?", "I can't log in to my account",
              "What should I try when my password is not accepted?", "How do I add people to my workspace?",
              "Is the monthly plan refundable?", "Our SSO login fails for everyone", "Refund policy",
              "How do I invite teammates by email?"]
UNANSWERABLE = ["What is the capital of Peru?", "How do I bake sourdough bread?", "Who won the 1998 World Cup?",
                "What's a good name for a cat?", "How tall is Mount Everest?", "Translate hello into Japanese",
                "Recommend a hiking trail in Norway", "What is the boiling point of ethanol?",
                "How do I change a bicycle tyre?", "Which planet has the most moons?"]


def _lines(answerable: list[str], unanswerable: list[str]) -> str:
    rows = [{"query": q, "answerable": True} for q in answerable] + \
           [{"query": q, "answerable": False} for q in unanswerable]
    return "".join(json.dumps(r) + "\n" for r in rows)


def test_suggest_answers_the_share_asked_for_and_declines_the_rest_it_can():
    answerable = [0.9] * 18 + [0.5, 0.3]
    unanswerable = [0.1] * 8 + [0.4, 0.95]
    at_95 = threshold.suggest(answerable, unanswerable, 0.95)
    # the 19th best answerable (0.5) must still be answered; halfway to the next lower probability (0.4)
    assert at_95.threshold == pytest.approx(0.45)
    assert (at_95.answered, at_95.declined) == (0.95, 0.9)
    at_100 = threshold.suggest(answerable, unanswerable, 1.0)     # control: asking for all answers 0.3 too
    assert at_100.threshold == pytest.approx(0.2) and at_100.answered == 1.0 and at_100.declined == 0.8


def test_too_few_questions_of_a_kind_cannot_choose():
    with pytest.raises(threshold.CalibrationError, match=r"at least 10 answerable and 10 unanswerable .* "
                                                         r"\(got 20 answerable, 9 unanswerable\)"):
        threshold.suggest([0.9] * 20, [0.1] * 9, 0.95)


@pytest.mark.parametrize("share", [0, 1.5, -0.2])
def test_a_share_outside_0_to_1_is_refused(share):
    with pytest.raises(threshold.CalibrationError, match=rf"above 0 and at most 1 \(got {share}\)"):
        threshold.suggest([0.9] * 20, [0.1] * 20, share)


def test_cli_table_and_suggestion_on_a_real_index(cli, tmp_path):
    file = tmp_path / "labelled.jsonl"
    file.write_text(_lines(ANSWERABLE, UNANSWERABLE), encoding="utf-8")
    code, out, err = cli("calibrate", str(file), "--json")
    assert code == 0, err
    r = json.loads(out)
    assert (r["answerable"], r["unanswerable"]) == (10, 10)
    assert r["current"] == 0.22
    suggested = r["suggested"]
    assert suggested["answered"] >= 0.95
    assert suggested in r["rows"] and any(row["threshold"] == 0.22 for row in r["rows"])
    # these off-topic questions are far from a refund / login corpus: most are declined at the suggestion
    assert suggested["declined"] >= 0.8
    code, out, _ = cli("calibrate", str(file))
    assert code == 0
    assert "<- current" in out and "<- suggested" in out
    assert f"answer_threshold = {suggested['threshold']:.3f}" in out


@pytest.mark.parametrize("lines, message", [
    (_lines(ANSWERABLE, UNANSWERABLE[:3]), "(got 10 answerable, 3 unanswerable)"),
    (_lines(ANSWERABLE, UNANSWERABLE) + '{"query": "Where is my invoice?"}\n',
     'line 21: each line needs "answerable": true or false'),
    ("Can I get a refund?\n", "line 1 is not JSON"),
    (_lines(["   "], UNANSWERABLE), "line 1: '   ': the question is empty"),
])
def test_cli_bad_questions_get_a_specific_error(cli, tmp_path, lines, message):
    file = tmp_path / "labelled.jsonl"
    file.write_text(lines, encoding="utf-8")
    code, out, err = cli("calibrate", str(file))
    assert code == 2 and out == ""
    assert err.startswith("kb calibrate: error: ") and message in err


def test_cli_missing_file(cli, tmp_path):
    code, _, err = cli("calibrate", str(tmp_path / "nope.jsonl"))
    assert code == 2 and "kb calibrate: error:" in err and "nope.jsonl" in err


def test_status_says_while_the_threshold_is_the_default(tmp_path):
    """Testers on four unseen doc sites saw unanswerable questions answered and did not know `kb calibrate` was
    there. Control: a config that sets the threshold gets no line; an unreadable one none either."""
    from app.cli_calibrate import uncalibrated_note
    plain, tuned = tmp_path / "plain.toml", tmp_path / "tuned.toml"
    plain.write_text('[store]\npath = "x"\n')
    tuned.write_text('[store]\npath = "x"\n[retrieval]\nanswer_threshold = 0.4\n')
    assert "not fitted to this knowledge base" in uncalibrated_note(plain, 0.22)
    assert "kb calibrate" in uncalibrated_note(plain, 0.22)
    assert uncalibrated_note(tuned, 0.4) is None and uncalibrated_note(tmp_path / "none.toml", 0.22) is None
