from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("my/searches/", views.save, name="save_search"),
    path("my/searches/<int:pk>/delete/", views.delete, name="delete_search"),
]
