from django.core.management.base import BaseCommand, CommandError

from archive.extraction import InputError
from archive.importer import current_knowledge, import_url
from archive.models import Status
from archive.webpages import PageError


class Command(BaseCommand):
    help = ("Fetch news pages by their links and import their articles as drafts, each page kept as a WARC file "
            "(http and https only; private and loopback hosts only with IMPORT_ALLOW_PRIVATE_HOSTS=1).")

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL")
        parser.add_argument("--status", choices=Status.values, default=Status.DRAFT)

    def handle(self, *args, urls, status, **options):
        knowledge, failures, counts = current_knowledge(), [], {"created": 0, "present": 0}
        for url in urls:
            try:
                result = import_url(url, status=status, knowledge=knowledge)
            except (PageError, InputError) as exc:
                failures.append((url, str(exc)))
                continue
            counts[result.outcome] += 1
            self.stdout.write(f"{url}: {result.outcome} — {result.article.title}")
        self.stdout.write(f"imported: {counts['created']}, already present: {counts['present']}, failed: {len(failures)}")
        for url, why in failures:
            self.stderr.write(f"  {url}: {why}")
        if failures:
            raise CommandError(f"{len(failures)} link(s) could not be imported.", returncode=1)
