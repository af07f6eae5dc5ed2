"""One fence recogniser (ingest/fences.py) for the answer, the identifier rule and the UI. Before it, each had its
own, and each case marked "old" below was read wrongly by one of them."""
from __future__ import annotations

import pytest

from app import answer as answers
from app.ui import links
from app.ui.text import passage_markdown
from ingest import fences

FOUR_HOLDS_THREE = "Write:\n\n````md\n```\n# a comment\n```\n# still in the example\n````\n\n# After"


@pytest.mark.parametrize("text, spans", [
    ("a\n```\ncode\n```\nb", [(2, 14)]),
    ("```py\ncode", [(0, 10)]),                              # left open: to the end
    ("````\n```\nx\n```\n````", [(0, 19)]),                  # a shorter fence does not close a longer one
    ("~~~\n```\n~~~~", [(0, 12)]),                           # the other character does not close it; longer does
    ("```\ncode\n```   \nb", [(0, 15)]),                     # spaces after a closing fence
    ("```\ncode\n``` not a close\n```", [(0, 28)]),          # text after it: not a closing fence
    ("    ```\nindented four: code, not a fence", []),
    ("``` a`b\nnot a fence", []),                            # a backtick fence's info string has no backtick
    ("~~~ a`b\ncode", [(0, 12)]),                            # a tilde fence's may
    ("``\ntwo", []),
])
def test_fenced_blocks_follow_commonmark(text, spans):
    assert fences.blocks(text) == spans


def test_open_at_end_and_without():
    assert fences.open_at_end("x\n```\ny") and not fences.open_at_end("x\n```\ny\n```")
    assert not fences.open_at_end("no code")                 # can fail: a text with no fence
    assert fences.ends_closed("a\n```\nx\n```  \n\n") and not fences.ends_closed("a\n```\nx\n```\nb")
    assert not fences.ends_closed("a\n```\nx\n")               # open, not closed
    assert fences.without("a\n```\nSSO-104\n```\nb") == "a\n\n\nb"
    assert fences.without("a\n```\nSSO-104") == "a\n\n"
    assert fences.without("a\n```\nSSO-104", keep_open=True) == "a\n```\nSSO-104"


def test_the_ui_keeps_a_longer_fence_whole():
    """old: the UI's recogniser took exactly three backticks, so the ```` block ended at the ``` inside it and
    "# a comment" was shown as a bold heading."""
    shown = passage_markdown(FOUR_HOLDS_THREE)
    assert "# a comment\n" in shown and "# still in the example\n" in shown
    assert shown.endswith("**After**  ")                     # can fail: outside the block, a heading is bold


def test_the_answer_closes_a_fence_only_with_its_own_character():
    """old: the answer toggled code on any fence line, so "```" shown inside a ~~~ block closed it and the
    heading after the block stayed "# Next" in the answer."""
    text = answers._readable("~~~\n```\n~~~\n# Next\nBody")
    assert text == "~~~\n```\n~~~\n\n**Next**\n\nBody"
    assert answers._readable("```\n# comment\n```") == "```\n# comment\n```"


def test_code_spans_and_fences_leave_links_as_written():
    text = "See [[Page]].\n\n````\n```\n[[Shown]]\n```\n[[Still shown]]\n````\n\n`[[Inline]]` and [[Last|last]]."
    assert links.wikilinks(text) == ("See Page.\n\n````\n```\n[[Shown]]\n```\n[[Still shown]]\n````\n\n"
                                     "`[[Inline]]` and last.")


@pytest.mark.parametrize("before, after", [
    ("Run:\n\n```sh\nkb ingest\n", "kb ask\n```\n\nDone.\n"),
    ("1. Step\n   ~~~~ yaml\n   k: v\n", "   j: w\n   ~~~~\n"),                # indented, tildes
    ("2. Get it.\n    For example\n    ```\n    == fix-enum\n\n", "    ERROR: exists\n    ```\n"),  # 4 deep (HedgeDoc)
    ("````md\n```\n# a comment\n", "```\n````\n"),                          # a longer fence holding a shorter
])
def test_a_block_cut_in_two_is_closed_and_reopened_and_found_again(before, after):
    closed, opened = fences.reopen(before, after)
    assert not fences.open_at_end(closed) and not fences.open_at_end(opened)
    added, repeated = fences.seam(closed, opened)
    assert closed[:len(closed) - added] + opened[repeated:] == before + after


@pytest.mark.parametrize("before, after", [
    ("```sh\nkb ingest\n```\n\n", "```sh\nkb ask\n```\n"),           # two blocks a blank line apart
    ("```sh\nkb ingest\n```\n", "```py\nprint()\n```\n"),             # another info string
    ("Text.\n", "```sh\nkb ask\n```\n"),                                 # no block before
    ("```sh\nkb ingest\n", "kb ask\n```"),                                # left open: reopen() not applied
])
def test_only_a_reopened_block_is_a_seam(before, after):
    assert fences.seam(before, after) == (0, 0)
    assert fences.reopen(*fences.reopen("x\n", "y")) == ("x\n", "y")      # outside code: unchanged


def test_a_fence_inside_a_list_item_is_code_and_a_cut_inside_it_is_closed_and_reopened():
    """IVPN's setup guides put a step's code under its item, indented with the item's text. Read at the margin only,
    a cut inside that code was neither closed nor reopened, so the rest of an answer showed as code. Control: the
    same lines under a paragraph are an indented code block (CommonMark), no fence."""
    step = "10. Use one of these hosts:\n\n    ```\n    ca1.gw.ivpn.net\n"
    assert fences.left_open(step) == "```"
    before, after = fences.reopen(step, "    ca2.gw.ivpn.net\n    ```\n")
    assert before.endswith("    ca1.gw.ivpn.net\n    ```\n") and after.startswith("    ```\n    ca2")
    assert fences.left_open("Use one of these hosts:\n\n    ```\n    ca1.gw.ivpn.net\n") == ""
