"""Consultations (相談・技術助言) and their timeline of activities (対応履歴)."""
