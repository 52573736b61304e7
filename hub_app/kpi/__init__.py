"""The KPI engine (measures, reports, year closing) and its pages; see DESIGN §5."""
