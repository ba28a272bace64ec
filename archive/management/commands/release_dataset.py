import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from archive import releases


class Command(BaseCommand):
    help = ("Write release VERSION of the published archive (CSV, JSON Lines, datapackage.json, README, "
            "CITATION.cff, SHA-256 checksums) into RELEASES_DIR; a version is never written twice.")

    def add_arguments(self, parser):
        parser.add_argument("version", metavar="VERSION", help="e.g. 1.0 or 2026.12")
        parser.add_argument("--date", help="the release's date, YYYY-MM-DD (default: today in TIME_ZONE)")
        parser.add_argument("--into", help="the releases folder (default: the RELEASES_DIR setting)")

    def handle(self, *args, version, date, into, **options):
        try:
            day = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date {date!r} is not a date: YYYY-MM-DD") from None
        try:
            release = releases.make(version, day.isoformat(), into=into)
        except releases.ReleaseError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"release {release.version} of {release.date}: {release.exchanges} exchanges, "
            f"{release.statements} statements, {len(release.files)} files in {release.path}"
        )
