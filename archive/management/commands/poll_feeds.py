from django.core.management.base import BaseCommand, CommandError

from archive.models import Feed
from archive.polling import poll


class Command(BaseCommand):
    help = ("Read the outlets' feeds and import each new item about a US–China exchange as a draft for review "
            "(run from cron; failed feeds and pages are tried again at the next run).")

    def add_arguments(self, parser):
        parser.add_argument("--feed", action="append", help="only this feed URL (repeatable)")

    def handle(self, *args, feed=None, **options):
        feeds = Feed.objects.filter(active=True).select_related("outlet")
        if feed:
            feeds = feeds.filter(url__in=feed)
        failed = 0
        for report in poll(feeds):
            if report.error:
                failed += 1
                self.stderr.write(f"{report.feed.url}: failed: {report.error}")
                continue
            if report.unchanged:
                self.stdout.write(f"{report.feed.url}: unchanged since the last poll")
                continue
            skipped = ", ".join(f"{n} {why}" for why, n in report.skipped.items()) or "none"
            self.stdout.write(f"{report.feed.url}: {report.new} new, imported {report.imported}, skipped: {skipped}, "
                              f"failed {len(report.failed)}")
            for link, why in report.failed:
                failed += 1
                self.stderr.write(f"  {link}: {why}")
        if failed:
            raise CommandError(f"{failed} feed(s) or page(s) failed; they will be tried again at the next run.",
                               returncode=1)
