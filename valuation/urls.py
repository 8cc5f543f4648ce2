from django.urls import path

from valuation import calculator_views, views
from valuation.requests import views as request_views
from valuation.subsidy import views as subsidy_views

app_name = "valuation"
urlpatterns = [
    path("valuations/", views.valuation_list, name="list"),
    path("valuations/new/", views.create, name="create"),
    path("valuations/<int:pk>/", views.detail, name="detail"),
    path("valuations/<int:pk>/inputs/", views.edit_inputs, name="inputs"),
    path("valuations/<int:pk>/run/", views.run, name="run"),
    path("valuations/<int:pk>/finalise/", views.finalise, name="finalise"),
    path("valuations/<int:pk>/shares/", views.share, name="share"),
    path("valuations/<int:pk>/shares/<slug:slug>/remove/", views.unshare, name="unshare"),
    path("valuations/<int:pk>/report/", views.report, name="report"),
    path("valuations/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("valuation/requests/", request_views.requests, name="requests"),
    path("valuation/requests/<int:pk>/<str:action>/", request_views.answer, name="request_answer"),
    path("valuation/calculator/", calculator_views.calculator, name="calculator"),
    path("valuation/deal/", calculator_views.deal, name="deal"),
    path("valuation/subsidy/", subsidy_views.overview, name="subsidy"),
    path("valuation/subsidy/apply/", subsidy_views.apply, name="subsidy_apply"),
    path("valuation/subsidy/applications/<int:pk>/", subsidy_views.application, name="subsidy_application"),
    path("valuation/subsidy/applications/<int:pk>/decide/", subsidy_views.decide, name="subsidy_decide"),
    path("valuation/subsidy/review/", subsidy_views.review, name="subsidy_review"),
]
