"""Ingest into a temp Chroma with the real model: counts, chunk metadata, audience resolution,
incremental runs (unchanged / edited / deleted / added), broken files, and the `kb ingest` summary."""
from __future__ import annotations

import functools
import hashlib
import json

import pytest
from conftest import CONFIG, SMALL_CORPUS, build_kb, write

from ingest import head_vectors, pipeline
from ingest.config import ConfigError, load_config
from ingest.noise import Ticker
from ingest.pipeline import ingest
from ingest.store import Store


class EmbedCounter:
    """Wraps the real Embedder.embed and records how many texts were embedded."""

    def __init__(self, embedder, monkeypatch):
        self.texts: list[str] = []
        real = embedder.embed

        def embed(texts):
            self.texts.extend(texts)
            return real(texts)
        monkeypatch.setattr(embedder, "embed", embed)


def chunks_of(config) -> dict[str, dict]:
    """id -> {"text", **metadata} for every chunk of every corpus."""
    store = Store(config)
    out = {}
    for corpus in config.corpora:
        got = store.chunks(corpus).get(include=["documents", "metadatas"])
        for i, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
            out[i] = {"text": text, **meta}
    return out


def manifest_of(config) -> dict[str, dict]:
    store = Store(config)
    return {(c, s): m for c in config.corpora for s, m in store.live_files(c).items()}


def test_counts_and_chunk_metadata(make_kb, embedder, tmp_path):
    config = make_kb()
    summary = ingest(config, embedder=embedder)
    assert summary["ok"] is True and summary["failed"] == []
    svc, sup = summary["corpora"]["service"], summary["corpora"]["support"]
    assert (svc["added"], svc["updated"], svc["removed"], svc["failed"]) == (2, 0, 0, 0)
    assert (sup["added"], sup["updated"], sup["removed"], sup["failed"]) == (2, 0, 0, 0)

    chunks = chunks_of(config)
    store = Store(config)
    assert store.chunks("service").count() == svc["chunks_added"] > 0
    assert store.chunks("support").count() == sup["chunks_added"] > 0
    assert len(chunks) == svc["chunks_added"] + sup["chunks_added"]
    assert {m["source"] for m in chunks.values()} == set(SMALL_CORPUS)

    titles = {"docs/service/refunds.md": "Refund policy", "docs/service/invite.md": "Invite teammates",
              "docs/support/public/login.md": "Troubleshoot login", "docs/support/runbooks/sso.md": "SSO failure runbook"}
    audiences = {"docs/service/refunds.md": "public", "docs/service/invite.md": "public",
                 "docs/support/public/login.md": "public", "docs/support/runbooks/sso.md": "internal"}
    for m in chunks.values():
        src = m["source"]
        assert m["corpus"] == src.split("/")[1]
        assert m["title"] == titles[src]
        assert m["audience"] == audiences[src]
        lines = (tmp_path / src).read_text().splitlines(keepends=True)
        assert 1 <= m["start_line"] <= m["end_line"] <= len(lines)
        assert m["text"] == "".join(lines[m["start_line"] - 1:m["end_line"]])       # lines match the file
        if m["anchor"]:
            assert any(l.lstrip("#").strip().lower().replace(" ", "-") == m["anchor"]
                       for l in lines[m["start_line"] - 1:m["end_line"]] if l.startswith("#"))
        embed_text = m["heading_path"] + "\n" + m["text"]
        assert m["content_hash"] == hashlib.sha256(embed_text.encode()).hexdigest()[:16]
    refunds = [m for m in chunks.values() if m["source"] == "docs/service/refunds.md"]
    assert {m["section"] for m in refunds} <= {"Annual plans", "Monthly plans"}
    assert {m["anchor"] for m in refunds} <= {"annual-plans", "monthly-plans"}
    assert "billing" in refunds[0]["tags"]
    sso = next(m for m in chunks.values() if m["source"] == "docs/support/runbooks/sso.md")
    assert (sso["section"], sso["anchor"]) == ("Certificate rotated", "certificate-rotated")

    manifest = manifest_of(config)
    assert set(manifest) == {(s.split("/")[1], s) for s in SMALL_CORPUS}
    for (_corpus, src), rec in manifest.items():
        assert rec["chunks"] == sum(1 for m in chunks.values() if m["source"] == src)


AUDIENCE_CONFIG = CONFIG.replace('paths = ["docs/service"]\naudience = "public"',
                                 'paths = ["docs/service"]\naudience = "public"\ninternal = ["docs/service/staff/**"]')
AUDIENCE_FILES = {
    # path: (text, expected audience)
    "docs/service/plain.md": ("# Plain\n\nA public help page about plans and pricing.\n", "public"),           # default
    "docs/service/staff/notes.md": ("# Notes\n\nStaff notes about discounts we may give.\n", "internal"),     # glob
    "docs/service/staff/open.md": ("---\naudience: public\n---\n# Open\n\nPublished staff page.\n", "public"),  # fm
    "docs/service/secret.md": ("---\naudience: internal\n---\n# Secret\n\nPricing exceptions.\n", "internal"),  # fm
    "docs/support/runbooks/r.md": ("# Runbook\n\nRestart the sync worker from the console.\n", "internal"),   # default
    "docs/support/public/p.md": ("# Public fix\n\nClear the cache and sign in again.\n", "public"),           # glob
    "docs/support/public/hidden.md": ("---\naudience: internal\n---\n# Hidden\n\nAgents only.\n", "internal"),  # fm
}


def test_audience_resolution_order(make_kb, embedder):
    config = make_kb({p: t for p, (t, _) in AUDIENCE_FILES.items()}, AUDIENCE_CONFIG)
    summary = ingest(config, embedder=embedder)
    assert summary["ok"], summary["failed"]
    got = {}
    for m in chunks_of(config).values():
        got.setdefault(m["source"], set()).add(m["audience"])
    assert got == {p: {aud} for p, (_, aud) in AUDIENCE_FILES.items()}


def test_bad_audience_in_front_matter_is_a_failure(make_kb, embedder):
    config = make_kb({"docs/service/x.md": "---\naudience: everyone\n---\n# X\n\nText here.\n",
                      "docs/service/y.md": "# Y\n\nFine text here.\n"})
    summary = ingest(config, embedder=embedder)
    assert summary["ok"] is False
    assert [(f["path"], f["corpus"]) for f in summary["failed"]] == [("docs/service/x.md", "service")]
    assert "audience" in summary["failed"][0]["reason"]
    assert {m["source"] for m in chunks_of(config).values()} == {"docs/service/y.md"}


def test_second_run_changes_nothing(make_kb, embedder, monkeypatch):
    config = make_kb()
    ingest(config, embedder=embedder)
    before = chunks_of(config)
    counter = EmbedCounter(embedder, monkeypatch)
    summary = ingest(config, embedder=embedder)
    assert counter.texts == []
    for r in summary["corpora"].values():
        assert (r["added"], r["updated"], r["removed"], r["chunks_added"], r["chunks_removed"]) == (0, 0, 0, 0, 0)
    assert summary["corpora"]["service"]["unchanged"] == 2 and summary["corpora"]["support"]["unchanged"] == 2
    assert chunks_of(config) == before


def _below_title(chunks: dict, source: str) -> set[str]:
    """The heading paths below the title that ingest embeds for a file's chunks (head_vectors.own_text)."""
    return {head_vectors.own_text(tuple(m["heading_path"].split(" > "))) for m in chunks.values()
            if m["source"] == source} - {None}


def test_edit_delete_add_and_no_duplicates(make_kb, embedder, monkeypatch, tmp_path):
    config = make_kb()
    ingest(config, embedder=embedder)
    before = chunks_of(config)
    old_refund_ids = {i for i, m in before.items() if m["source"] == "docs/service/refunds.md"}
    counter = EmbedCounter(embedder, monkeypatch)

    # edit one file: only it is re-embedded, its old chunks are gone
    write(tmp_path / "docs/service/refunds.md", SMALL_CORPUS["docs/service/refunds.md"].replace(
        "within 14 days", "within 30 days"))
    s = ingest(config, embedder=embedder)
    assert s["corpora"]["service"]["updated"] == 1 and s["corpora"]["service"]["unchanged"] == 1
    assert s["corpora"]["support"]["unchanged"] == 2
    after = chunks_of(config)
    own = _below_title(after, "docs/service/refunds.md")
    assert counter.texts and all(t.startswith("Refund policy") or t in own for t in counter.texts)
    assert not old_refund_ids & set(after)
    refund_text = "".join(m["text"] for m in after.values() if m["source"] == "docs/service/refunds.md")
    assert "within 30 days" in refund_text and "within 14 days" not in refund_text
    assert {i: m for i, m in after.items() if m["source"] != "docs/service/refunds.md"} == \
           {i: m for i, m in before.items() if m["source"] != "docs/service/refunds.md"}

    # delete a file: its chunks and its manifest record are gone
    (tmp_path / "docs/service/invite.md").unlink()
    s = ingest(config, embedder=embedder)
    assert s["corpora"]["service"]["removed"] == 1 and s["corpora"]["service"]["chunks_removed"] > 0
    assert not any(m["source"] == "docs/service/invite.md" for m in chunks_of(config).values())
    assert ("service", "docs/service/invite.md") not in manifest_of(config)

    # add a file
    counter.texts.clear()
    write(tmp_path / "docs/support/public/sync.md", "# Sync errors\n\n## SYNC-409\nResolve the conflict in the log.\n")
    s = ingest(config, embedder=embedder)
    assert s["corpora"]["support"]["added"] == 1 and s["corpora"]["support"]["unchanged"] == 2
    own = _below_title(chunks_of(config), "docs/support/public/sync.md")
    assert counter.texts and all(t.startswith("Sync errors") or t in own for t in counter.texts)
    assert ("support", "docs/support/public/sync.md") in manifest_of(config)

    # several more runs: no duplicate chunks, Chroma holds exactly what the manifest says is live
    ingest(config, embedder=embedder)
    ingest(config, embedder=embedder)
    final = chunks_of(config)
    keys = [(m["source"], m["chunk"]) for m in final.values()]
    assert len(keys) == len(set(keys))
    manifest = manifest_of(config)
    assert len(final) == sum(r["chunks"] for r in manifest.values())
    assert all(m["version"] == manifest[(m["corpus"], m["source"])]["version"] for m in final.values())


def test_broken_files_are_reported_and_the_old_version_stays(make_kb, embedder, tmp_path, monkeypatch, capsys):
    from app.cli import main
    from app.engine import KnowledgeBase
    config = make_kb()
    assert ingest(config, embedder=embedder)["ok"]
    old_login = {i for i, m in chunks_of(config).items() if m["source"] == "docs/support/public/login.md"}

    # login.md gets broken front matter; a non-UTF-8 file and a good file are added
    login = tmp_path / "docs/support/public/login.md"
    login.write_text("---\ntitle: [unclosed\n---\n# Troubleshoot login\n\nnew text\n")
    (tmp_path / "docs/service/latin1.md").write_bytes("# Café\n\nPrix: 10 €\n".encode("cp1252"))
    write(tmp_path / "docs/service/vat.md", "# VAT\n\n## VAT on invoices\nVAT is shown on every invoice.\n")

    summary = ingest(config, embedder=embedder)
    assert summary["ok"] is False
    failed = {f["path"]: f for f in summary["failed"]}
    assert set(failed) == {"docs/support/public/login.md", "docs/service/latin1.md"}
    assert "front matter" in failed["docs/support/public/login.md"]["reason"]
    assert "UTF-8" in failed["docs/service/latin1.md"]["reason"]
    assert failed["docs/service/latin1.md"]["corpus"] == "service"
    assert summary["corpora"]["service"]["added"] == 1            # the good file went in
    assert summary["corpora"]["support"]["failed"] == 1

    # the previously indexed version of login.md is untouched and still answers questions
    now = chunks_of(config)
    assert {i for i, m in now.items() if m["source"] == "docs/support/public/login.md"} == old_login
    result = KnowledgeBase(config, embedder=embedder).ask("SSO-104 clock skew too large", route="support")
    assert result["answered"] and result["citations"][0]["source"] == "docs/support/public/login.md"
    assert "Clock skew" in result["answer"]

    # status() remembers the failures
    status = KnowledgeBase(config, embedder=embedder).status()
    assert [f["path"] for f in status["support"]["failed"]] == ["docs/support/public/login.md"]

    # `kb ingest` exits 1 and names the file; `--json` gives the summary
    monkeypatch.setattr("ingest.pipeline.Embedder", lambda *a, **k: embedder)
    assert main(["ingest", "--config", str(config.file)]) == 1
    out = capsys.readouterr().out
    assert "docs/service/latin1.md" in out and "docs/support/public/login.md" in out
    assert main(["ingest", "--config", str(config.file), "--json"]) == 1
    js = json.loads(capsys.readouterr().out)
    assert set(js) >= {"corpora", "failed", "ok", "seconds"} and js["ok"] is False
    assert set(js["corpora"]) == {"service", "support"}
    for r in js["corpora"].values():
        assert set(r) >= {"added", "updated", "removed", "unchanged", "failed", "chunks_added", "chunks_removed"}
        assert all(isinstance(r[k], int) for k in ("added", "updated", "removed", "unchanged", "failed"))
    assert js["corpora"]["service"]["unchanged"] == 3
    assert {(f["path"], f["corpus"]) for f in js["failed"]} == {("docs/support/public/login.md", "support"),
                                                                ("docs/service/latin1.md", "service")}
    assert all(isinstance(f["reason"], str) and f["reason"] for f in js["failed"])

    # fixing the file heals it: exit 0, the new version replaces the old one
    login.write_text("# Troubleshoot login\n\n## Clock skew\nSet the IdP clock right.\n")
    (tmp_path / "docs/service/latin1.md").unlink()
    assert main(["ingest", "--config", str(config.file), "--json"]) == 0
    js = json.loads(capsys.readouterr().out)
    assert js["ok"] is True and js["corpora"]["support"]["updated"] == 1
    assert not old_login & set(chunks_of(config))


def test_a_corpus_nothing_matches_says_what_its_folders_hold(make_kb, fake_embedder, capsys):
    """MoJ's Cloud Platform guide (`.html.md.erb` pages): 0 of 124 files ingested, exit 0 and no hint. Now such
    pages are read by default, and a corpus that matches nothing says which files it holds. Control: a corpus
    with files says nothing."""
    from app import cli_output
    config = make_kb({"docs/service/guide.html.md.erb": "---\ntitle: Guide\n---\n# <%= current_page.data.title %>\n\n"
                                                         "Deploy with the CLI and watch the logs.\n",
                      "docs/support/runbook.rst": "Runbook\n=======\n\nRestart the pod.\n",
                      "docs/support/notes.rst": "Notes\n=====\n\nText.\n"})
    summary = ingest(config, embedder=fake_embedder)
    service, support = summary["corpora"]["service"], summary["corpora"]["support"]
    assert service["added"] == 1 and service["note"] == ""
    assert support["added"] == 0 and support["note"] == (
        'no file matches include (*.md, *.markdown, *.mdx, *.mdoc, *.md.erb, *.markerb); its folders hold *.rst (2): '
        'add their pattern to corpora.support.include')
    assert "NOTE support: no file matches include" in cli_output.summary_text(summary)


def test_pages_the_include_leaves_out_are_named_even_when_others_are_read(make_kb, fake_embedder):
    """Fly.io's docs: 53 of 96 pages are `.html.markerb` (Markdown under ERB), skipped without a word because the
    corpus's other pages matched. Now they are read by default, and pages of a Markdown kind that `include`
    leaves out are named. Control: files that are not pages (an image, a data file) are not."""
    config = make_kb({"docs/service/pricing.html.markerb": "# Pricing\n\nMachines are billed per second.\n",
                      "docs/service/faq.md": "# FAQ\n\nAsk us.\n",
                      "docs/service/old/a.mkd": "# A\n\nText.\n", "docs/service/old/b.mkd": "# B\n\nText.\n",
                      "docs/service/img/logo.svg": "<svg/>\n", "docs/support/fix.md": "# Fix\n\nRestart.\n",
                      "docs/support/data.yml": "k: v\n",
                      # USAJOBS' help center (Jekyll): 25 .html pages with front matter left out without a word;
                      # a layout in a `_` folder and an HTML file with no front matter are no pages
                      "docs/service/paths/veterans.html": "---\ntitle: Veterans\n---\n<h2>Preference</h2>\n",
                      "docs/service/_layouts/page.html": "---\nlayout: default\n---\n{{ content }}\n",
                      "docs/service/img/map.html": "<html><body>map</body></html>\n"})
    summary = ingest(config, embedder=fake_embedder)
    service, support = summary["corpora"]["service"], summary["corpora"]["support"]
    assert service["added"] == 2 and service["note"] == (
        "its folders also hold pages include leaves out: *.mkd (2), *.html with front matter (1); add their pattern "
        "to corpora.service.include to read them")
    assert support["note"] == ""



def test_an_exclude_glob_that_leaves_out_nothing_is_named_with_what_it_likely_meant(make_kb, fake_embedder):
    """Traefik's docs: `exclude = ["security/**"]` beside a corpus in docs/content left out nothing (a path glob is
    read from the config's folder), and 11 support pages were indexed as service without a word. Control: a glob
    that leaves out a file is not named."""
    config = make_kb({"docs/service/guide.md": "# Guide\n\nDeploy it.\n", "docs/service/old/a.md": "# A\n\nOld.\n",
                      "docs/support/fix.md": "# Fix\n\nRestart.\n"},
                     CONFIG.replace('paths = ["docs/service"]',
                                    'paths = ["docs/service"]\nexclude = ["security/**", "docs/service/old/*"]'))
    summary = ingest(config, embedder=fake_embedder)
    assert summary["corpora"]["service"]["note"] == (                                    # can fail: no note
        "exclude 'security/**' leaves out none of its files (a path glob is read from the config's folder: "
        "'docs/service/security/**'?)")
    assert summary["corpora"]["service"]["added"] == 1


def test_an_exclude_glob_is_not_idle_where_include_leaves_its_files_out_too(make_kb, fake_embedder):
    """Joplin's docs: two corpora sharing a folder wrote the same excludes, and on the side whose include took only
    the FAQ pages, `src/readme/_i18n/*` was named as leaving out nothing, with the path it "likely meant" being
    'src/readme/src/readme/_i18n/*'. A glob that matches a file include leaves out is doing its job; one already
    under the corpus's folder gets no suggestion. Control: a glob matching no file at all is still named."""
    config = make_kb({"docs/service/guide.md": "# Guide\n\nDeploy it.\n", "docs/service/faq.md": "# FAQ\n\nYes.\n",
                      "docs/service/news/a.md": "# A\n\nOld.\n", "docs/support/fix.md": "# Fix\n\nRestart.\n"},
                     CONFIG.replace('paths = ["docs/service"]', 'paths = ["docs/service"]\ninclude = ["faq*"]\n'
                                    'exclude = ["docs/service/news/*", "docs/service/i18n/*"]'))
    summary = ingest(config, embedder=fake_embedder)
    note = summary["corpora"]["service"]["note"]
    assert note.endswith("; exclude 'docs/service/i18n/*' leaves out none of its files")   # no path "likely meant"
    assert "news" not in note and "*.md (1)" in note            # can fail: named as idle; an excluded page counted



def test_a_progress_line_counts_the_files_done_and_their_chunks_waiting_to_be_written(tmp_path, fake_embedder,
                                                                                       monkeypatch):
    """Overseerr's docs: "ingest: support 1/2 files, 0 chunks" was printed as the first file's 25 chunks waited for
    their batch, and read as if nothing had been indexed. Control: the line before any file says 0 of 2."""
    monkeypatch.setattr(pipeline, "Ticker", functools.partial(Ticker, every_s=0))
    files = {"docs/service/a.md": "# A\n\nFirst page text about invoices.\n",
             "docs/service/b.md": "# B\n\nSecond page text about refunds.\n"}
    lines: list[str] = []
    summary = ingest(build_kb(tmp_path, files), embedder=fake_embedder, note=lines.append)
    assert summary["ok"]
    service = [line for line in lines if line.startswith("ingest: service ")]
    assert service[0].startswith("ingest: service 0/2 files, 0 chunks, ")
    assert service[1].startswith("ingest: service 1/2 files, 1 chunks, ")          # can fail: "2/2 files, 0 chunks"


def test_a_file_listed_in_paths_is_taken_whatever_include_says_and_its_siblings_are_not(tmp_path, fake_embedder):
    """Servarr's wiki keeps its Sonarr home page, sonarr.md, beside the sonarr/ folder; three testers of new sites
    listed such a page in `paths` and were refused ("is not a folder"). Controls: the page's sibling is not taken,
    a file the other corpus's folder holds too is refused as shared, and a path that does not exist says so."""
    files = {"docs/sonarr.md": "# Sonarr\n\nSonarr is a PVR for Usenet and BitTorrent users.\n",
             "docs/radarr.md": "# Radarr\n\nRadarr is a movie collection manager.\n",
             "docs/service/start.md": "# Quick start\n\nAdd a series.\n",
             "docs/support/faq.md": "# FAQ\n\nWhy is my download stuck?\n"}
    config = CONFIG.replace('paths = ["docs/service"]', 'paths = ["docs/service", "docs/sonarr.md"]\ninclude = ["*.mdx"]')
    built = build_kb(tmp_path, files, config)
    assert built.corpora["service"].takes("docs/sonarr.md") and not built.corpora["service"].takes("docs/radarr.md")
    summary = ingest(built, embedder=fake_embedder)
    assert summary["ok"], summary["failed"]
    store = Store(built)
    assert sorted(store.live_files("service")) == ["docs/sonarr.md"]          # can fail: start.md is no *.mdx

    write(tmp_path / "config.toml", CONFIG.replace('paths = ["docs/support"]', 'paths = ["docs", "docs/nope.md"]'))
    with pytest.raises(ConfigError, match=r"'corpora.support.paths' entry 'docs/nope.md' does not exist"):
        load_config(tmp_path / "config.toml")
    write(tmp_path / "config.toml", config.replace('paths = ["docs/support"]', 'paths = ["docs"]\ninclude = ["*.md"]'))
    with pytest.raises(ConfigError, match="belongs to both corpora"):
        ingest(load_config(tmp_path / "config.toml"), embedder=fake_embedder)


def test_translations_left_out_are_named_by_their_language(make_kb, fake_embedder):
    """Gitea's docs (Hugo) name pages by language and region, "install.zh-cn.md": with `include = ["*.en-us.md"]` the
    note read "*.md (32): add their pattern", which would have mixed every translation into the English store.
    Control: a version number is no language ("notes.v1.2.md" is a *.md)."""
    config = CONFIG.replace('paths = ["docs/service"]', 'paths = ["docs/service"]\ninclude = ["*.en-us.md"]')
    built = make_kb({"docs/service/install.en-us.md": "# Install\n\nRun it.\n",
                     "docs/service/install.zh-cn.md": "# 安装\n\n运行。\n", "docs/service/faq.zh-tw.md": "# 常見\n\n文本。\n",
                     "docs/service/notes.v1.2.md": "# Notes\n\nText.\n", "docs/support/fix.md": "# Fix\n\nRestart.\n"},
                    config)
    note = ingest(built, embedder=fake_embedder)["corpora"]["service"]["note"]
    assert "*.zh-cn.md (1)" in note and "*.zh-tw.md (1)" in note and "*.md (1)" in note      # can fail: *.md (3)


def test_a_picture_an_include_glob_matches_is_skipped_not_failed(tmp_path, fake_embedder):
    """trigger.dev's docs: `include = ["troubleshooting*"]` took three screenshots, each failed as "binary content"
    and the ingest exited 1. A file of no page kind that is not text is skipped. Control: binary bytes named .md
    still fail, as a broken page."""
    files = {"docs/support/troubleshooting.md": "# Troubleshooting\n\nRestart the worker.\n",
             "docs/service/start.md": "# Start\n\nInstall it.\n"}
    config = CONFIG.replace('paths = ["docs/support"]', 'paths = ["docs/support"]\ninclude = ["troubleshooting*"]')
    built = build_kb(tmp_path, files, config)
    (tmp_path / "docs/support/troubleshooting-alerts.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "docs/support/troubleshooting-old.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    summary = ingest(built, embedder=fake_embedder)
    support = summary["corpora"]["support"]
    assert [f["path"] for f in summary["failed"]] == ["docs/support/troubleshooting-old.md"]
    assert any(s["path"] == "docs/support/troubleshooting-alerts.png" and s["reason"].startswith("not a page: binary")
               for s in support["skipped"])                                    # can fail: a failure, exit 1
