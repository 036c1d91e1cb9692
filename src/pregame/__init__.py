"""Pregame: a sales playbook assistant that lives in Slack."""

__version__ = "0.1.0"
