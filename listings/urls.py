from django.urls import path

from listings.views import alerts, deals, market, needs

app_name = "listings"
urlpatterns = [
    path("marketplace/", market.browse, name="browse"),
    path("marketplace/new/<slug:org>/", market.create, name="create"),
    path("marketplace/review/", market.review_queue, name="review_queue"),
    path("marketplace/inbox/", deals.inbox, name="inbox"),
    path("marketplace/<int:pk>/", market.detail, name="detail"),
    path("marketplace/<int:pk>/edit/", market.edit, name="edit"),
    path("marketplace/<int:pk>/submit/", market.submit, name="submit"),
    path("marketplace/<int:pk>/close/", market.close, name="close"),
    path("marketplace/<int:pk>/review/", market.review, name="review"),
    path("marketplace/<int:pk>/consent/", market.consent, name="consent"),
    path("marketplace/<int:pk>/interest/", deals.express_interest, name="express_interest"),
    path("marketplace/<int:pk>/open-licence/", deals.take_open_licence, name="open_licence"),
    path("marketplace/leads/<int:pk>/<str:decision>/", deals.decide, name="decide"),
    path("needs/", needs.index, name="needs"),
    path("needs/new/", needs.create, name="need_create"),
    path("needs/<int:pk>/", needs.detail, name="need"),
    path("needs/<int:pk>/edit/", needs.edit, name="need_edit"),
    path("needs/<int:pk>/close/", needs.close, name="need_close"),
    path("needs/<int:pk>/matches/", needs.need_matches, name="matches"),
    path("subscriptions/", alerts.subscriptions, name="subscriptions"),
    path("subscriptions/<int:pk>/stop/", alerts.stop, name="stop"),
    path("subscriptions/unsubscribe/<str:token>/", alerts.unsubscribe, name="unsubscribe"),
    path("notifications/", alerts.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", alerts.read, name="read"),
]
