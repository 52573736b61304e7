"""Product evaluations (製品評価) of a project, with their quantitative measurements."""
