from django.urls import path

from disputes import views

app_name = "disputes"
urlpatterns = [
    path("disputes/statistics/", views.statistics, name="statistics"),
    path("disputes/neutrals/", views.roster, name="roster"),
    path("disputes/rules/", views.rules, name="rules"),
    path("disputes/cases/", views.case_list, name="cases"),
    path("disputes/cases/new/", views.file_case, name="file"),
    path("disputes/cases/<int:pk>/", views.case_detail, name="case"),
    path("disputes/cases/<int:pk>/submissions/", views.submit, name="submit"),
    path("disputes/cases/<int:pk>/submissions/<int:number>/", views.submission, name="submission"),
    path("disputes/cases/<int:pk>/appointments/", views.nominate, name="nominate"),
    path("disputes/cases/<int:pk>/files/<int:file_pk>/", views.case_file, name="case_file"),
    path("disputes/cases/<int:pk>/hearings/", views.schedule_hearing, name="schedule_hearing"),
    path("disputes/cases/<int:pk>/decisions/", views.issue_decision, name="issue_decision"),
    path(
        "disputes/cases/<int:pk>/decisions/<int:decision_pk>/signature/", views.sign_settlement, name="sign"
    ),
]
