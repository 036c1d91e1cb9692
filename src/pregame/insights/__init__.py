"""Manager insights: queries over the conversation events and Pregame's records, and charts.

Every query takes an :class:`~pregame.insights.events.EventStore` (Rasa's ``events`` table and
Pregame's tables in the one SQL store) and :class:`~pregame.insights.records.Filters` (a time
range, a playbook and a team) and returns plain data; :mod:`pregame.insights.charts` draws it.
:mod:`pregame.insights.headline` and :mod:`pregame.insights.digest` are what Slack shows
managers and owners; :mod:`pregame.insights.people` says who they are.
"""
