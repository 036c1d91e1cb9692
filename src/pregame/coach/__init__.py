"""The coaching logic behind the bot's actions: pure functions of playbooks, state and search."""
