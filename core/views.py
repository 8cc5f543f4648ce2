"""Saved searches: the "Save this search" button of every results page, and forgetting one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.access import CHANGE
from core.models import SavedSearch
from core.pages import PAGE_ERRORS, show
from core.searches import delete_saved_search, save_search


def _back(request, fallback: str = "/"):
    target = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False)
    return redirect(target if safe and target.startswith("/") else fallback)


@login_required
@require_POST
def save(request):
    try:
        saved = save_search(
            user=request.user,
            path=request.POST.get("path", ""),
            query=request.POST.get("query", ""),
            label=request.POST.get("label", ""),
        )
    except PAGE_ERRORS as error:
        show(request, error)
    else:
        messages.success(
            request, _("Search saved as “%(label)s”; find it on your home page.") % {"label": saved}
        )
    return _back(request)


@login_required
@require_POST
def delete(request, pk: int):
    saved = get_object_or_404(SavedSearch.objects.restrict(request.user, CHANGE), pk=pk)
    delete_saved_search(saved=saved, by=request.user)
    messages.success(request, _("Saved search removed."))
    return _back(request)
