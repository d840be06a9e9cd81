"""The only code that imports Streamlit. The store (`store.py`) is the one door to the database."""
