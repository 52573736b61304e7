"""Matchings (マッチング): a professional placed with a startup, as a pipeline of stages."""
