"""The manager's dashboard (``pregame dashboard``) and the one-file report (``pregame report``)."""
