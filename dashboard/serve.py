"""Start the dashboard: `python -m dashboard.serve [streamlit options]` (what `make run` does); the launcher
itself lives with the other Streamlit code, in `dashboard.ui.launcher`."""
from dashboard.ui.launcher import main

if __name__ == "__main__":
    main()
