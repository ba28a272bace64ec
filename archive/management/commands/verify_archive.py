from django.core.management.base import BaseCommand, CommandError

from archive.preservation import verify


class Command(BaseCommand):
    help = (
        "Fixity check: recompute every article's SHA-256 from its stored raw text and compare it with the "
        "recorded digest. Exits non-zero if any differs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Print nothing when every article passes.")

    def handle(self, *args, quiet=False, **options):
        def report(m):
            self.stderr.write(f"MISMATCH article {m.id} {m.slug}: stored {m.stored}, computed {m.computed}")

        result = verify(on_mismatch=report)
        summary = f"checked {result.checked}, mismatches {len(result.mismatches)}"
        if not result.ok:
            raise CommandError(f"fixity check failed: {summary}")
        if not quiet:
            self.stdout.write(summary)
