"""The valuation report: one context for the HTML page and the bilingual PDF (English with Traditional or
Simplified Chinese), with its charts."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.formatting import decimal_or_none, format_number
from valuation import charts
from valuation.models import Scenario, Valuation

SECOND_LANGUAGES = ("zh-hant", "zh-hans")
LABELS = {
    "title": _("Valuation report"),
    "summary": _("Summary"),
    "asset": _("Asset"),
    "purpose": _("Purpose"),
    "valuation_date": _("Valuation date"),
    "version": _("Version"),
    "status": _("Status"),
    "conclusion": _("Conclusion"),
    "low": _("Low"),
    "point": _("Point value"),
    "high": _("High"),
    "assumptions": _("Assumptions and their sources"),
    "input": _("Input"),
    "value": _("Value"),
    "source": _("Source"),
    "cash_flows": _("Cash flows"),
    "distribution": _("Distribution of the net present value (Monte Carlo)"),
    "sensitivity": _("Sensitivity (tornado)"),
    "indicators": _("GB/T 42748-2023 indicators"),
    "reconciliation": _("Reconciliation of the methods"),
    "method": _("Method"),
    "weight": _("Weight"),
    "history": _("Value over time"),
    "signatures": _("Signatures"),
    "prepared_by": _("Prepared by"),
    "valuer": _("Valuer"),
    "finalised": _("Finalised on"),
    "formula": _("Formula"),
    "if_successful": _("if every stage succeeds"),
    "risk_adjusted": _("risk-adjusted"),
    "years": _("years from the valuation date"),
    "npv": _("net present value"),
    "paths": _("paths"),
    "percentiles": _("Percentiles"),
    "probability_positive": _("Probability that the value is above zero"),
    "score": _("Score"),
    "draft_notice": _("Draft: not a final valuation."),
    "at_low": _("input at the low end of its range"),
    "at_high": _("input at the high end of its range"),
}


def bilingual_labels(second: str | None) -> dict[str, dict[str, str]]:
    """Each label in English and, when asked, in the chosen Chinese script ("" when not yet translated)."""
    labels = {}
    for key, text in LABELS.items():
        with translation.override("en"):
            english = str(text)
        other = ""
        if second:
            with translation.override(second):
                other = str(text)
        zh = other if other != english else ""
        shown = (f"{english} · {zh}" if zh else english) if second else str(text)
        labels[key] = {"en": english, "zh": zh, "here": str(text), "text": shown}
    return labels


def _input_label(key: str) -> str:
    """The label the rNPV form gives an input ("Peak sales per year"), else the key itself."""
    from valuation.rnpv_form import RnpvForm

    field = RnpvForm.base_fields.get(key)
    return str(field.label) if field is not None and field.label else key


def _shown(value: Any) -> Any:
    """Numbers with their digits grouped; dates, phases and text as they are."""
    if isinstance(value, bool) or decimal_or_none(value) is None:
        return value
    return format_number(value)


def _assumptions(outputs: dict) -> list[dict]:
    rows = []
    rnpv = outputs.get("rnpv", {}).get("deterministic")
    if rnpv:
        model = rnpv["inputs"]["model"]
        commercial = model["commercial"]
        for key in ("discount_rate", "current_phase", "expiry_date", "valuation_date"):
            rows.append({"input": _input_label(key), "value": _shown(model.get(key)), "source": ""})
        for key, value in commercial.items():
            rows.append({"input": _input_label(key), "value": _shown(value), "source": ""})
        for stage in model["stages"]:
            rows.append(
                {
                    "input": f"{stage['phase']}",
                    "value": f"{_shown(stage['duration_years'])} y, {_shown(stage['cost'])}",
                    "source": "",
                }
            )
    for method in outputs.values():
        if isinstance(method, dict):
            for result in (method, method.get("deterministic") or {}):
                for source in result.get("sources", []) if isinstance(result, dict) else []:
                    rows.append(
                        {"input": source["key"], "value": _shown(source["value"]), "source": source["source"]}
                    )
    return rows


def _rnpv_charts(valuation: Valuation, labels: dict) -> dict[str, str]:
    """Cash flows, the Monte Carlo distribution and the tornado of the drug-asset rNPV, when it ran."""
    outputs, currency = valuation.outputs, valuation.currency
    here = {key: value["here"] for key, value in labels.items()}
    drawn: dict[str, str] = {}
    rnpv = outputs.get("rnpv", {})
    if rnpv.get("deterministic"):
        drawn["cash_flows"] = charts.cash_flow_chart(rnpv["deterministic"]["rows"], currency, here)
    if rnpv.get("monte_carlo"):
        simulated = rnpv["monte_carlo"]
        drawn["histogram"] = charts.histogram_chart(
            simulated["histogram"], simulated["deterministic"], currency, here
        )
    if rnpv.get("tornado", {}).get("rows"):
        drawn["tornado"] = charts.tornado_chart(
            rnpv["tornado"]["rows"], rnpv["tornado"]["base"], currency, here
        )
    return drawn


def _charts(valuation: Valuation, labels: dict) -> dict[str, str]:
    outputs, currency = valuation.outputs, valuation.currency
    drawn = _rnpv_charts(valuation, labels)
    indicator_rows = [
        row for row in outputs.get("indicators", {}).get("rows", []) if row["level"] == 2 and row["score"]
    ]
    if len(indicator_rows) >= 3:
        drawn["radar"] = charts.radar_chart(
            [row["code"] for row in indicator_rows], [float(row["score"]) for row in indicator_rows]
        )
    runs = list(valuation.runs.order_by("ran_at"))
    if len(runs) >= 2:
        drawn["history"] = charts.history_chart(
            # in local time, as the rest of the report
            [timezone.localtime(run.ran_at).replace(tzinfo=None) for run in runs],
            [run.point for run in runs],
            [run.low for run in runs],
            [run.high for run in runs],
            currency,
        )
    return drawn


def page_charts(valuation: Valuation) -> dict[str, str]:
    """The report's cash-flow, Monte Carlo and tornado charts for the valuation's own page, in the reader's
    language. Drawing takes a moment, so they are kept until the valuation runs again."""
    if not valuation.outputs:
        return {}
    language = translation.get_language() or "en"
    stamp = valuation.last_run_at.timestamp() if valuation.last_run_at else 0
    key = f"valuation-page-charts:{valuation.pk}:{stamp}:{language}"
    drawn = cache.get_or_set(key, lambda: _rnpv_charts(valuation, bilingual_labels(None)), timeout=24 * 3600)
    return drawn or {}


def report_context(valuation: Valuation, *, second_language: str | None = None) -> dict:
    labels = bilingual_labels(second_language)
    outputs = valuation.outputs or {}
    rnpv = outputs.get("rnpv", {})
    return {
        "valuation": valuation,
        "labels": labels,
        "method_names": {
            name: bilingual(Valuation.Method(name).label, second_language) for name in Valuation.Method.values
        },
        "purpose_text": bilingual(Scenario(valuation.purpose).label, second_language),
        "status_text": bilingual(Valuation.Status(valuation.status).label, second_language),
        "bilingual": second_language is not None,
        "cjk_font": "Noto Sans CJK SC" if second_language == "zh-hans" else "Noto Sans CJK TC",
        "conclusion": outputs.get("conclusion"),
        "assumptions": _assumptions(outputs),
        "charts": _charts(valuation, labels) if outputs else {},
        "monte_carlo": rnpv.get("monte_carlo"),
        "rnpv": rnpv.get("deterministic"),
        "indicators": [row for row in outputs.get("indicators", {}).get("rows", []) if row["level"] <= 2],
        "indicator_score": outputs.get("indicators", {}).get("value"),
        "methods": [
            (name, output)
            for name, output in outputs.items()
            if isinstance(output, dict) and name != "conclusion"
        ],
    }


def bilingual(label: Any, second: str | None) -> str:
    """A choice's label, in English and the chosen Chinese script in a bilingual report."""
    if not second:
        return str(label)
    with translation.override("en"):
        english = str(label)
    with translation.override(second):
        other = str(label)
    return english if other == english else f"{english} · {other}"


def render_pdf(valuation: Valuation, *, second_language: str, base_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "valuation/report_pdf.html", report_context(valuation, second_language=second_language)
    )
    return HTML(string=html, base_url=base_url).write_pdf()
