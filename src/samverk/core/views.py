"""Helpers every app's views use: network lookup, forms backed by service functions,
pagination and sorting, htmx partial rendering."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


def network_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Require login and a network the user may see; pass it to the view as ``network``.
    Networks the user has no role in answer 404, so their existence is not revealed."""
    from samverk.core.permissions import can_view_network

    @login_required
    def wrapper(request: HttpRequest, network: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        current = getattr(request, "network", None)
        if (
            current is None
            or current.slug != network
            or not can_view_network(request.user, current)
        ):
            _forget_network(request)
            raise Http404(_("No such network."))
        return view(request, current, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


_PK_MARKER = 918273645


def pk_url(name: str, **kwargs: Any) -> Callable[[Any], str]:
    """The URL of ``name`` for any ``pk`` (the other arguments fixed), reversed once: for a
    list that links every row, instead of a ``{% url %}`` per row."""
    marker = str(_PK_MARKER)
    head, _marker, tail = reverse(name, kwargs={**kwargs, "pk": _PK_MARKER}).rpartition(marker)
    return lambda pk: f"{head}{pk}{tail}"


def _forget_network(request: HttpRequest) -> None:
    """Undo what NetworkMiddleware did for a network the user may not see, so that the 404
    page shows neither its name nor its language or time zone."""
    request.network = None  # type: ignore[attr-defined]
    timezone.deactivate()
    language = translation.get_language_from_request(request)
    translation.activate(language)
    request.LANGUAGE_CODE = language


_P = ParamSpec("_P")
_R = TypeVar("_R")


def save_with_service(
    form: forms.BaseForm, service: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs
) -> _R | None:
    """Run a service with the form's data (mypy checks the arguments against the service's
    signature). Returns the result, or None after putting the service's validation errors on
    the form's fields (nothing is saved then)."""
    try:
        return service(*args, **kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                target = field if field in form.fields else None
                for error in errors:
                    form.add_error(target, error)
        else:
            form.add_error(None, exc)
        return None


PAGE_SIZE = 25


def paginate(
    request: HttpRequest,
    queryset: QuerySet[Any] | list[Any],
    per_page: int | None = None,
    *,
    count: int | None = None,
) -> Page:
    """The requested page; ``count``: the number of rows when already known (e.g. from an
    aggregate the page shows anyway), which saves the paginator's COUNT query."""
    paginator = Paginator(queryset, per_page or PAGE_SIZE)
    if count is not None:
        paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    return paginator.get_page(request.GET.get("page"))


def sort(
    request: HttpRequest, queryset: QuerySet[Any], allowed: dict[str, Any], default: str
) -> tuple[QuerySet[Any], str]:
    """Sort by ``?sort=key`` or ``?sort=-key`` among ``allowed`` (key → field, or key → an
    expression such as ``core.collation.choice_order`` for choices sorted by their labels)."""
    key = request.GET.get("sort", default)
    field = allowed.get(key.lstrip("-"))
    if field is None:
        key, field = default, allowed[default.lstrip("-")]
    descending = key.startswith("-")
    if isinstance(field, str):
        return queryset.order_by(f"{'-' if descending else ''}{field}", "pk"), key
    expression = field.desc() if descending else field.asc()
    return queryset.order_by(expression, "pk"), key


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the page, or only its ``partial`` for htmx requests that are not boosted.

    htmx restoring a page from history (after hx-push-url) needs the whole page, and caches
    must keep the two answers of one URL apart (``Vary: HX-Request``)."""
    htmx = getattr(request, "htmx", None)
    if partial and htmx and not htmx.boosted and not htmx.history_restore_request:
        template = f"{template}#{partial}"
    response = render(request, template, context, status=status)
    if partial:
        patch_vary_headers(response, ["HX-Request"])
    return response


_Saved = TypeVar("_Saved")


def form_page(
    request: HttpRequest,
    network: Any,
    form: forms.BaseForm,
    save: Callable[..., _Saved],
    *,
    title: str | Callable[[], str],
    cancel_url: str,
    success_url: str | Callable[[_Saved], str],
    message: str | Callable[[_Saved], str] | None = None,
    intro: str | Callable[[], str] = "",
    multipart: bool = False,
) -> HttpResponse:
    """A create or edit page of a domain app (``multipart``: the form uploads a file). On a
    valid POST, ``save`` (a service with its fixed arguments, ``functools.partial``) gets the
    form's cleaned data; what it refuses goes on the form's fields. Once saved: the message
    ("Saved." unless given; a callable gets what the service returned) and a redirect to
    ``success_url`` (likewise). Otherwise the page ``core/form_page.html`` with the form; a
    callable ``title`` or ``intro`` is read after the attempt to save, so that it shows the
    object as the refused service left it."""
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
        "multipart": multipart,
    }
    return render(request, "core/form_page.html", context)
