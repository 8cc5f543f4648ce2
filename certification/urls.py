from django.urls import path

from certification import public_views, views

app_name = "certification"
urlpatterns = [
    path("certification/", views.catalogue, name="catalogue"),
    path("certification/certified/", views.certified_assets, name="certified_assets"),
    path("certification/certifiers/<slug:slug>/", views.certifier, name="certifier"),
    path("certification/certifiers/<slug:slug>/services/", views.save_service, name="save_service"),
    path("certification/certifiers/<slug:slug>/rotate-key/", views.rotate_key, name="rotate_key"),
    path("certification/certifiers/<slug:slug>/conflicts/", views.conflicts, name="conflicts"),
    path("certification/assets/<int:asset_pk>/request/", views.request_form, name="request_form"),
    path("certification/requests/", views.queue, name="queue"),
    path("certification/requests/<int:pk>/", views.request_detail, name="request"),
    path("certification/requests/<int:pk>/evidence/", views.add_evidence, name="add_evidence"),
    path(
        "certification/requests/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path("certification/requests/<int:pk>/checks/", views.run_checks, name="run_checks"),
    path("certification/requests/<int:pk>/claims/<int:claim_pk>/decide/", views.decide, name="decide"),
    path("certification/requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("certification/attestations/<str:public_id>/", views.attestation, name="attestation"),
    path("certification/attestations/<str:public_id>/revoke/", views.revoke, name="revoke"),
    path("certification/attestations/<str:public_id>/recertify/", views.recertify, name="recertify"),
    path("verify/", public_views.verify_pasted, name="verify_pasted"),
    path("verify/<str:public_id>/", public_views.verify, name="verify"),
    path("verify/<str:public_id>/credential.json", public_views.credential, name="credential"),
    path("verify/<str:public_id>/certificate.pdf", public_views.certificate, name="certificate"),
]
