import os
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from archive.preservation import export_archive


class Command(BaseCommand):
    help = "Write the whole archive as JSON Lines (format described in archive/preservation.py) to FILE or - for stdout."

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE")

    def handle(self, *args, file, **options):
        started = time.perf_counter()
        if file == "-":
            counts = export_archive(self.stdout)
            report = self.stderr
        else:
            path = Path(file)
            # Written beside the target and renamed into place: an interrupted export never leaves
            # a truncated file under the archive's name.
            fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                    counts = export_archive(out)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(partial, path)
            except BaseException:
                Path(partial).unlink(missing_ok=True)
                raise
            report = self.stdout
        if options["verbosity"] > 0:
            summary = ", ".join(f"{n} {t}" for t, n in counts.items())
            report.write(f"exported {summary} in {time.perf_counter() - started:.1f} s")
