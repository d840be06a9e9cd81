"""Pure code: no Streamlit, no database connection (functions take what they need)."""
