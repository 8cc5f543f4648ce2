"""The rooms: my rooms, inviting an organisation, the room's overview (members, state, NDA, checklist,
messages) and the steps taken there."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import AnyUser, Organisation, User
from assets.models import Asset
from core.pages import attempt
from deals import checklists
from deals.forms import ChecklistForm, InviteForm, MemberForm, MessageForm, NdaForm
from deals.models import ChecklistItem, DealNotification, DealRoom, Message, Nda, RoomMember
from deals.notify import mark_read
from deals.permissions import seat_of
from deals.services import nda as ndas
from deals.services import qa, royalties
from deals.services import room as rooms
from deals.views.common import back, room_context, visible, visible_room
from listings.models import Listing
from listings.permissions import acting_organisations


@login_required
def index(request):
    found = (
        DealRoom.objects.visible_to(request.user).select_related("seller", "buyer").order_by("-updated_at")
    )
    notices = DealNotification.objects.visible_to(request.user).filter(
        user=request.user, read_at__isnull=True
    )[:30]
    selling = [
        room for room in found[:200] if room.status == DealRoom.Status.SIGNED and _sells(request.user, room)
    ]
    revenue = [(room, royalties.revenue(room)) for room in selling[:50]]
    return render(request, "deals/index.html", {"rooms": found[:200], "notices": notices, "revenue": revenue})


def _sells(user: AnyUser, room: DealRoom) -> bool:
    seat = seat_of(user, room)
    return seat is not None and seat.side == "seller"


def _invite_initial(request, sellers) -> dict:
    """What a link from a listing fills in ("organisations likely to want it"): the buyer, the listing,
    the deal type, and the seller that offers the listing when the person acts for it."""
    initial = {key: request.GET[key][:80] for key in ("buyer", "listing", "deal_type") if key in request.GET}
    listing = initial.get("listing", "")
    if listing.isdigit():
        offered = Listing.objects.visible_to(request.user).filter(pk=int(listing)).first()
        if offered is not None and sellers.filter(pk=offered.organisation_id).exists():
            initial["seller"] = offered.organisation_id
    return initial


@login_required
def invite(request):
    sellers = acting_organisations(request.user)
    form = InviteForm(request.POST or None, sellers=sellers, initial=_invite_initial(request, sellers))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        approved = Organisation.objects.visible_to(request.user).filter(status=Organisation.Status.APPROVED)
        buyer = approved.filter(slug=data["buyer"]).first()
        listing = (
            Listing.objects.visible_to(request.user).filter(pk=data["listing"]).first()
            if data["listing"]
            else None
        )
        opened: list[DealRoom] = []

        def action():
            if buyer is None:
                from core.errors import InvalidInput

                raise InvalidInput(_("No approved organisation has this short name."), field="buyer")
            opened.append(
                rooms.invite_organisation(
                    seller=data["seller"],
                    buyer=buyer,
                    by=request.user,
                    listing=listing,
                    deal_type=data["deal_type"],
                )
            )

        if attempt(request, action, _("The room is open; the organisation is invited."), form):
            return back(opened[0])
    return render(request, "deals/invite.html", {"form": form})


@login_required
def room(request, pk: int):
    found = visible_room(request, pk)
    mark_read(request.user, found)
    context = room_context(request, found, "room")
    context.update(
        members=found.members.select_related("user", "organisation"),
        nda=Nda.objects.visible_to(request.user).filter(room=found).prefetch_related("signatures").first(),
        checklist=_checklist(request, found),
        messages_list=Message.objects.visible_to(request.user).filter(room=found).select_related("author"),
        member_form=MemberForm(),
        nda_form=NdaForm(),
        message_form=MessageForm(),
        checklist_states=ChecklistItem.State.choices,
        roles=RoomMember.Role.choices,
    )
    return render(request, "deals/room.html", context)


def _checklist(request, room: DealRoom) -> list[tuple[ChecklistItem, list[tuple[str, str]]]]:
    """Each item with its evidence on the registry: (address, asset number) of the assets the reader sees."""
    items = list(ChecklistItem.objects.visible_to(request.user).filter(room=room))
    wanted = {pk for item in items for pk in checklists.asset_ids_in(item.link)}
    numbers = dict(Asset.objects.visible_to(request.user).filter(pk__in=wanted).values_list("pk", "number"))
    shown = [[pk for pk in checklists.asset_ids_in(item.link) if pk in numbers] for item in items]
    return [
        (item, [(f"/assets/{pk}/", numbers[pk]) for pk in pks])
        for item, pks in zip(items, shown, strict=True)
    ]


@login_required
@require_POST
def add_member(request, pk: int):
    found = visible_room(request, pk)
    form = MemberForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the person's e-mail address and a role."))
        return back(found)
    data = form.cleaned_data
    person = User.objects.filter(email__iexact=data["email"]).first()
    adviser_org = (
        Organisation.objects.visible_to(request.user).filter(slug=data["organisation"]).first()
        if data["organisation"]
        else None
    )

    def action():
        if person is None:
            from core.errors import InvalidInput

            raise InvalidInput(_("No member of the exchange has this e-mail address."))
        rooms.add_member(
            room=found, by=request.user, user=person, role=data["role"], organisation=adviser_org
        )

    attempt(request, action, _("Added to the room."))
    return back(found)


@login_required
@require_POST
def change_role(request, pk: int, member: int):
    found = visible_room(request, pk)
    seat = get_object_or_404(RoomMember.objects.visible_to(request.user), room=found, pk=member)
    attempt(
        request,
        lambda: rooms.change_role(member=seat, by=request.user, role=request.POST.get("role", "")),
        _("Role changed."),
    )
    return back(found)


@login_required
@require_POST
def change_status(request, pk: int, action: str):
    found = visible_room(request, pk)
    note = request.POST.get("note", "")
    attempt(
        request,
        lambda: rooms.change_status(room=found, by=request.user, action=action, note=note),
        _("Done."),
    )
    return back(found)


@login_required
@require_POST
def prepare_nda(request, pk: int):
    found = visible_room(request, pk)
    form = NdaForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def action():
            ndas.prepare_nda(
                room=found,
                by=request.user,
                governing_law=data["governing_law"],
                term_months=data["term_months"],
            )

        attempt(request, action, _("The NDA is ready to sign."))
    else:
        messages.error(request, _("Give the governing law and a term of 1 to 120 months."))
    return back(found)


@login_required
@require_POST
def sign_nda(request, pk: int):
    found = visible_room(request, pk)
    digest = request.POST.get("sha256", "")
    attempt(
        request,
        lambda: ndas.sign_nda(room=found, by=request.user, text_sha256=digest),
        _("You signed the NDA."),
    )
    return back(found)


@login_required
def nda_pdf(request, pk: int):
    found = visible_room(request, pk)
    nda = get_object_or_404(Nda.objects.visible_to(request.user), room=found)
    response = HttpResponse(ndas.nda_pdf(nda), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nda-room-{found.pk}.pdf"'
    return response


@login_required
@require_POST
def post_message(request, pk: int):
    found = visible_room(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        attempt(
            request, lambda: qa.post_message(room=found, by=request.user, body=form.cleaned_data["body"]), ""
        )
    if request.htmx:
        rows = Message.objects.visible_to(request.user).filter(room=found).select_related("author")
        return render(
            request,
            "deals/_messages.html",
            {"room": found, "messages_list": rows, "message_form": MessageForm()},
        )
    return redirect("deals:room", pk=found.pk)


@login_required
@require_POST
def update_checklist(request, pk: int, item: int):
    found = visible_room(request, pk)
    entry = visible(request, ChecklistItem, item)
    form = ChecklistForm(request.POST)
    if form.is_valid() and entry.room_id == found.pk:
        data = form.cleaned_data
        attempt(
            request,
            lambda: qa.update_checklist_item(
                item=entry, by=request.user, state=data["state"], note=data["note"]
            ),
            _("Checklist updated."),
        )
    return back(found)
