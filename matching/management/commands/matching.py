"""`ipharbour matching rebuild` re-creates the indexes; `ipharbour matching evaluate` measures quality."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Maintain and measure the matching engine."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser("rebuild", help="re-create the asset indexes from the registry")
        rebuild.add_argument("--force", action="store_true", help="re-embed every asset, changed or not")
        rebuild.add_argument("--batch-size", type=int, default=256)
        evaluate = sub.add_parser("evaluate", help="nDCG@10 and recall@20 per signal on real patents")
        evaluate.add_argument("--data", help="the USPTO JSONL file (default: ../shared/data/patents/…)")
        evaluate.add_argument("--tune", action="store_true", help="tune the fusion weights on the dev split")
        evaluate.add_argument("--write", action="store_true", help="write docs/benchmarks.md (and weights)")

    def handle(self, *args, **options):
        if options["action"] == "rebuild":
            self._rebuild(options)
        else:
            self._evaluate(options)

    def _rebuild(self, options):
        from matching.backends import get_backend
        from matching.indexing import rebuild_asset_index

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"  {done}/{total} assets", ending="\n" if done == total else "\r")

        count = rebuild_asset_index(
            batch_size=options["batch_size"], force=options["force"], progress=progress
        )
        self.stdout.write(f"Indexed {count} searchable assets with the {get_backend().describe()} backend.")

    def _evaluate(self, options):
        from matching.evaluation import DEFAULT_DATA
        from matching.evaluation_report import run_evaluation

        path = Path(options["data"]) if options["data"] else DEFAULT_DATA()
        if not path.exists():
            raise CommandError(f"Real data not found at {path}: the evaluation needs ../shared/data.")
        report = run_evaluation(
            path, tune_weights=options["tune"], write=options["write"], log=self.stdout.write
        )
        self.stdout.write(report)
