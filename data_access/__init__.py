"""The data layer of Bảng điều hành: schema, figures, importer. Never imports Streamlit."""
