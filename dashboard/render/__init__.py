"""Pure model → bytes: chart images, CSV/XLSX tables, the briefing pack. No Streamlit, no database."""
