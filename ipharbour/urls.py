from django.contrib import admin
from django.urls import include, path

from ipharbour import views
from ipharbour.api import api

admin.site.site_header = "IP Harbour — operator back office"
admin.site.site_title = "IP Harbour"
handler400 = "ipharbour.error_views.bad_request"
handler403 = "ipharbour.error_views.permission_denied"
handler404 = "ipharbour.error_views.not_found"
handler500 = "ipharbour.error_views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/v1/", api.urls),
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("", include("assets.urls")),
    path("", include("trials.urls")),
    path("", include("ledger.urls")),
    path("", include("valuation.urls")),
    path("", include("matching.urls")),
    path("", include("certification.urls")),
    path("", include("listings.urls")),
    path("", include("deals.urls")),
    path("", include("disputes.urls")),
    path("", include("financing.urls")),
]

# Uploaded files are never served from a public /media/ path: each is handed out by a view that checks access
# (e.g. certification evidence), and registration documents only in the back office.
