from django.urls import path

from deals.views import after, dataroom, rooms, terms

app_name = "deals"
urlpatterns = [
    path("deals/", rooms.index, name="index"),
    path("deals/new/", rooms.invite, name="invite"),
    path("deals/<int:pk>/", rooms.room, name="room"),
    path("deals/<int:pk>/members/", rooms.add_member, name="add_member"),
    path("deals/<int:pk>/members/<int:member>/role/", rooms.change_role, name="change_role"),
    path("deals/<int:pk>/status/<str:action>/", rooms.change_status, name="status"),
    path("deals/<int:pk>/nda/", rooms.prepare_nda, name="prepare_nda"),
    path("deals/<int:pk>/nda/sign/", rooms.sign_nda, name="sign_nda"),
    path("deals/<int:pk>/nda.pdf", rooms.nda_pdf, name="nda_pdf"),
    path("deals/<int:pk>/messages/", rooms.post_message, name="post_message"),
    path("deals/<int:pk>/checklist/<int:item>/", rooms.update_checklist, name="checklist"),
    path("deals/<int:pk>/documents/", dataroom.documents, name="documents"),
    path("deals/documents/<int:pk>/revoke/", dataroom.revoke, name="revoke"),
    path("deals/documents/<int:pk>/<str:action>/", dataroom.open_document, name="open_document"),
    path("deals/<int:pk>/terms/", terms.terms, name="terms"),
    path("deals/terms/<int:pk>/accept/", terms.accept, name="accept"),
    path("deals/<int:pk>/agreement/", terms.agreement, name="agreement"),
    path("deals/agreements/<int:pk>/sign/", terms.sign, name="sign"),
    path("deals/agreements/<int:pk>.pdf", terms.agreement_pdf, name="agreement_pdf"),
    path("deals/<int:pk>/after-signature/", after.after, name="after"),
    path("deals/<int:pk>/payments/", after.pay, name="pay"),
    path("deals/royalty-reports/<int:pk>/invoice.pdf", after.invoice, name="invoice"),
    path("deals/obligations/<int:pk>/<str:step>/", after.obligation_step, name="obligation"),
    path("deals/<int:pk>/questions/", after.questions, name="questions"),
    path("deals/questions/<int:pk>/answer/", after.answer, name="answer"),
]
