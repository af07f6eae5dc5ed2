"""Real-looking pages that help centers contain, for the noise tests and the bench print: a help article,
the same article with a pasted screenshot, with a minified JSON sample, with long tracking URLs; a long
changelog; nested quotes; a YAML alias bomb. Deterministic (seeded), no files downloaded."""
from __future__ import annotations

import base64
import json
import random

PARAGRAPHS = [
    ("Your workspace keeps a billing history of every invoice, refund and credit note. Owners and billing "
    "admins can download each invoice as a PDF from Settings > Billing > Invoices, and every invoice is "
    "also emailed to the billing contact on the day it is issued."),
    ("If a payment fails, we retry the card three times over seven days and email the billing contact after "
    "each attempt. During that time the workspace keeps working normally; after the last attempt it becomes "
    "read-only until the balance is paid."),
    ("To change the card we charge, open Settings > Billing > Payment method and choose Replace card. The new "
    "card is used for the next invoice; an open invoice can be paid with it straight away from the same page."),
    ("Invoices show the legal name and tax ID of your company as entered under Billing details. Changes apply "
    "to future invoices only; to correct an invoice that was already issued, contact support with its number."),
    ("Annual plans are billed up front for twelve months. Adding seats during the year is charged pro rata on "
    "the next invoice, and removing seats takes effect at renewal, not immediately."),
    ("Refunds go back to the card that paid the invoice and take five to ten business days to appear, depending "
    "on your bank. A refund is listed in the billing history as a credit note linked to its invoice."),
]


def article(title: str = "Manage invoices and payments", extra: dict[int, str] | None = None) -> str:
    """A help article of ~6 paragraphs under three headings; `extra` inserts a block after paragraph i."""
    extra = extra or {}
    out = [f"---\ntitle: {title}\ntags: [billing]\n---\n# {title}\n"]
    for i, para in enumerate(PARAGRAPHS):
        if i % 2 == 0:
            out.append(f"## {['Invoices', 'Failed payments', 'Plans and refunds'][i // 2]}\n")
        out.append(para + "\n")
        if i in extra:
            out.append(extra[i] + "\n")
    return "\n".join(out)


def screenshot(size: int = 512 * 1024, seed: int = 1) -> str:
    """A base64 PNG as editors paste it: one line, `size` bytes of base64."""
    raw = b"\x89PNG\r\n\x1a\n" + random.Random(seed).randbytes(size * 3 // 4)
    return base64.b64encode(raw).decode()[:size]


def minified_json(items: int = 120, seed: int = 2) -> str:
    """An API response sample as it comes out of JSON.stringify: one line, ~30 KB, some spaced strings."""
    rnd = random.Random(seed)
    data = {"object": "list", "has_more": False, "data": [
        {"id": f"in_{rnd.getrandbits(64):016x}", "object": "invoice", "status": rnd.choice(["paid", "open"]),
         "amount_due": rnd.randrange(900, 99000), "currency": "usd", "customer": f"cus_{rnd.getrandbits(48):012x}",
         "description": rnd.choice(["Team plan, annual", "Seats added pro rata", "Business plan"]),
         "lines": [{"id": f"il_{rnd.getrandbits(64):016x}", "quantity": rnd.randrange(1, 40),
                    "price": {"id": f"price_{rnd.getrandbits(40):010x}", "unit_amount": 1900}}]}
        for _ in range(items)]}
    return json.dumps(data, separators=(",", ":"))


def long_url(n: int, seed: int = 3) -> str:
    rnd = random.Random(seed + n)
    token = base64.urlsafe_b64encode(rnd.randbytes(90)).decode()
    return (f"https://help.quillhub.example.com/billing/invoices/download-pdf?utm_source=email&utm_medium="
            f"invoice_{n}&utm_campaign=billing-2024-q{n % 4 + 1}&session={token}&sig={rnd.getrandbits(256):064x}")


def changelog(entries: int = 3000) -> str:
    """A changelog: versions with short entries, 3,000 in all."""
    verbs = ["Fixed", "Improved", "Added", "Changed", "Removed"]
    things = ["calendar sync for shared calendars", "invoice PDF layout", "SSO login with Okta",
              "CSV export of members", "webhook retries", "search in archived projects", "two-factor recovery codes",
              "dark mode in the editor", "mobile push notifications", "the API rate limit headers"]
    out = ["# Changelog\n"]
    for i in range(entries):
        if i % 25 == 0:
            out.append(f"\n## 4.{i // 25}.0\n")
        out.append(f"- {verbs[i % 5]} {things[(i * 7) % 10]} (#{10000 + i})")
    return "\n".join(out) + "\n"


def server_log(lines: int = 20000) -> str:
    """A server log saved as Markdown: one heading, then line after line of words."""
    levels = ["INFO", "WARN", "INFO", "DEBUG"]
    out = ["# worker.log\n"]
    for i in range(lines):
        out.append(f"2026-03-{1 + i % 28:02d} 12:{i % 60:02d}:{(i * 7) % 60:02d} {levels[i % 4]} worker {i % 8} "
                   f"processed job {40000 + i} for account {i % 97} in {i % 300} ms")
    return "\n".join(out) + "\n"


def nested_quotes(megabytes: float = 4.5) -> str:
    """Deeply nested quotes: `>>>>... x`, 1,000 levels a line, `megabytes` in all."""
    line = ">" * 1000 + " x\n"
    return "# Quotes\n\n" + line * int(megabytes * 1024 * 1024 / len(line))


def yaml_bomb() -> str:
    """Nine levels of nine-fold aliases in front matter (387 million leaves if expanded)."""
    levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    return ("---\ntitle: Alias bomb\n" + "\n".join(levels) + "\ntags: *i\ndescription: *i\nfaq: *i\n---\n"
            "# Alias bomb\n\nThis page is fine apart from its front matter.\n")
