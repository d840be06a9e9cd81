"""The dashboard as one web app: `app.py` (Streamlit) plus our routes and the download guard
(`dashboard.ui.web`). `python -m dashboard.serve` (what `make run` does) starts this file; Streamlit
finds the `App` below and serves it with uvicorn. `streamlit run app.py` alone would lack the
session-cookie route, so nobody could stay logged in across a reload and no download would be served.
"""
from streamlit.starlette import App

from dashboard.ui.web import MIDDLEWARE, ROUTES

app = App("app.py", routes=ROUTES, middleware=MIDDLEWARE)
