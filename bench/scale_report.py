"""Writes bench/scale.py's rows as scale.json, scale.md (a table against the targets) and scale.png."""
from __future__ import annotations

import json
import platform
import time
from pathlib import Path

COLUMNS = [("cold_start_s", "cold start (s)"), ("first_answer_no_cache_s", "first answer, no saved index (s)"),
           ("customer_p50_ms", "customer p50 (ms)"), ("customer_p95_ms", "customer p95 (ms)"),
           ("agent_p50_ms", "agent p50 (ms)"), ("agent_p95_ms", "agent p95 (ms)"),
           ("customer_retrieve_p95_ms", "retrieve only p95, customer (ms)"), ("rss_mb", "reader RSS (MB)"),
           ("refresh_s", "refresh after 1 file (s)")]


def table(rows: list[dict], targets: dict) -> str:
    head = ["chunks", "store", "write (chunks/s)", "embed limit (chunks/s)"] + [label for _, label in COLUMNS]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        for mode in ("embedded", "server"):
            m = r[mode]
            lines.append("| " + " | ".join([f"{r['chunks']:,}", mode, f"{r['write_chunks_per_s']:,.0f}",
                                            f"{r['embed_limit_chunks_per_s']:,.0f}"]
                                           + [str(m.get(k, "")) for k, _ in COLUMNS]) + " |")
    t = targets
    lines.append("")
    lines.append(f"Targets at 100k chunks: warm p95 <= {t['warm_p95_ms']:.0f} ms, reader RSS <= {t['rss_mb']:.0f} MB, "
                 f"refresh < {t['refresh_s']:.0f} s. Cold start target: <= 2x `python -c \"import chromadb\"` "
                 f"({rows[0]['import_chromadb_s']} s in this run).")
    return "\n".join(lines)


def plot(rows: list[dict], file: Path) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    x = [r["chunks"] for r in rows]
    panels = [("warm p95 (ms)", ["customer_p95_ms", "agent_p95_ms"]), ("reader RSS (MB)", ["rss_mb"]),
              ("refresh after one file (s)", ["refresh_s"]), ("cold start (s)", ["cold_start_s"])]
    fig, axes = plt.subplots(1, len(panels), figsize=(16, 3.6))
    for ax, (title, keys) in zip(axes, panels):
        for mode, style in (("embedded", "-o"), ("server", "--s")):
            for key in keys:
                ax.plot(x, [r[mode].get(key, float("nan")) for r in rows], style,
                        label=f"{mode} {key.split('_')[0]}")
        ax.set_xscale("log")
        ax.set_title(title)
        ax.set_xlabel("chunks")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(file, dpi=90)
    plt.close(fig)


def write_report(rows: list[dict], out: Path, targets: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    meta = {"machine": platform.processor() or platform.machine(), "when": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                                          time.gmtime())}
    (out / "scale.json").write_text(json.dumps({"rows": rows, "targets": targets, **meta}, indent=1))
    (out / "scale.md").write_text(f"# Read path at scale ({meta['when']})\n\n{table(rows, targets)}\n\n"
                                  "![scaling curves](scale.png)\n")
    try:
        plot(rows, out / "scale.png")
    except ImportError:      # matplotlib is in the `bench` extra
        pass
    print(table(rows, targets))
