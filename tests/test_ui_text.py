"""Pure helpers behind the pages: plain-text renderings, contact links, links, accounts and tokens."""
from __future__ import annotations

import json
from types import SimpleNamespace
from urllib.parse import unquote

import pytest

from app.ui import auth, links
from app.ui.questions import merged, popular
from app.ui.text import contact_link, copy_text, customer_copy, handoff_message, internal_note, passage_markdown, plain
from ingest.config import Corpus
from ingest.link_targets import Targets

CITES = [
    {"n": 1, "title": "Refund policy", "section": "Annual plans", "source": "docs/refunds.md",
     "anchor": "annual-plans", "audience": "public", "lines": [3, 5]},
    {"n": 2, "title": "Refund approvals", "section": "Approval limits", "source": "docs/approvals.md",
     "anchor": "limits", "audience": "internal", "lines": [7, 9]},
    {"n": 3, "title": "Refund policy", "section": "Monthly plans", "source": "docs/refunds.md", "anchor": "",
     "audience": "public", "lines": [8, 9]},
]
RESULT = {
    "query": "How do I get a refund?", "answered": True,
    "answer": "**Service**\n\n**Annual plans**\n\nRefunds *within* 14 days. [1]\n\n**Support**\n\n"
              "| Amount | Approver |\n| --- | --- |\n| $3,000 | Team lead |\n\n[2]\n\n"
              "See also: [3] Refund policy › Monthly plans",
    "citations": CITES,
}


def test_copy_text_is_plain_answer_then_titled_sources_without_repository_paths():
    text = copy_text(RESULT)
    assert "Refunds within 14 days. [1]" in text and "*" not in text
    assert text.endswith("Sources:\n[1] Refund policy › Annual plans\n"
                         "[2] Refund approvals › Approval limits (internal)\n[3] Refund policy › Monthly plans")
    assert "docs/" not in text


def test_customer_copy_leaves_internal_passages_out_and_says_so():
    """The $3,000 case: the approval-limits table (internal) must not reach a customer chat."""
    def url(c):
        return "https://help.example/" + c["source"]
    text, left_out = customer_copy(RESULT, url)
    assert [c["n"] for c in left_out] == [2]
    assert "$3,000" not in text and "Approval" not in text and "(internal)" not in text
    assert "Refunds within 14 days. [1]" in text and "See also: [2] Refund policy › Monthly plans" in text
    assert "[2] Refund policy › Monthly plans: https://help.example/docs/refunds.md" in text
    only_internal = {**RESULT, "citations": [CITES[1]]}
    assert customer_copy(only_internal, url) == ("", [CITES[1]])
    note = internal_note(RESULT, lambda c: None)
    assert note.startswith("INTERNAL NOTE") and "$3,000" in note and "(internal)" in note


def test_plain_drops_markers_but_not_words():
    assert plain("**a** `SYNC-401` *b* _c_ ws_8f21c 2 * 3 * 4\n\n\n\nd") == "a SYNC-401 b c ws_8f21c 2 * 3 * 4\n\nd"
    assert plain("see [Refund policy](refund-policy.md)") == "see Refund policy"
    assert passage_markdown("# Title\n\n## Sub ##\ntext") == "**Title**  \n\n**Sub**  \ntext"
    assert passage_markdown("### Install it? {#install-ios}\nTap.") == "**Install it?**  \nTap."   # Ente's FAQ ids
    # a pasted answer carries no HTML tags: "Press <kbd>Ctrl</kbd>" reads "Press Ctrl"
    assert plain("Press <kbd>Ctrl</kbd>+<b>C</b>, keep `<id>`") == "Press Ctrl+C, keep <id>"


def test_handoff_message_and_contact_link():
    msg = handoff_message(RESULT)
    assert "How do I get a refund?" in msg and "Articles I was shown: Refund policy; Refund approvals" in msg
    mail = contact_link({"contact_email": "help@example.com"}, RESULT)
    assert mail.startswith("mailto:help@example.com?subject=") and "How do I get a refund?" in unquote(mail)
    assert "The help center showed me" in unquote(mail.split("&body=")[1])
    url = contact_link({"contact_url": "https://desk.example/new?q={question}&d={message}"}, RESULT)
    assert url.startswith("https://desk.example/new?q=How%20do%20I%20get%20a%20refund%3F&d=Hello")
    assert contact_link({}, RESULT) is None


def test_relative_links_resolve_to_the_article_view_or_the_public_url(tmp_path):
    assert links.resolve("k/service/policies/cancellation.md", "refund-policy.md#annual") == \
        ("k/service/policies/refund-policy.md", "annual")
    assert links.resolve("k/a.md", "../help/x.md") == ("help/x.md", "")
    assert links.resolve("k/Home.md", "Set%20up%20Sync#encryption", Targets(["k/Set up Sync.md", "k/Home.md"])) == \
        ("k/Set up Sync.md", "encryption")                           # a wiki link to a page with spaces
    assert links.resolve("k/Home.md", "Set%20up%20Sync/?tab=mac#encryption", Targets(["k/Set up Sync.md"])) == \
        ("k/Set up Sync.md", "encryption")                          # a page's query is not its path
    assert links.resolve("k/a.md", "https://x.example/a.md") is None and links.resolve("k/a.md", "#") is None
    assert links.resolve("k/a.md", "#request-options") == ("k/a.md", "request-options")    # its own page's section
    (tmp_path / "k/service").mkdir(parents=True)
    folder = (tmp_path / "k/service").resolve()
    corpus = Corpus("service", "", (folder,), "public", url_base="https://docs.example/kb/")
    # a folder two corpora share, split by file names: the one that takes the file gives its address
    other = Corpus("support", "", (folder,), "public", include=("troubleshooting.md",), url_base="https://help.example/")
    config = SimpleNamespace(root=tmp_path, corpora={"support": other, "service": corpus})
    assert links.document_url(config, "k/service/p/r.md", "a") == "https://docs.example/kb/p/r.md#a"  # can fail
    assert links.document_url(config, "k/service/troubleshooting.md") == "https://help.example/troubleshooting.md"
    assert links.document_url(config, "k/service/p/r.md", "a", [3, 5], public=False) == \
        "article?doc=k%2Fservice%2Fp%2Fr.md&lines=3-5#a"
    assert links.document_url(config, "k/service/p/r.md", "a", public=False) == \
        "article?doc=k%2Fservice%2Fp%2Fr.md&section=a#a"            # the app sees the query, never the fragment
    def to(path, anchor=""):
        return f"<{path}#{anchor}>"
    md = "See [Refund policy](refund-policy.md) and [site](https://x.example) ![img](a.png)"
    assert links.rewrite(md, "k/p/c.md", to) == \
        "See [Refund policy](<k/p/refund-policy.md#>) and [site](https://x.example) [image: img]"   # no link
    result = {"answer": "A [x](a.md). [1]\n\n**S**\n\nB [y](b.md)\n\n[2]\n\nSee also: [3] T › S",
              "citations": [{"n": 1, "source": "one/p.md"}, {"n": 2, "source": "two/q.md"}, {"n": 3, "source": "t"}]}
    got = links.answer_markdown(result, to, lambda c: "u" + c["source"])
    assert "[x](<one/a.md#>)" in got and "[y](<two/b.md#>)" in got
    assert "[\\[1\\]](uone/p.md)" in got and "[\\[3\\]](ut) T › S" in got


def test_a_docs_site_link_in_a_passage_opens_the_page_it_means():
    """`[rewrite](rewrite)` next to rewrite.md opened "Article not found" (the path as written has no .md)."""
    from ingest.link_targets import Targets
    targets = Targets(["k/d/rewrite.md", "k/d/uri.md", "k/guides/deploy.md"])
    def to(path, anchor=""):
        return f"<{path}#{anchor}>"
    md = "Unlike [rewrite](rewrite#syntax), see [the guide](deploy.html) or [gone](redirect)."
    assert links.rewrite(md, "k/d/uri.md", to, targets) == \
        "Unlike [rewrite](<k/d/rewrite.md#syntax>), see [the guide](<k/guides/deploy.md#>) or [gone](<k/d/redirect#>)."
    assert links.rewrite(md, "k/d/uri.md", to).startswith("Unlike [rewrite](<k/d/rewrite#syntax>)")   # without
    assert links.rewrite("[`encode`](/docs/d/rewrite) or [prices](/pricing)", "k/d/uri.md", to, targets) == \
        "[`encode`](<k/d/rewrite.md#>) or [prices](/pricing)"            # site-absolute: found, or left alone


def test_a_passage_keeps_the_comments_of_its_code():
    from app.ui.text import passage_markdown
    shown = passage_markdown("## Restore\nRun:\n\n```\n# CHANGEME dir\ncd x\n```\n")
    assert shown.startswith("**Restore**  \nRun:") and "```\n# CHANGEME dir\ncd x\n```" in shown


def test_html_a_docs_page_writes_in_its_markdown_is_shown_as_markdown():
    """Caddy's docs write commands as <pre><code>: Streamlit escapes HTML, so the tags were shown as text."""
    md = ('Run:\n\n<pre><code class="cmd bash">caddy run --watch</code></pre>\n\nPress <kbd>Ctrl</kbd>+<kbd>C</kbd>,'
          ' see <a href="rewrite">rewrite</a>.<br>`<b>as written</b>` and GET /pki/ca/<id> stay. <img src="d.png">')
    shown = links.rewrite(md, "k/d/uri.md", lambda path, anchor="": f"<{path}>")
    assert "```\ncaddy run --watch\n```" in shown and "<pre>" not in shown and "<img" not in shown
    assert "Press `Ctrl`+`C`, see [rewrite](<k/d/rewrite>).  \n" in shown       # a link, then rewritten
    assert "`<b>as written</b>` and GET /pki/ca/<id> stay." in shown            # code and placeholders kept


def test_html_in_a_table_cell_stays_in_its_row():
    """GOV.UK Pay's docs: `<br>` and `<ul><li>` in table cells of 158 of 689 chunks became line breaks, which
    ended the rows: 228 of 591 fell out of their tables as loose text. Control: outside a table a break stays one."""
    from app.html_markdown import as_markdown
    md = ("| Field | Notes |\n|---|---|\n| amount | In pence.<br><br>At most 10000000. |\n"
          "| state | <ul><li>created</li><li>failed <code>P0010</code></li></ul> |\n\nText<br>more\n")
    shown = as_markdown(md)
    assert "| amount | In pence.; At most 10000000. |\n| state | created; failed `P0010` |\n" in shown
    assert "Text  \nmore" in shown
    # between code spans too, and a link to its own id is its text (Traefik's options tables: 2,750 rows)
    from app.html_markdown import readable
    row = ('| <a id="opt-to" href="#opt-to" title="#opt-to">`http.redirections.`<br />`entryPoint.to`</a> | '
           'The target. |\n')
    shown = readable("| Option | Description |\n|---|---|\n" + row)
    assert "| `http.redirections.`; `entryPoint.to` | The target. |" in shown                 # can fail: row cut


def test_a_tag_left_without_its_partner_is_not_shown():
    """VA.gov's pages are written in HTML; a passage cut out of one keeps tags whose partner is in another passage
    (`</div>`, `</li>`, `<li itemscope>`) or of elements with no words of their own (`<button>` around a question):
    17 of 36 answers for people showed them. Controls: a placeholder and code stay as written."""
    from app.html_markdown import readable
    md = ('<button class="usa-accordion-button">Can I sign in?</button>\n'
          'Yes, with your <strong>ID</strong>.\n</div>\n</li>\n\nGET /users/<id> and `</div>` stay.\n')
    shown = readable(md)
    assert "<" not in shown.replace("<id>", "").replace("`</div>`", "")
    assert "Can I sign in?" in shown and "**ID**" in shown and "GET /users/<id> and `</div>` stay." in shown


def test_an_image_the_app_cannot_load_is_its_alt_text():
    """Actual Budget's docs: 270 `![](/img/x.png)` images in 162 of 769 chunks showed as broken images. Controls:
    an image on the web and one in code stay."""
    md = ('Open settings:\n\n![](/img/settings.png)\n\n![The bank sync button](../static/sync.png "Sync") then '
          '![logo](https://example.org/logo.png)\n\n`![x](a.png)`\n')
    shown = links.rewrite(md, "k/d/sync.md", lambda path, anchor="": f"<{path}>")
    assert "/img/settings.png" not in shown and "[image: The bank sync button] then" in shown
    assert "![logo](https://example.org/logo.png)" in shown and "`![x](a.png)`" in shown
    # a path in angle brackets may hold spaces (GitBook's: AppFlowy's docs, 30 in 22 chunks)
    shown = links.rewrite("Import:\n\n![](<../.gitbook/assets/image (90).png>)\n\n![w](<https://x.org/a b.png>)\n",
                          "k/d/import.md", lambda path, anchor="": f"<{path}>")
    assert "gitbook" not in shown and "![w](<https://x.org/a b.png>)" in shown                  # can fail


def test_an_answer_for_people_in_the_terminal_shows_an_image_it_cannot_load_as_its_alt_text():
    """Chatwoot's docs: `kb ask` printed `![inbox_settings](./images/business-hours-setting.png)` in 3 of 36 answers;
    the app showed "[image: inbox_settings]". Control: code stays as written."""
    from app.html_markdown import readable
    shown = readable("Open it:\n\n![inbox_settings](./images/business-hours.png)\n\n`![x](a.png)`\n")
    assert shown == "Open it:\n\n[image: inbox_settings]\n\n`![x](a.png)`\n"


def test_an_answer_in_the_terminal_shows_line_breaks_not_their_markup():
    """MultiSafepay's docs end lines with a backslash (a Markdown line break: 8 of 36 answers printed it) and GL.iNet's
    write `</br>` (16 in 3 files, shown raw). Control: a backslash ending a line of code stays."""
    from app.html_markdown import readable
    shown = readable("Step one\\\nStep two</br>three\n\n```sh\nmake \\\n  install\n```\n")
    assert shown == "Step one\nStep two  \nthree\n\n```sh\nmake \\\n  install\n```\n"


def test_an_escaped_backtick_opens_no_code_span_in_an_answer():
    """Standard Notes' docs write literal backticks as `\\``: read as code spans, the HTML between them stayed raw
    (6 table rows showed `<br></br>`, a step showed `<kbd>Enter</kbd>`). Control: a real code span stays as written."""
    from app.html_markdown import readable
    assert readable("Type \\`code\\` then <kbd>Enter</kbd>, or `<kbd>x</kbd>`.") == \
        "Type \\`code\\` then `Enter`, or `<kbd>x</kbd>`."


def test_questions_merged_with_counts_and_popular():
    texts = ["How do I get a refund?", "how do I get a refund", "Reset 2FA", "HOW DO I GET A REFUND?!"]
    assert merged(texts) == [("How do I get a refund?", 3), ("Reset 2FA", 1)]
    rows = [{"text": t, "answered": True, "feedback": None} for t in texts]
    assert popular(rows) == ["How do I get a refund?"]


@pytest.fixture
def accounts(tmp_path, monkeypatch):
    monkeypatch.delenv("KB_UI_SECRET", raising=False)
    return SimpleNamespace(root=tmp_path, ui={"agents_file": "agents.json", "agent_pages": True})


def test_agent_accounts_are_salted_scrypt_and_switch_pages_on(accounts):
    assert not auth.enabled(accounts)
    path = auth.add_account(accounts, "ana", "correct horse battery")
    auth.add_account(accounts, "bo", "correct horse battery")
    stored = json.loads(path.read_text())["agents"]
    assert stored["ana"]["salt"] != stored["bo"]["salt"] and stored["ana"]["hash"] != stored["bo"]["hash"]
    assert "correct horse" not in path.read_text() and oct(path.stat().st_mode)[-3:] == "600"
    assert auth.verify(accounts, "ana", "correct horse battery")
    assert not auth.verify(accounts, "ana", "correct horse batter") and not auth.verify(accounts, "zed", "x" * 12)
    assert auth.enabled(accounts) and not auth.enabled(SimpleNamespace(root=accounts.root, ui={
        "agents_file": "agents.json"}))                                  # agent_pages is off by default
    with pytest.raises(auth.AccountError, match="at least 10"):
        auth.add_account(accounts, "ana", "short")
    with pytest.raises(auth.AccountError, match="agent name"):
        auth.add_account(accounts, "bad name", "long enough password")


def test_tokens_are_signed_and_expire(accounts):
    auth.add_account(accounts, "ana", "correct horse battery")
    token = auth.make_token(accounts, "ana", now=1000.0)
    assert auth.token_agent(accounts, token, now=1000.0 + 11 * 3600) == "ana"
    assert auth.token_agent(accounts, token, now=1000.0 + 13 * 3600) is None          # 12 h by default
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    assert auth.token_agent(accounts, forged, now=1000.0) is None
    assert auth.token_agent(accounts, None) is None and auth.token_agent(accounts, "garbage") is None
    assert auth.token_agent(accounts, auth.make_token(accounts, "gone", now=1000.0), now=1000.0) is None


def test_ending_sessions_revokes_tokens_on_the_server(accounts):
    """A token is only good while the account's session is the one it was issued in: sign-out (any tab),
    a new password and removing the account end it, though the cookie itself has not expired."""
    auth.add_account(accounts, "ana", "correct horse battery")
    auth.add_account(accounts, "bo", "correct horse battery")
    laptop, phone, other = (auth.make_token(accounts, n) for n in ("ana", "ana", "bo"))
    assert auth.token_agent(accounts, laptop) == auth.token_agent(accounts, phone) == "ana"
    auth.end_sessions(accounts, "ana")
    assert auth.token_agent(accounts, laptop) is None and auth.token_agent(accounts, phone) is None
    assert auth.token_agent(accounts, other) == "bo"                     # other agents stay signed in
    again = auth.make_token(accounts, "ana")
    assert auth.token_agent(accounts, again) == "ana"
    auth.add_account(accounts, "ana", "a new password here")              # password changed
    assert auth.token_agent(accounts, again) is None
    auth.remove_account(accounts, "bo")
    assert auth.token_agent(accounts, other) is None
    with pytest.raises(auth.AccountError, match="no agent named 'bo'"):
        auth.end_sessions(accounts, "bo")


def test_an_account_from_before_sessions_can_still_sign_in(accounts):
    path = auth.add_account(accounts, "ana", "correct horse battery")
    stored = json.loads(path.read_text())
    del stored["agents"]["ana"]["session"]
    path.write_text(json.dumps(stored))
    assert auth.token_agent(accounts, auth.make_token(accounts, "ana")) == "ana"


def test_wrong_passwords_lock_the_name_for_a_while():
    now = [0.0]
    limiter = auth.Limiter(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert limiter.locked_for("ana") == 0
        limiter.failed("ana")
    assert limiter.locked_for("ana") == 60 and limiter.locked_for("bo") == 0
    now[0] = 61.0
    assert limiter.locked_for("ana") == 0


def test_kb_agents_add_reads_the_password_and_rejects_a_short_one(make_kb, monkeypatch, capsys):
    import io

    from app.cli import main
    config = make_kb()
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough password\n"))
    assert main(["agents", "add", "ana", "--config", str(config.file)]) == 0
    assert auth.verify(config, "ana", "a long enough password")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["agents", "add", "bo", "--config", str(config.file)]) == 2
    assert "at least 10 characters" in capsys.readouterr().err


def test_kb_agents_signout_and_remove(make_kb, capsys):
    from app.cli import main
    config = make_kb()
    auth.add_account(config, "ana", "a long enough password")
    token = auth.make_token(config, "ana")
    assert main(["agents", "signout", "ana", "--config", str(config.file)]) == 0
    assert auth.token_agent(config, token) is None
    assert main(["agents", "remove", "ana", "--config", str(config.file)]) == 0
    assert not auth.load_accounts(config)
    assert main(["agents", "remove", "ana", "--config", str(config.file)]) == 2
    assert "no agent named 'ana'" in capsys.readouterr().err


def test_alert_markers_become_labels_and_other_quotes_stay():
    md = ("> [!Warning] Non-refundable purchases\n> Catalyst licenses are not refundable.\n\n"
          "> [!NOTE]\n> Plain note.\n\n> [!tip]- Folded\n\n> A quote that says [!NOTE] mid-line\n")
    out = links.alerts(md)
    assert "> **Warning: Non-refundable purchases**\n> Catalyst licenses are not refundable." in out
    assert "> **Note**\n> Plain note." in out and "> **Tip: Folded**" in out
    assert "> A quote that says [!NOTE] mid-line" in out          # only a marker opening the quote
    shown = "To add one:\n\n```markdown\n> [!tip] Title\n```\n\n> [!tip] Real\n"
    assert links.alerts(shown) == "To add one:\n\n```markdown\n> [!tip] Title\n```\n\n> **Tip: Real**\n"
    assert links.rewrite("> [!NOTE]\n> see [x](other.md)", "docs/a.md", lambda p, a: f"/a/{p}").startswith(
        "> **Note**\n> see [x](/a/docs/other.md)")


def test_wikilinks_read_as_their_text_and_code_keeps_the_syntax():
    assert links.wikilinks("Open **[[Settings]] → Sync**.") == "Open **Settings → Sync**."
    assert links.wikilinks("[[Set up Sync#Create a remote vault|Create a remote vault]] first") == (
        "Create a remote vault first")
    assert links.wikilinks("see [[About#Links are first]] and [[Note#^block1]]") == "see About › Links are first and Note"
    assert links.wikilinks("- ![[icon.svg#icon]] **Highlighter**") == "-  **Highlighter**"   # an embedded image
    shown = "Type `[[#Heading]]` to link:\n\n~~~\n[[Page]]\n~~~\n\nlike [[#Heading]]."
    assert links.wikilinks(shown) == "Type `[[#Heading]]` to link:\n\n~~~\n[[Page]]\n~~~\n\nlike Heading."
    assert links.wikilinks("a [plain](link.md) and [[x]]") == "a [plain](link.md) and x"


def test_a_section_that_is_the_page_top_is_named_once():
    """"Troubleshoot the desktop apps › Troubleshoot the desktop apps" (a page's top section has the page's
    title) read as a stutter in every citation list; a real section keeps both parts."""
    from app.answer import place
    assert place("Troubleshoot the desktop apps", "Troubleshoot the desktop apps") == "Troubleshoot the desktop apps"
    assert place("Refund policy", "Annual plans") == "Refund policy › Annual plans"
    assert place("Refund policy", "") == "Refund policy"
    assert place("scaling", "Scaling") == "Scaling"                         # a title from the file name
    assert place("quotas", "Quotas > Application quotas") == "Quotas > Application quotas"
    assert place("Quotas", "Quota increases") == "Quotas › Quota increases"   # a different heading


def test_kb_ask_for_people_shows_html_as_markdown_and_json_keeps_it():
    """GOV.UK One Login's docs write `<br>`, `<ul><li>` and `<a href>` in their error tables: `kb ask` printed the
    tags in 12 of 35 answers. The answer shown to a person reads as Markdown; code keeps its tags, and the JSON
    answer (for programs, as the API's) stays as written."""
    from app.cli_output import human_result
    answer = ('To resolve, check:<br><ul><li>your <a href="/x">client ID</a></li></ul>\n\n'
              '```html\n<br>\n```\n')
    result = {"route": {"label": "support", "confidence": 1.0, "reason": "r"}, "answer": answer,
              "citations": [], "answered": True}
    shown = human_result(result)
    assert "<br>" not in shown.split("```")[0] and "[client ID](/x)" in shown and "```html\n<br>\n```" in shown
    assert result["answer"] == answer
