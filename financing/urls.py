from django.urls import path

from financing.views import disposals, leasebacks, loans, pages

app_name = "financing"
urlpatterns = [
    path("financing/", pages.overview, name="overview"),
    path("financing/programmes/<int:pk>/", pages.programme_detail, name="programme"),
    path("financing/programmes/<int:pk>/shares/", pages.set_shares, name="shares"),
    path("financing/programmes/<int:pk>/report/", pages.programme_report, name="report"),
    path(
        "financing/programmes/<int:pk>/report.csv",
        pages.programme_report_export,
        {"extension": "csv"},
        name="report_csv",
    ),
    path(
        "financing/programmes/<int:pk>/report.xlsx",
        pages.programme_report_export,
        {"extension": "xlsx"},
        name="report_xlsx",
    ),
    path("financing/programmes/<int:pk>/subsidies/<int:claim>/pay/", pages.pay_subsidy, name="pay_subsidy"),
    path("financing/desk/", pages.desk, name="desk"),
    path("financing/exposure/", pages.exposure, name="exposure"),
    path("financing/apply/", loans.apply, name="apply"),
    path("financing/loans/<int:pk>/", loans.loan_detail, name="loan"),
    path("financing/loans/<int:pk>/<slug:action>/", loans.act, name="act"),
    path("financing/auctions/", disposals.auctions, name="auctions"),
    path("financing/disposals/<int:pk>/", disposals.disposal_detail, name="disposal"),
    path("financing/disposals/<int:pk>/bid/", disposals.bid, name="bid"),
    path("financing/disposals/<int:pk>/close/", disposals.close, name="close_auction"),
    path("financing/disposals/<int:pk>/room/", disposals.open_room, name="open_sale_room"),
    path("financing/disposals/<int:pk>/purchase/", disposals.purchase, name="fund_purchase"),
    path("financing/licence-backs/new/", leasebacks.propose, name="licence_back_new"),
    path("financing/licence-backs/<int:pk>/", leasebacks.agreement_detail, name="licence_back"),
    path(
        "financing/licence-backs/<int:pk>/<slug:action>/", leasebacks.agreement_act, name="licence_back_act"
    ),
]
