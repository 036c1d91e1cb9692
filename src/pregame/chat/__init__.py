"""Talking to a running bot over Rasa's REST channel, and showing replies in a terminal."""
