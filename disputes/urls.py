from django.urls import path
from django.views.generic import RedirectView

from disputes import case_views, roster_views, views

app_name = "disputes"
case = "disputes/cases/<int:pk>/"
urlpatterns = [
    path("disputes/", views.case_list, name="index"),
    path("disputes/statistics/", views.statistics, name="statistics"),
    path("disputes/neutrals/", views.roster, name="roster"),
    path("disputes/neutrals/mine/", roster_views.my_roster, name="my_roster"),
    path("disputes/neutrals/mine/conflicts/", roster_views.declare_conflict, name="declare_conflict"),
    path("disputes/neutrals/applications/", roster_views.applications, name="roster_applications"),
    path("disputes/neutrals/applications/<int:pk>/", roster_views.application, name="roster_application"),
    path("disputes/rules/", views.rules, name="rules"),
    # The list of cases lives at /disputes/ only; the older address keeps working as a permanent redirect.
    path(
        "disputes/cases/", RedirectView.as_view(pattern_name="disputes:index", permanent=True), name="cases"
    ),
    path("disputes/cases/new/", views.file_case, name="file"),
    path(case, views.case_detail, name="case"),
    path(f"{case}submissions/", views.submit, name="submit"),
    path(f"{case}submissions/<int:number>/", views.submission, name="submission"),
    path(
        f"{case}submissions/<int:number>/documents/<int:document_pk>/",
        case_views.submission_document,
        name="submission_document",
    ),
    path(f"{case}appointments/", views.nominate, name="nominate"),
    path(f"{case}neutrals/", case_views.choose_neutrals, name="neutrals"),
    path(f"{case}lists/", case_views.propose_list, name="propose_list"),
    path(f"{case}lists/<int:list_pk>/ranking/", case_views.rank_list, name="rank_list"),
    path(f"{case}challenges/", case_views.raise_challenge, name="challenge"),
    path(
        f"{case}challenges/<int:challenge_pk>/decision/", case_views.decide_challenge, name="decide_challenge"
    ),
    path(f"{case}deadlines/", case_views.set_deadline, name="set_deadline"),
    path(f"{case}emergency/", case_views.emergency_relief, name="emergency"),
    path(f"{case}participants/", case_views.add_participant, name="add_participant"),
    path(f"{case}affiliates/", case_views.declare_affiliates, name="affiliates"),
    path(f"{case}files/<int:file_pk>/", views.case_file, name="case_file"),
    path(f"{case}hearings/", views.schedule_hearing, name="schedule_hearing"),
    path(f"{case}decisions/", views.issue_decision, name="issue_decision"),
    path(f"{case}decisions/<int:decision_pk>/signature/", views.sign_settlement, name="sign"),
    path(f"{case}decisions/<int:decision_pk>/registry/", case_views.apply_effects, name="apply_effects"),
    path(f"{case}fees/deposits/", case_views.request_deposit, name="request_deposit"),
    path(f"{case}fees/neutrals/", case_views.charge_neutral_fee, name="charge_neutral_fee"),
    path(f"{case}fees/<int:fee_pk>/payment/", case_views.record_payment, name="record_payment"),
    path(f"{case}subsidies/", case_views.grant_subsidy, name="grant_subsidy"),
    path(f"{case}statement/<str:side>/", case_views.statement, name="statement"),
    path(f"{case}arbitration/", case_views.refer_to_arbitration, name="refer"),
    path(f"{case}withdrawal/", case_views.withdraw, name="withdraw"),
]
