import datetime

from django.core.management.base import BaseCommand, CommandError

from archive import agreement, review
from archive.reports import as_csv, as_json, as_text


class Command(BaseCommand):
    help = ("How far the extractor agrees with the editors over the articles they reviewed: per field, overall, "
            "by extractor version and by outlet.")

    def add_arguments(self, parser):
        parser.add_argument("--since", help="only articles reviewed on or after this day (YYYY-MM-DD)")
        parser.add_argument("--format", choices=["text", "json", "csv"], default="text")

    def handle(self, *args, since=None, format="text", **options):
        if since:
            try:
                since = datetime.date.fromisoformat(since)
            except ValueError as exc:
                raise CommandError(f"--since: not a date (YYYY-MM-DD): {since}") from exc
        report = agreement.report(review.reviewed_rows(since))
        self.stdout.write({"text": as_text, "json": as_json, "csv": as_csv}[format](report), ending="")
