from django.core.management.base import BaseCommand

from archive.editors import ensure_editors_group
from archive.reference import load_reference


class Command(BaseCommand):
    help = "Load the issue taxonomy and the actor gazetteer (idempotent; keeps editors' changes)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing issues, offices and actors from the files."
        )

    def handle(self, *args, update=False, **options):
        created = load_reference(update=update)
        ensure_editors_group()
        summary = ", ".join(f"{n} {what}" for what, n in created.items())
        self.stdout.write(f"Reference data loaded: created {summary}.")
