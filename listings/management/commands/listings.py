"""`ipharbour listings digest` sends due e-mail digests; `expire` closes lapsed offers; `reindex` rebuilds
the search postings and the search engine's documents of the listings (their relevance order). Run digest
and expire from cron (e.g. hourly)."""

from django.core.management.base import BaseCommand

from listings.models import Subscription


class Command(BaseCommand):
    help = "Marketplace upkeep: e-mail digests, expiry of offers, search postings."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        digest = sub.add_parser("digest", help="e-mail every subscription whose digest is due")
        digest.add_argument("--frequency", choices=Subscription.Frequency.values, help="only this frequency")
        sub.add_parser("expire", help="close listings whose offer date passed or whose assets all ended")
        sub.add_parser("reindex", help="rebuild the search postings and relevance index")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "digest":
            from listings.alerts import collect_certified_assets, send_digests

            certified = collect_certified_assets()
            sent = send_digests(frequency=options.get("frequency"))
            self.stdout.write(f"Sent {sent} digest e-mail(s); {certified} newly certified asset(s) added.")
        elif action == "expire":
            from listings.services import expire_listings

            self.stdout.write(f"Closed {expire_listings()} expired listing(s).")
        else:
            from listings import relevance
            from listings.indexing import rebuild

            self.stdout.write(f"Indexed {rebuild()} listing(s) on the market.")

            def progress(done: int, total: int) -> None:
                self.stderr.write(
                    f"  {done:,}/{total:,} listings ranked", ending="\n" if done == total else "\r"
                )

            self.stdout.write(
                f"Ranked {relevance.rebuild(progress=progress)} listing(s) in the search engine."
            )
