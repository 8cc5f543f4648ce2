from django.urls import path

from accounts import views

app_name = "accounts"
urlpatterns = [
    path("organisations/", views.directory, name="directory"),
    path("organisations/new/", views.register, name="register"),
    path("organisations/<slug:slug>/", views.profile, name="profile"),
    path("organisations/<slug:slug>/edit/", views.edit, name="edit"),
    path("organisations/<slug:slug>/members/", views.members, name="members"),
    path(
        "organisations/<slug:slug>/members/<int:user_id>/remove/", views.remove_member, name="member_remove"
    ),
    path("organisations/<slug:slug>/registration-document/", views.registration_document, name="document"),
    path("invitations/<str:token>/", views.accept, name="accept"),
    path("my/", views.mine, name="mine"),
    path("my/tokens/", views.tokens, name="tokens"),
    path("my/tokens/<int:pk>/revoke/", views.revoke_token, name="token_revoke"),
]
