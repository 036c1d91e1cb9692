"""Talking to a running bot from a terminal: replies rendered as text, by reply type."""
