"""Valuation pages: the list, the report, and its bilingual PDF. Access goes through visible_to only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from valuation.models import Valuation
from valuation.reports import SECOND_LANGUAGES, render_pdf, report_context


@login_required
def valuation_list(request):
    valuations = Valuation.objects.visible_to(request.user).select_related("asset")[:200]
    return render(request, "valuation/list.html", {"valuations": valuations})


def _visible(request, pk: int) -> Valuation:
    return get_object_or_404(
        Valuation.objects.visible_to(request.user).select_related("asset", "valuer"), pk=pk
    )


@login_required
def report(request, pk: int):
    return render(request, "valuation/report.html", report_context(_visible(request, pk)))


@login_required
def report_pdf(request, pk: int):
    valuation = _visible(request, pk)
    script = request.GET.get("script", "zh-hant")
    second = script if script in SECOND_LANGUAGES else "zh-hant"
    pdf = render_pdf(valuation, second_language=second, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="valuation-{valuation.pk}-v{valuation.version}.pdf"'
    return response
