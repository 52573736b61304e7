"""Files attached to consultations and evaluations: reports, photos, short videos."""
