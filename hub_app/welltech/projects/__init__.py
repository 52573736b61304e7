"""Improvement and new-development projects (改良・新規開発プロジェクト)."""
