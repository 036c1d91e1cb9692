"""`pregame loadtest`: simulated sellers against a running stack, with a cross-talk check."""
