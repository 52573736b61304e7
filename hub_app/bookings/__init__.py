"""Facility bookings (施設予約): the mock care-room lab and the filming set-ups (DESIGN §3)."""
