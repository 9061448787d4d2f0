"""`caregate testing_api_key PROGRAMME NAME`: create a key a CI pipeline posts JUnit results with.

Prints the key once (only its SHA-256 hash is stored) and how to use it:

    curl -X POST -H "Authorization: Bearer <key>" --data-binary @junit.xml \
         "https://caregate.example/testing/cycles/<cycle id>/junit/?filename=junit.xml"

``--revoke NAME`` deactivates the programme's keys of that name instead.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from caregate.core.console import resolve_programme
from caregate.testing.models import ApiKey
from caregate.testing.services import create_api_key


class Command(BaseCommand):
    help = "Create (or revoke) an API key for posting JUnit results to a programme's cycles."

    def add_arguments(self, parser):
        parser.add_argument("programme", help="programme key (e.g. northbridge for the demo)")
        parser.add_argument("name", help="a name for the key, e.g. the pipeline")
        parser.add_argument("--revoke", action="store_true", help="deactivate keys of that name")

    def handle(self, *args, programme: str, name: str, revoke: bool, **options):
        found = resolve_programme(programme)  # exit 2 naming the programmes there are
        if revoke:
            count = ApiKey.objects.filter(programme=found, name=name).update(is_active=False)
            self.stdout.write(f"{count} key(s) named {name!r} revoked")
            return
        api_key, key = create_api_key(found, name, None)
        self.stdout.write(f"API key {api_key.name!r} ({api_key.prefix}…) for {found.key}:")
        self.stdout.write(key)
        self.stdout.write("Shown once: store it in the CI pipeline's secrets.")
