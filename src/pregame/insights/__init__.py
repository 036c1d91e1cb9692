"""Manager insights: queries over the conversation events and Pregame's records, and charts.

Every query takes an :class:`~pregame.insights.events.EventStore` (Rasa's ``events`` table and
Pregame's tables in the one SQL store) and :class:`~pregame.insights.events.Filters` (a time
range and a playbook) and returns plain data; :mod:`pregame.insights.charts` draws it.
"""
