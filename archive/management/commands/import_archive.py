import sys
import time

from django.core.management.base import BaseCommand, CommandError

from archive.preservation import ArchiveFileError, import_archive


class Command(BaseCommand):
    help = (
        "Restore an archive written by export_archive (FILE or - for stdin) into a freshly migrated database, "
        "all or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        started = time.perf_counter()
        try:
            if file == "-":
                counts = import_archive(sys.stdin.buffer)
            else:
                with open(file, "rb") as stream:
                    counts = import_archive(stream)
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from exc
        except ArchiveFileError as exc:
            raise CommandError(f"{file}: {exc}. Nothing was imported.") from exc
        if options["verbosity"] > 0:
            summary = ", ".join(f"{n} {t}" for t, n in counts.items())
            self.stdout.write(
                f"imported {summary} in {time.perf_counter() - started:.1f} s; every article's SHA-256 verified"
            )
