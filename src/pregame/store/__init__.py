"""The one SQL store: Pregame's own records, next to Rasa's conversation events.

SQLite under the data folder by default, PostgreSQL in production (``PREGAME_DATABASE_URL``);
the schema is managed by Alembic migrations shipped in this package.
"""
