"""The Slack app: the sellers' front door (slack-bolt, Socket Mode or the Events API).

Small modules, one seam each: ``config`` (tokens), ``threads`` (one Slack thread is one Rasa
conversation), ``dedupe`` (Slack retries), ``text`` (escaping both ways), ``blocks`` (pure Block
Kit builders), ``bridge`` (Rasa's REST channel), ``records`` (feedback and recent plays),
``handlers`` (ack, filter, build a turn, handle) and ``app`` (wiring and the two transports).
"""
