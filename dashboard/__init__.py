"""The dashboard, in rooms that say what they may touch (imports run one way, a test holds it):

    pages → ui → (render → briefing, charts) → core → data_access

- `core/`     pure: formatting, labels and the KPI catalog, palette, URL filter state, the unit tree, access
              policy, comparisons, league, narrative. No Streamlit, no connection.
- `charts/`   pure Altair chart builders, one module per chart family.
- `briefing/` the weekly-briefing model and its builder (given a connection by its caller).
- `render/`   pure model → bytes: chart images, CSV/XLSX tables, the PDF/PPTX/ZIP briefing pack.
- `ui/`       the only code that imports Streamlit: settings, the store (the one door to the database, with
              row-level security applied once), session and login, audit, frame, sidebar, components, admin.
"""
