"""Rasa custom actions. Thin: each reads the tracker, asks the coach, sends the replies."""
