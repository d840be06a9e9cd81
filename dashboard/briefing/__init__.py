"""The weekly briefing (giao ban): the model and its builder. No Streamlit; the builder takes a connection
from its caller (the store, or the CLI)."""
