import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.extraction import InputError, decode
from archive.importer import BATCH, current_knowledge, import_many, import_page
from archive.webpages import PageError, decode_body
from archive.models import Status

# Progress is only worth drawing for a batch that takes a noticeable time.
PROGRESS_FROM = 20


PAGE_SUFFIXES = (".html", ".htm")


def expand(paths):
    """Files named, every *.txt, *.html and *.htm inside folders named (sorted), and '-' for standard input."""
    for raw in paths:
        if raw == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            yield from (str(p) for p in sorted(path.rglob("*")) if p.suffix.lower() in (".txt", *PAGE_SUFFIXES))
        else:
            yield raw


class Command(BaseCommand):
    help = ("Import article texts and saved web pages (files, folders of *.txt and *.html, or - for standard input) "
            "with their extraction.")

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--status", choices=Status.values, default=Status.DRAFT)
        parser.add_argument("--dry-run", action="store_true", help="Extract and report; save nothing.")
        parser.add_argument("--outlet", help="Outlet to record when the text does not name one.")
        parser.add_argument(
            "--jobs", type=int, default=os.cpu_count() or 1,
            help="Processes extracting ahead while this one stores; 0 extracts here. Default: one per core.",
        )

    def handle(self, *args, paths, status, dry_run, outlet, jobs, **options):
        files = list(expand(paths))
        if not files:
            raise CommandError("No article files found.")
        counts = {"created": 0, "present": 0, "dry-run": 0}
        failures = []
        # Saved pages are read one by one (trafilatura, then the extractor with the page's own metadata).
        pages = [f for f in files if f.lower().endswith(PAGE_SUFFIXES)]
        files = [f for f in files if f not in pages]
        knowledge = current_knowledge()
        for name in pages:
            try:
                data = Path(name).read_bytes()
                if len(data) > settings.IMPORT_MAX_BYTES * 4:
                    raise InputError(f"file is over the limit of {settings.IMPORT_MAX_BYTES * 4} bytes")
                result = import_page(decode_body(data), status=status, knowledge=knowledge, dry_run=dry_run)
            except (OSError, InputError, PageError) as exc:
                failures.append((name, str(exc)))
                continue
            counts[result.outcome] += 1
        show_bar = len(files) >= PROGRESS_FROM and options.get("verbosity", 1) > 0
        progress = tqdm(total=len(files), disable=not show_bar, unit="article", file=sys.stderr)
        results = import_many(
            self.read(files, failures, progress), status=status, outlet=outlet, knowledge=knowledge,
            dry_run=dry_run, jobs=jobs if len(files) > BATCH else 0,  # a single batch has nothing to overlap
        )
        for name, result in results:
            progress.update()
            if result.outcome == "failed":
                failures.append((name, result.error))
                continue
            counts[result.outcome] += 1
            if dry_run and options.get("verbosity", 1) > 1:
                record = result.record
                self.stdout.write(f"{name}: {record.title} | {record.event_date} | {len(record.positions)} positions")
        progress.close()
        label = "would import" if dry_run else "imported"
        self.stdout.write(
            f"{label}: {counts['dry-run'] if dry_run else counts['created']}, "
            f"already present: {counts['present']}, failed: {len(failures)}"
        )
        for name, why in failures:
            self.stderr.write(f"  {name}: {why}")
        if failures:
            raise CommandError(f"{len(failures)} file(s) could not be imported.", returncode=1)

    @staticmethod
    def read(files, failures, progress):
        """(name, decoded text) for each file that can be read; the others go to `failures` at once."""
        for name in files:
            try:
                data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
                yield name, decode(data, settings.IMPORT_MAX_BYTES)
            except InputError as exc:
                failures.append((name, str(exc)))
                progress.update()
            except OSError as exc:
                failures.append((name, exc.strerror or str(exc)))
                progress.update()
