from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def browse(request: HttpRequest) -> HttpResponse:
    return render(request, "listings/browse.html", {})
