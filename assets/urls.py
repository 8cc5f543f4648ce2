from django.urls import path

from assets import views

app_name = "assets"
urlpatterns = [
    path("assets/", views.search, name="search"),
    path("assets/new/<slug:org>/", views.create, name="create"),
    path("assets/<int:pk>/", views.detail, name="detail"),
    path("assets/<int:pk>/edit/", views.edit, name="edit"),
    path("portfolio-template.csv", views.portfolio_template, name="portfolio_template"),
    path("organisations/<slug:org>/import/", views.portfolio_import, name="portfolio_import"),
]
