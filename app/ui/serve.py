"""`streamlit run` with the knowledge base warmed while the server starts: the model, the index and
one question are loaded in a background thread, so the first customer does not wait the 9-15 s that
loading torch and the model took (measured on the bundled KB, 2 shared cores)."""
from __future__ import annotations

import sys
import threading


def warm(common) -> None:
    try:
        common.get_kb().ask("warm up", audience="customer")
    except Exception as e:  # no index yet, a store that is down: the page says so when asked
        print(f"kb app: warm-up skipped: {e}", file=sys.stderr)


def main() -> None:
    # Import here, before the thread starts: importing streamlit in two threads at once deadlocked
    # (_ModuleLock('streamlit.web'), seen once in the browser tests).
    from streamlit.web import cli

    from app.ui import common
    threading.Thread(target=warm, args=(common,), name="kb-warm-up", daemon=True).start()
    sys.argv = ["streamlit", *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
