"""Shared register fixtures: a programme with sites, waves, people and logins."""

from tests.register_fixtures import owner_client, people, programme, viewer_client  # noqa: F401
