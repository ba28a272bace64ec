import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from archive.extraction import InputError, decode, extract
from archive.importer import current_knowledge


class Command(BaseCommand):
    help = "Print the extraction of each article file as JSON Lines, touching no database rows."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--outlet", help="Outlet to use when the text does not name one.")

    def handle(self, *args, files, outlet=None, **options):
        knowledge = current_knowledge()
        failed = 0
        for name in files:
            row = {"file": name}
            try:
                data = Path(name).read_bytes()
                record = extract(decode(data, settings.IMPORT_MAX_BYTES), knowledge, outlet_hint=outlet)
                row.update(record.to_dict())
            except (OSError, InputError) as exc:
                failed += 1
                row["error"] = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.stdout.write(json.dumps(row, ensure_ascii=False))
        if failed:
            raise SystemExit(1)
