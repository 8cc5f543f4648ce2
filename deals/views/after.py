"""After signature (obligations, royalty reports, payments, revenue) and questions with answers."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import attempt
from deals.forms import AnswerForm, PaymentForm, QuestionForm, ReportForm
from deals.models import Document, Obligation, Payment, Question, RoyaltyReport
from deals.services import invoices, obligations, qa, royalties
from deals.views.common import back, room_context, visible, visible_room


@login_required
def after(request, pk: int):
    found = visible_room(request, pk)
    report_form = ReportForm(request.POST or None, prefix="report")
    payment_form = PaymentForm(None, prefix="payment", initial={"currency": found.currency})
    if request.method == "POST" and report_form.is_valid():
        fields = report_form.report()
        if attempt(
            request,
            lambda: royalties.submit_report(room=found, by=request.user, **fields),
            _("Report filed; the royalty is computed."),
            report_form,
        ):
            return back(found, "after")
    context = room_context(request, found, "after")
    context.update(
        obligations=Obligation.objects.visible_to(request.user).filter(room=found),
        reports=RoyaltyReport.objects.visible_to(request.user).filter(room=found),
        payments=Payment.objects.visible_to(request.user).filter(room=found),
        revenue=royalties.revenue(found),
        report_form=report_form,
        payment_form=payment_form,
    )
    return render(request, "deals/after.html", context)


@login_required
@require_POST
def pay(request, pk: int):
    found = visible_room(request, pk)
    form = PaymentForm(request.POST, prefix="payment")
    if form.is_valid():
        attempt(
            request,
            lambda: royalties.record_payment(room=found, by=request.user, **form.cleaned_data),
            _("Payment recorded."),
        )
    return back(found, "after")


@login_required
@require_POST
def obligation_step(request, pk: int, step: str):
    found = visible(request, Obligation, pk)
    note = request.POST.get("note", "")

    def action():
        if step == "claim":
            obligations.claim_milestone(
                obligation=found, by=request.user, reached_on=timezone.localdate(), note=note
            )
        else:
            obligations.answer_claim(obligation=found, by=request.user, confirm=step == "confirm", note=note)

    attempt(request, action, _("Done."))
    return back(found.room, "after")


@login_required
def questions(request, pk: int):
    found = visible_room(request, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def action():
            qa.ask_question(room=found, by=request.user, **form.cleaned_data)

        if attempt(request, action, _("Question sent."), form):
            return back(found, "questions")
    context = room_context(request, found, "questions")
    context.update(
        form=form,
        questions=Question.objects.visible_to(request.user).filter(room=found),
        answer_form=AnswerForm(),
    )
    return render(request, "deals/questions.html", context)


@login_required
@require_POST
def answer(request, pk: int):
    found = visible(request, Question, pk)
    form = AnswerForm(request.POST)
    attachment = request.POST.get("document")
    document = (
        Document.objects.visible_to(request.user).filter(pk=attachment).first()
        if attachment and attachment.isdigit()
        else None
    )
    if form.is_valid():
        attempt(
            request,
            lambda: qa.answer_question(
                question=found, by=request.user, answer=form.cleaned_data["answer"], document=document
            ),
            _("Answered."),
        )
    return back(found.room, "questions")


@login_required
def invoice(request, pk: int):
    """A royalty report's invoice, for both sides of the room (404 for everyone else)."""
    report = visible(request, RoyaltyReport, pk)
    response = HttpResponse(invoices.royalty_invoice(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="invoice-{invoices.invoice_number(report)}.pdf"'
    return response
