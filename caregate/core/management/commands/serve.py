"""`caregate serve`: serve the control tower with Waitress."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from caregate.core.console import console


class Command(BaseCommand):
    help = "Serve the Caregate control tower."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args, **options):
        from waitress import serve

        from caregate.wsgi import application

        call_command("migrate", verbosity=0, interactive=False)
        url = f"http://{options['host']}:{options['port']}/"
        console.print(f"Caregate control tower: [bold]{url}[/]  (Ctrl+C stops it)")
        serve(application, host=options["host"], port=options["port"], threads=options["threads"])
