"""ipharbour value rnpv FILE [--json] [--paths N] [--seed S]

FILE is a full drug-asset model or the simple cash-flow form (see docs/valuation.md); `-` reads standard
input. --paths runs a Monte Carlo simulation of N paths as well. With --json the last line printed is one
JSON object with "rnpv" as a decimal string, the inputs, and the percentiles when Monte Carlo ran.
"""

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.json_input import parse_json
from valuation.methods import montecarlo
from valuation.methods.drug import drug_rnpv
from valuation.methods.results import plain
from valuation.methods.simple import is_simple_form, parse_simple_model, simple_rnpv


def _read(path: str) -> object:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}) from None
    try:
        return parse_json(text)
    except ValueError as error:
        raise CommandError(
            _("%(path)s is not valid JSON: %(error)s") % {"path": path, "error": error}
        ) from None


def _cell(value: object, places: str = "0.01") -> str:
    if isinstance(value, Decimal):
        return f"{value.quantize(Decimal(places)):,}"
    return str(value)


class Command(BaseCommand):
    help = _("Value an asset from a model file: `value rnpv FILE` computes its risk-adjusted NPV.")

    def add_arguments(self, parser):
        methods = parser.add_subparsers(dest="method", required=True)
        rnpv = methods.add_parser("rnpv", help=_("risk-adjusted NPV, optionally with Monte Carlo"))
        rnpv.add_argument("file", help=_("model JSON file, or - for standard input"))
        rnpv.add_argument("--json", action="store_true", help=_("print the result as one JSON object"))
        rnpv.add_argument("--paths", type=int, help=_("Monte Carlo paths (10,000 or more recommended)"))
        rnpv.add_argument("--seed", type=int, help=_("random seed, for repeatable Monte Carlo runs"))
        revalue = methods.add_parser(
            "revalue", help=_("revalue draft valuations now (scheduled revaluation)")
        )
        revalue.add_argument("--asset", type=int, help=_("only the valuations of this asset"))

    def handle(self, *args, **options):
        if options["method"] == "revalue":
            return self._revalue(options.get("asset"))
        data = _read(options["file"])
        paths = options.get("paths")
        if paths is not None and paths < 1:
            raise CommandError(_("--paths must be at least 1."))
        try:
            output = self._value(data, paths, options.get("seed"))
        except DomainError as error:
            where = f" ({error.field})" if error.field else ""
            raise CommandError(f"{error.detail}{where}") from None
        if options["json"]:
            self.stdout.write(json.dumps(plain(output["json"]), ensure_ascii=False))
        else:
            self._print_table(output)

    def _revalue(self, asset: int | None) -> None:
        from valuation.models import Valuation, ValuationRun
        from valuation.services import revalue

        drafts = Valuation.objects.filter(status=Valuation.Status.DRAFT)
        if asset is not None:
            drafts = drafts.filter(asset_id=asset)
        done = failed = 0
        for pk in drafts.values_list("pk", flat=True).iterator():
            try:
                done += revalue(valuation_id=pk, trigger=ValuationRun.Trigger.SCHEDULED) is not None
            except DomainError as error:
                failed += 1
                self.stderr.write(f"valuation {pk}: {error.detail}")
        self.stdout.write(
            _("Revalued %(done)s valuations; %(failed)s failed.") % {"done": done, "failed": failed}
        )

    def _value(self, data: object, paths: int | None, seed: int | None) -> dict:
        if is_simple_form(data):
            if paths is not None:
                raise CommandError(
                    _("Monte Carlo needs a full drug model; the simple form has no distributions.")
                )
            result: Any = simple_rnpv(parse_simple_model(data))
            summary = {
                "rnpv": result.value,
                "npv": result.npv,
                "currency": result.currency,
                "method": result.method,
            }
            return {
                "result": result,
                "monte_carlo": None,
                "json": {**summary, "inputs": result.inputs, "formula": result.formula, "rows": result.rows},
            }
        from valuation.figures import load_drug_model

        model = load_drug_model(data)
        result = drug_rnpv(model)
        simulated = montecarlo.monte_carlo(model, paths=paths, seed=seed) if paths is not None else None
        summary = {
            "rnpv": result.value,
            "npv": result.npv,
            "currency": result.currency,
            "method": result.method,
            "likelihood_of_approval": result.likelihood_of_approval,
            "launch_year": result.launch_year,
            "inputs": result.inputs,
            "sources": result.sources,
            "formula": result.formula,
            "rows": result.rows,
        }
        if simulated is not None:
            summary["monte_carlo"] = simulated.to_dict()
            summary["percentiles"] = simulated.percentiles
            summary["mean"] = simulated.mean
        return {"result": result, "monte_carlo": simulated, "json": summary}

    def _print_table(self, output: dict) -> None:
        result = output["result"]
        write = self.stdout.write
        header = (
            _("year"),
            _("stage"),
            _("cash flow"),
            _("probability"),
            _("discount factor"),
            _("risk-adj. PV"),
        )
        write("{:>7} {:<12} {:>18} {:>11} {:>15} {:>18}".format(*header))
        for row in result.rows:
            amount = row.get("cash_flow", row.get("amount"))
            write(
                f"{_cell(row['year']):>7} {row.get('stage', row.get('label', '')):<12} {_cell(amount):>18} "
                f"{_cell(row['probability'], '0.0001'):>11} {_cell(row['discount_factor'], '0.000001'):>15} "
                f"{_cell(row['risk_adjusted_present_value']):>18}"
            )
        write("")
        write(_("Formula: %(formula)s") % {"formula": result.formula})
        for source in result.sources:
            write(_("Figure %(key)s = %(value)s — %(source)s") % source.__dict__)
        write(
            _("NPV if every stage succeeds: %(currency)s %(npv)s")
            % {"currency": result.currency, "npv": _cell(result.npv)}
        )
        write(
            self.style.SUCCESS(
                _("rNPV: %(currency)s %(value)s")
                % {"currency": result.currency, "value": _cell(result.value)}
            )
        )
        simulated = output["monte_carlo"]
        if simulated is not None:
            write(
                _("Monte Carlo: %(paths)s paths, seed %(seed)s")
                % {"paths": simulated.paths, "seed": simulated.seed}
            )
            write(
                _("  mean %(mean)s  std %(std)s  P(value > 0) %(p)s")
                % {
                    "mean": _cell(simulated.mean),
                    "std": _cell(simulated.std),
                    "p": simulated.probability_positive,
                }
            )
            write("  " + "  ".join(f"{name} {_cell(value)}" for name, value in simulated.percentiles.items()))
