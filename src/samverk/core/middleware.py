"""Middleware: the guard at the edge (input the database cannot store, API bodies over the
limit), and the network named in the URL with its working language and time zone."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from rest_framework.settings import api_settings


class NetworkMiddleware:
    """For URLs with a ``network`` slug: set ``request.network`` (None when unknown), switch the
    time zone to the network's, and — unless the user chose a language — its working language.
    Whether the user may see the network is decided by the view (404 otherwise)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.network = None  # type: ignore[attr-defined]
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> None:
        slug = kwargs.get("network")
        if not slug:
            return
        from samverk.core.models import Network

        network = Network.objects.select_related("federation").filter(slug=slug).first()
        request.network = network  # type: ignore[attr-defined]
        if network is None:
            return
        timezone.activate(network.time_zone)
        if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
            translation.activate(network.language)
            request.LANGUAGE_CODE = network.language


# --- the edge: input the database cannot store, API bodies over the limit --------------------

# PostgreSQL refuses NUL in text (psycopg raises DataError: a 500 where SQLite stored it).
# No other character that can arrive decoded from a request (path, query, form data) is refused
# by the database: invalid UTF-8 is replaced or re-percent-encoded by Django.
UNSTORABLE = "\x00"


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _unstorable(values: Iterable[str]) -> bool:
    return any(UNSTORABLE in value for value in values)


def _entries(data: QueryDict, files: MultiValueDict[str, Any]) -> Iterator[str]:
    for key, values in data.lists():
        yield key
        yield from values
    for key, uploads in files.lists():
        yield key
        yield from (upload.name or "" for upload in uploads)


def _form_data(request: HttpRequest) -> Iterator[str]:
    """Names and values of a form body (urlencoded or multipart), file names included."""
    if request.method == "POST":
        yield from _entries(request.POST, request.FILES)
    elif request.content_type == "application/x-www-form-urlencoded":
        # PUT and PATCH: Django leaves the body to the view (the API's form parser).
        yield from _entries(QueryDict(request.body, encoding=request.encoding), MultiValueDict())


def body_too_large_message() -> str:
    limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
    return _("Request body too large (max %(limit)s KB).") % {"limit": limit_kb}


def request_data_message(exc: Exception) -> str:
    """What to tell an API client whose body Django refused to parse."""
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return _("Too many fields in the request (max %(limit)s).") % {"limit": limit}
    if isinstance(exc, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return _("Too many files in the request (max %(limit)s).") % {"limit": limit}
    return body_too_large_message()


class InputGuardMiddleware:
    """Refuse at the edge what must never reach a view: a NUL character in the path, the
    query, a header or form data (400, a page that says so; JSON for the API), and an API
    request body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (400 with a non-field error, before
    anything reads it; pages with uploads have their own limits)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_api(request) and self._content_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return self._api_body_refused(body_too_large_message())
        try:
            refused = self._has_unstorable(request)
        except (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent) as exc:
            if is_api(request):
                return self._api_body_refused(request_data_message(exc))
            raise  # Django answers 400 (errors/400.html)
        if refused:
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _content_length(request: HttpRequest) -> int:
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0

    @staticmethod
    def _has_unstorable(request: HttpRequest) -> bool:
        headers = (
            value
            for name, value in request.META.items()
            if name.startswith("HTTP_") and isinstance(value, str)
        )
        return (
            _unstorable([request.path_info])
            or _unstorable(_entries(request.GET, MultiValueDict()))
            or _unstorable(headers)
            or _unstorable(_form_data(request))
        )

    @staticmethod
    def _api_body_refused(message: str) -> HttpResponse:
        return JsonResponse({api_settings.NON_FIELD_ERRORS_KEY: [message]}, status=400)

    @staticmethod
    def _refuse(request: HttpRequest) -> HttpResponse:
        if is_api(request):
            message = _(
                "The address or the request contains a NUL character, which samverk cannot store."
            )
            return JsonResponse({"detail": message}, status=400)
        message = _(
            "The address or the form contains a NUL character, which samverk cannot store. "
            "Please remove it and try again."
        )
        return render(request, "errors/400.html", {"status": 400, "message": message}, status=400)


# --- idle sessions ---------------------------------------------------------------------------

IDLE_STAMP = "_samverk_idle_since"


class SessionIdleMiddleware:
    """Sessions end ``SAMVERK_SESSION_IDLE_MINUTES`` after the last request. Saving the session
    at every request (``SESSION_SAVE_EVERY_REQUEST``) would do that with a database write per
    page; this restarts the idle time only when the last restart is at least
    ``SAMVERK_SESSION_REFRESH_SECONDS`` old (default 60): the session is saved then, with a new
    expiry date and cookie. A session thus ends between idle time minus refresh and idle time after
    the last request. Listed after SessionMiddleware, so that its save sees the change."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.is_empty():
            return response  # no session cookie and nothing stored: nothing to keep alive
        stamp = session.get(IDLE_STAMP)  # loads the session if the view did not
        if session.is_empty():
            return response  # the cookie named a session that has ended
        now = int(timezone.now().timestamp())
        if not isinstance(stamp, int) or now - stamp >= settings.SAMVERK_SESSION_REFRESH_SECONDS:
            session[IDLE_STAMP] = now  # modified: SessionMiddleware saves it and sets the cookie
        return response


def start_idle_time(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Signing in starts the idle time (the login saves the session anyway): the first page
    after it writes no session (``user_logged_in`` receiver, connected in CoreConfig.ready)."""
    if request is not None and hasattr(request, "session"):
        request.session[IDLE_STAMP] = int(timezone.now().timestamp())


# --- the demo: the real error pages with DEBUG on ---------------------------------------------


class DemoErrorPagesMiddleware:
    """With DEBUG on, Django answers "not found" with its technical page for developers. The
    demo (``make run`` sets ``SAMVERK_DEMO=1``) runs with DEBUG on (static files, console mail)
    but shows the pages its users would see: this swaps Django's technical 404 for the site's
    own (403 and 400 always use the site's pages). Without SAMVERK_DEMO, or with DEBUG off,
    it does nothing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and getattr(settings, "SAMVERK_DEMO", False)
            and not getattr(response, "samverk_error_page", False)
            and response.get("Content-Type", "").startswith("text/html")
            and not request.path_info.startswith(settings.STATIC_URL or "/static/")
        ):
            from samverk.core.errors import page_not_found

            return page_not_found(request)
        return response
