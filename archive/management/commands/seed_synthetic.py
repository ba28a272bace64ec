"""Fill the database with a synthetic archive for benchmarks and load tests."""
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive.synthetic import Seeder, is_synthetic_only


class Command(BaseCommand):
    help = "Add N synthetic published articles (with participants, statements, issues and related links)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, metavar="N")
        parser.add_argument("--seed", type=int, default=0, help="Random seed: the same seed gives the same archive.")
        parser.add_argument("--batch", type=int, default=1000, help="Articles per bulk insert.")
        parser.add_argument(
            "--force", action="store_true", help="Run even though the database holds real (non-synthetic) articles."
        )

    def handle(self, *args, articles, seed, batch, force, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1")
        if not force and not is_synthetic_only():
            raise CommandError(
                "this database holds real articles; synthetic ones would mix with them. "
                "Use an empty or synthetic-only database, or pass --force."
            )
        try:
            seeder = Seeder(seed=seed, batch=batch)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()
        with tqdm(total=articles, unit="article", file=sys.stderr, disable=options["verbosity"] == 0) as bar:
            seeder.run(articles, progress=bar.update)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"seeded {articles:,} synthetic articles in {elapsed:.1f} s ({articles / elapsed:,.0f}/s)")
