"""Extraction stage: events, claims, observation posts and corroboration."""
