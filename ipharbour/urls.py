from django.contrib import admin
from django.urls import include, path

from ipharbour import views
from ipharbour.api import api

admin.site.site_header = "IP Harbour — operator back office"
admin.site.site_title = "IP Harbour"
handler404 = "ipharbour.views.not_found"
handler500 = "ipharbour.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("accounts.urls")),
    path("", include("assets.urls")),
    path("", include("trials.urls")),
    path("", include("ledger.urls")),
    path("", include("valuation.urls")),
    path("", include("matching.urls")),
    path("", include("certification.urls")),
    path("", include("listings.urls")),
    path("", include("financing.urls")),
]

# Uploaded files are never served from a public /media/ path: each is handed out by a view that checks access
# (e.g. certification evidence), and registration documents only in the back office.
