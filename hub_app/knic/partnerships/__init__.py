"""Partnerships with large companies (大企業等とのネットワーク構築)."""
