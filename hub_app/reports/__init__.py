"""The yearly grant report (実績報告, DESIGN §10): each programme's page written in the app,
its figures resolved from the records and the entered KPIs, its approval, and its outputs."""
