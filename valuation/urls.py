from django.urls import path

from valuation import views

app_name = "valuation"
urlpatterns = [
    path("valuations/", views.valuation_list, name="list"),
    path("valuations/<int:pk>/report/", views.report, name="report"),
    path("valuations/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
]
