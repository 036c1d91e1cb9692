"""Pure Block Kit builders: the bot's replies as Slack messages, one module per concern.

``ids`` (action, block and view ids the listeners match on), ``primitives`` (sections, headers,
buttons, fitting Slack's limits), ``cards`` (one card per reply type, keyed by
:class:`pregame.replies.ReplyType`), ``feedback`` (the helpful / not helpful area) and ``help``.
Every builder takes plain or typed data and returns plain dicts, so each is unit-tested without
Slack.
"""
