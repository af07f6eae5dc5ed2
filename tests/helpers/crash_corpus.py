"""A corpus of 20 small files on distinct topics for crash and concurrency tests, and the checks that an
index is consistent (every file's visible chunks are one whole version) and converged (equal to a fresh
ingest)."""
from __future__ import annotations

from pathlib import Path

from ingest.chunking import chunk_document
from ingest.config import Config
from ingest.lease import current as lease_record
from ingest.markdown import parse
from ingest.store import Store

TOPICS = [
    ("service", "export-invoices", "Export invoices", "How do I export my invoices as a CSV file?",
     "Open Billing > Invoices and press Export CSV. The file lists every invoice with its date, amount and tax."),
    ("service", "change-owner", "Change the account owner", "How do I transfer ownership of the workspace?",
     "Only the current owner can transfer ownership. Go to Settings > Members, open the new owner's menu and pick Make owner."),
    ("service", "dark-mode", "Dark mode", "How can I switch the editor to dark mode?",
     "Choose Preferences > Appearance and select Dark. The theme follows your operating system when set to Auto."),
    ("service", "two-factor", "Two-factor authentication", "How do I turn on two-factor authentication?",
     "Open Profile > Security, press Enable 2FA and scan the QR code with an authenticator app such as Authy."),
    ("service", "delete-account", "Delete your account", "How can I permanently delete my account?",
     "Deleting an account removes every document after a 30 day grace period. Use Settings > Account > Delete."),
    ("service", "student-discount", "Student discount", "Is there a discount for students?",
     "Students get 50 percent off the Pro plan with a university email address, renewed every year."),
    ("service", "keyboard-shortcuts", "Keyboard shortcuts", "Which keyboard shortcuts does the editor have?",
     "Press Ctrl+K for the command palette, Ctrl+B for bold and Ctrl+Shift+V to paste without formatting."),
    ("service", "data-residency", "Data residency", "Where is my data stored, in the EU or the US?",
     "Workspaces created in the EU region keep their data in Frankfurt; the US region uses Virginia."),
    ("service", "api-tokens", "API tokens", "How do I create a personal API token?",
     "Go to Developer settings and press New token. Tokens expire after 90 days unless you pick No expiry."),
    ("service", "offline-mode", "Offline mode", "Can I edit documents without an internet connection?",
     "The desktop app keeps recent documents offline and syncs your edits when the connection returns."),
    ("service", "guest-access", "Guest access", "Can I share a document with someone outside my team?",
     "Invite a guest by email from the Share dialog. Guests can comment but cannot create new documents."),
    ("service", "plan-limits", "Plan limits", "How many projects does the Free plan include?",
     "The Free plan includes three projects and 2 GB of storage; the Pro plan has unlimited projects."),
    ("service", "calendar-sync", "Calendar sync", "How do I connect my Google Calendar?",
     "Under Integrations choose Google Calendar and approve access. Due dates then appear as calendar events."),
    ("service", "printing", "Printing documents", "How can I print a document with comments?",
     "Use File > Print and tick Include comments. Comments are printed as numbered notes at the end."),
    ("support", "public/upload-fails", "Upload fails", "My file upload fails with error UPL-413",
     "Error UPL-413 means the file is larger than 250 MB. Compress the file or split it and upload again."),
    ("support", "public/sync-stuck", "Sync stuck", "Sync is stuck at 99 percent on the desktop app",
     "Quit the desktop app, delete the sync cache folder and start it again; the sync restarts from scratch."),
    ("support", "runbooks/db-failover", "Database failover runbook", "database failover runbook replica promotion",
     "Promote the standby replica with the failover script, then repoint the connection pooler to it."),
    ("support", "runbooks/webhook-retries", "Webhook retry runbook", "webhooks are not delivered to a customer endpoint",
     "Check the delivery log in the admin console and replay failed webhooks after the endpoint answers 200."),
    ("support", "runbooks/search-reindex", "Search reindex runbook", "search results are missing new documents",
     "Trigger a reindex job for the workspace from the operations console and watch the queue drain."),
    ("support", "runbooks/email-bounces", "Email bounce runbook", "invitation emails bounce for a customer domain",
     "Look up the domain in the bounce dashboard and remove it from the suppression list once SPF is fixed."),
]


def topic_text(title: str, body: str, edition: int = 0) -> str:
    extra = f"\n\n## What changed in edition {edition}\nEdition {edition} of this page clarifies the steps " \
            f"above and adds a note about the audit log entry number {edition * 7}.\n" if edition else ""
    return (f"---\ntitle: {title}\n---\n# {title}\n\n## Steps\n{body}\n\n"
            f"## Notes\nIf this does not help, write to the team with the page name '{title}' and what you saw."
            f" Screenshots help us reply faster.\n{extra}")


def corpus_files(edition_of: dict[str, int] | None = None) -> dict[str, str]:
    edition_of = edition_of or {}
    return {f"docs/{side}/{slug}.md": topic_text(title, body, edition_of.get(slug, 0))
            for side, slug, title, _, body in TOPICS}


def expected_chunks(config: Config, counter, rel: str, text: str) -> list[str]:
    doc = parse(text, rel)
    return [c.text for c in chunk_document(doc, counter, config.chunk_max_tokens, config.chunk_min_tokens)]


def reader_view(config: Config) -> dict[str, dict[str, list[str]]]:
    """What a reader uses: corpus -> source -> chunk texts (in chunk order), via the real Retriever."""
    from app.retrieval import Retriever
    store = Store(config)
    r = Retriever.load(store, {}, store.generations())
    out: dict[str, dict[str, list]] = {}
    for corpus, view in r.views.items():
        files: dict[str, list] = {}
        for d in view.indexes["all"].docs:
            files.setdefault(d.meta["source"], []).append((d.meta["chunk"], d.meta["version"], d.text))
        out[corpus] = {s: sorted(v) for s, v in files.items()}
    return out


def check_consistent(config: Config, counter, options: dict[str, list[str]]) -> dict[str, str]:
    """Every file the reader sees is exactly one whole version among `options` (source -> candidate texts).
    Returns source -> index of the version seen ("0", "1", ...). Raises AssertionError otherwise."""
    store = Store(config)
    seen: dict[str, str] = {}
    for corpus, files in reader_view(config).items():
        live = store.live_files(corpus)
        assert set(files) == set(live), f"{corpus}: live files without chunks or chunks without a live file"
        for source, rows in files.items():
            versions = {v for _, v, _ in rows}
            assert versions == {live[source]["version"]}, f"{source}: reader sees versions {versions}"
            texts = [t for _, _, t in rows]
            assert len(texts) == live[source]["chunks"], f"{source}: {len(texts)} chunks, manifest says {live[source]['chunks']}"
            assert len(set(texts)) == len(texts), f"{source}: duplicate chunk texts"
            candidates = [expected_chunks(config, counter, source, t) for t in options[source]]
            assert texts in candidates, f"{source}: visible chunks match no whole version"
            seen[source] = str(candidates.index(texts))
    return seen


def store_ids(config: Config) -> dict[str, list[str]]:
    store = Store(config)
    return {c: sorted(store.chunks(c).get(include=[])["ids"]) for c in config.corpora}


def check_converged(config: Config, fresh: Config) -> None:
    """The store equals a fresh ingest of the same files: same manifest, same chunk ids, no orphans."""
    a, b = Store(config), Store(fresh)
    for corpus in config.corpora:
        la, lb = a.live_files(corpus), b.live_files(corpus)
        assert {s: m["version"] for s, m in la.items()} == {s: m["version"] for s, m in lb.items()}, corpus
        on_disk = {config.rel(p) for root in config.corpora[corpus].paths for p in Path(root).rglob("*.md")}
        assert set(la) == on_disk, f"{corpus}: manifest {sorted(la)} != files on disk {sorted(on_disk)}"
        assert a.chunks(corpus).count() == b.chunks(corpus).count()
    assert store_ids(config) == store_ids(fresh), "chunk ids differ from a fresh ingest (orphans or gaps)"
    assert lease_record(a) is None, "a lease record was left behind"
