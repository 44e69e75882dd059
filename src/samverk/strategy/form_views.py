"""The one pattern of the strategy app's create and edit pages: a form that writes through a
service, its errors on the form, a message and a redirect once saved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.models import Network
from samverk.core.views import save_with_service

_R = TypeVar("_R")


def form_page(
    request: AuthenticatedHttpRequest,
    network: Network,
    form: forms.BaseForm,
    save: Callable[..., _R],
    *,
    title: str | Callable[[], str],
    cancel_url: str,
    success_url: str | Callable[[_R], str],
    message: str | Callable[[_R], str] | None = None,
    intro: str | Callable[[], str] = "",
) -> HttpResponse:
    """On a valid POST, ``save`` (a service with its fixed arguments, ``functools.partial``)
    gets the form's cleaned data; what it refuses goes on the form's fields. Once saved: the
    message ("Saved." unless given; a callable gets what the service returned) and a redirect
    to ``success_url`` (likewise). Otherwise the page ``strategy/form.html`` with the form;
    a callable ``title`` or ``intro`` is read after the attempt to save, so that it shows
    the object as the refused service left it."""
    if request.method == "POST" and form.is_valid():
        saved = save_with_service(form, save, **form.cleaned_data)
        if saved is not None:
            text = message(saved) if callable(message) else message
            messages.success(request, text if text is not None else _("Saved."))
            return redirect(success_url(saved) if callable(success_url) else success_url)
    context: dict[str, Any] = {
        "network": network,
        "form": form,
        "title": title() if callable(title) else title,
        "cancel_url": cancel_url,
        "intro": intro() if callable(intro) else intro,
    }
    return render(request, "strategy/form.html", context)
