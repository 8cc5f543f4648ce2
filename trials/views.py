from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from assets.models import Asset
from core.languages import fold
from core.pagination import page_or_404
from trials.models import Trial


def trial_list(request):
    trials = Trial.objects.visible_to(request.user).order_by("-phase", "registry_id")
    query = request.GET.get("q", "").strip()
    if query:
        trials = trials.filter(title__icontains=query) | trials.filter(registry_id__iexact=query)
    phase = request.GET.get("phase", "")
    if phase.isdigit():
        trials = trials.filter(phase=int(phase))
    page = page_or_404(Paginator(trials, 30), request.GET.get("page"))
    return render(
        request,
        "trials/list.html",
        {"page": page, "query": query, "phase": phase, "phases": Trial._meta.get_field("phase").choices},
    )


def detail(request, registry_id: str):
    trial = get_object_or_404(Trial.objects.visible_to(request.user), registry_id=registry_id)
    visible = Asset.objects.visible_to(request.user)
    links = trial.links.filter(asset__in=visible).select_related("asset")
    return render(
        request, "trials/detail.html", {"trial": trial, "links": links, "folded": fold(trial.title)}
    )
