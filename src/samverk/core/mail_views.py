"""The coordinators' delivery page: the network's mails, their state, and "send again"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverk.core import email
from samverk.core.models import MailStatus, OutgoingMail
from samverk.core.services import require
from samverk.core.views import network_view, paginate, render_page

PER_PAGE = 50


class MailFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("status"),
        choices=[("", gettext_lazy("all")), *MailStatus.choices],
        required=False,
    )


@network_view
def mail_log(request: HttpRequest, network: Any) -> HttpResponse:
    """Newest first; the text of a mail is never shown (it may hold a secret link)."""
    require(email.can_manage_mail(request.user, network))
    form = MailFilterForm(request.GET)
    mails = (
        OutgoingMail.objects.visible_to(request.user)
        .for_network(network)
        .defer("body", "html", "attachments")
        .order_by("-created_at", "-id")
    )
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if status:
        mails = mails.filter(status=status)
    page = paginate(request, mails, PER_PAGE)
    for mail in page.object_list:
        mail.kind_label = email.kind_label(mail.kind)  # type: ignore[attr-defined]
    return render_page(
        request,
        "core/mail_log.html",
        {"network": network, "form": form, "page": page, "status": status},
        partial="results",
    )


@network_view
@require_POST
def mail_send_again(request: HttpRequest, network: Any, pk: int) -> HttpResponse:
    require(email.can_manage_mail(request.user, network))
    mail = get_object_or_404(
        OutgoingMail.objects.visible_to(request.user).for_network(network), pk=pk
    )
    try:
        email.send_again(actor=request.user, mail=mail)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The mail “%(subject)s” to %(to)s is queued again.")
            % {"subject": mail.subject, "to": ", ".join(mail.to)},
        )
    log = reverse("core:mail_log", kwargs={"network": network.slug})
    target = request.POST.get("next", "")
    if not target.startswith(log) or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = log
    return redirect(target)
