"""Start the dashboard: `python -m dashboard.serve [streamlit options]` (what `make run` does).

Streamlit still treats an app with a folder named `pages/` as an old-style multipage app until
`st.navigation` has run once, so the very first request after a server start to a page other
than `/` showed an English "Page not found" dialog. The pages are defined by `st.navigation`
in app.py; telling Streamlit so before the server starts removes that first-visit glitch.
"""
from __future__ import annotations

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

# asgi.py wraps app.py in an `st.App` with our routes (the HttpOnly session cookie) and the download guard.
APP = Path(__file__).resolve().parents[2] / "asgi.py"


def main() -> None:
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
