import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.extraction import InputError, decode
from archive.importer import current_knowledge, import_text
from archive.models import Status

# Progress is only worth drawing for a batch that takes a noticeable time.
PROGRESS_FROM = 20


def expand(paths):
    """Files named, every *.txt inside folders named (sorted), and '-' for standard input."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            yield from (str(p) for p in sorted(path.rglob("*.txt")))
        else:
            yield raw


class Command(BaseCommand):
    help = "Import article texts (files, folders of *.txt, or - for standard input) with their extraction."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--status", choices=Status.values, default=Status.DRAFT)
        parser.add_argument("--dry-run", action="store_true", help="Extract and report; save nothing.")
        parser.add_argument("--outlet", help="Outlet to record when the text does not name one.")

    def handle(self, *args, paths, status, dry_run, outlet, **options):
        files = list(expand(paths))
        if not files:
            raise CommandError("No article files found.")
        knowledge = current_knowledge()
        counts = {"created": 0, "present": 0, "dry-run": 0}
        failures = []
        show_bar = len(files) >= PROGRESS_FROM and options.get("verbosity", 1) > 0
        for name in tqdm(files, disable=not show_bar, unit="article", file=sys.stderr):
            try:
                data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
                result = import_text(
                    decode(data, settings.IMPORT_MAX_BYTES), status=status, outlet=outlet, knowledge=knowledge,
                    dry_run=dry_run,
                )
            except InputError as exc:
                failures.append((name, str(exc)))
                continue
            except OSError as exc:
                failures.append((name, exc.strerror or str(exc)))
                continue
            counts[result.outcome] += 1
            if dry_run and options.get("verbosity", 1) > 1:
                record = result.record
                self.stdout.write(f"{name}: {record.title} | {record.event_date} | {len(record.positions)} positions")
        label = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{label}: {counts['dry-run'] if dry_run else counts['created']}, "
            f"already present: {counts['present']}, failed: {len(failures)}"
        )
        for name, why in failures:
            self.stderr.write(f"  {name}: {why}")
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be imported.", returncode=1)
