"""The Slack app: the sellers' front door (slack-bolt, Socket Mode or the Events API).

Small modules, one seam each: ``main`` (run it), ``app`` (wiring and the two transports),
``listeners`` (register, ack, call one function), ``filters`` (bolt matchers: people, our
threads, first delivery), ``turns`` (one turn per thread at a time, to Rasa and back),
``posting`` (post with a plain-text fallback), ``buttons``, ``objections`` (the objection form),
``feedback`` (the feedback flow), ``commands`` (``/pregame``: a pure parser and its handler),
``home`` (App Home), ``plays`` (plays started, as records), ``intents`` (the domain's intents and
``/intent`` payloads), ``blocks/`` (pure Block Kit builders, cards keyed by reply type),
``records`` (feedback and recent plays on disk), ``threads`` (one Slack thread is one Rasa
conversation), ``dedupe`` (Slack retries), ``text`` (escaping both ways), ``indicator`` (the
working reaction) and ``config`` (tokens).
"""
