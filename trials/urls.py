from django.urls import path

from trials import views

app_name = "trials"
urlpatterns = [
    path("trials/", views.trial_list, name="list"),
    path("trials/<str:registry_id>/", views.detail, name="detail"),
]
