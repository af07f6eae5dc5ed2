"""`streamlit run` with the knowledge base warmed while the server starts: the model, the index and
one question are loaded in a background thread, so the first customer does not wait the 9-15 s that
loading torch and the model took (measured on the bundled KB, 2 shared cores)."""
from __future__ import annotations

import sys
import threading


def warm() -> None:
    try:
        from app.ui import common
        common.get_kb().ask("warm up", audience="customer")
    except Exception as e:  # no index yet, a store that is down: the page says so when asked
        print(f"kb app: warm-up skipped: {e}", file=sys.stderr)


def main() -> None:
    threading.Thread(target=warm, name="kb-warm-up", daemon=True).start()
    from streamlit.web import cli
    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
