"""The data room page: documents per tier, uploads, watermarked views and downloads, the access log."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import attempt
from deals.forms import UploadForm
from deals.models import AccessLog, Document
from deals.services import dataroom
from deals.views.common import back, room_context, visible, visible_room


@login_required
def documents(request, pk: int):
    found = visible_room(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]

        def action():
            dataroom.upload_document(
                room=found, by=request.user, tier=data["tier"], title=data["title"], folder=data["folder"],
                filename=upload.name, data=upload.read(dataroom.max_upload_bytes() + 1),
                view_only=data["view_only"],
            )  # fmt: skip

        if attempt(request, action, _("The document is in the data room."), form):
            return back(found, "documents")
    context = room_context(request, found, "documents")
    context.update(
        form=form,
        documents=Document.objects.visible_to(request.user).filter(room=found),
        accesses=AccessLog.objects.visible_to(request.user)
        .filter(document__room=found)
        .select_related("user", "document")[:200],
    )
    return render(request, "deals/documents.html", context)


@login_required
def open_document(request, pk: int, action: str):
    document = visible(request, Document, pk)
    if action not in AccessLog.Action.values:
        action = AccessLog.Action.VIEW
    data, kind = dataroom.open_document(document=document, by=request.user, action=action)
    response = HttpResponse(data, content_type=kind)
    # Quoted or percent-encoded by Django: an uploaded name with quotes, line breaks or Chinese is safe.
    download = action == AccessLog.Action.DOWNLOAD
    response["Content-Disposition"] = content_disposition_header(download, document.filename) or "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def revoke(request, pk: int):
    document = visible(request, Document, pk)
    attempt(request, lambda: dataroom.revoke_document(document=document, by=request.user), _("Revoked."))
    return back(document.room, "documents")
