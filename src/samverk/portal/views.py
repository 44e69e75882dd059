"""The network's public portal (no login) and the coordinators' portal settings.

Every public page is served by ``portal_page``: it finds the published portal (by the
``network`` slug in ``/p/<slug>/…`` or by the host name the request came to), chooses the
language (``?lang=``, else the network's working language), and answers with an ETag and
``Cache-Control: public``; the rendered page is kept in the page cache under a key of the
network's data version (raised by every write that changes what a page of the network shows,
``core.page_cache``), the language, the path and a time bucket, so an unchanged page is served
again without a query beyond the portal's lookup. Pages read only through ``portal.public``.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import mimetypes
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.core.cache import caches
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core.markdown import render as render_markdown
from samverk.core.models import Network
from samverk.core.registry import registry
from samverk.core.services import require
from samverk.core.views import form_page, network_view, paginate
from samverk.portal import permissions, public, services
from samverk.portal.forms import PortalSettingsForm
from samverk.portal.public import Portal
from samverk.projects.annual_report import pdf_filename, render_annual_report_pdf

CACHE_ALIAS = "pages"
MAX_AGE = 60  # seconds a browser or shared cache may reuse a portal page
PROJECTS_PER_PAGE = 24
HOME_PROJECTS = 6
NEWS_PER_PAGE = 20
FEED_NAMESPACE = "meeting_feeds"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def portal_language(request: HttpRequest, network: Network) -> str:
    chosen = request.GET.get("lang", "")
    return chosen if chosen in LANGUAGES else network.language


def portal_url(portal: Portal, request: HttpRequest, name: str, **kwargs: Any) -> str:
    """A portal page's path: under ``/p/<slug>/`` or, on the network's own host, at the root
    (the request's urlconf, set by ``PortalHostMiddleware``)."""
    if not getattr(request, "portal_host", None):
        kwargs["network"] = portal.network.slug
    return reverse(f"portal:{name}", kwargs=kwargs)


def _etag(portal: Portal, request: HttpRequest, language: str) -> str:
    seconds = max(int(getattr(settings, "SAMVERK_PAGE_CACHE_SECONDS", 60)), 1)
    parts = [
        portal.network.pk,
        portal.network.data_version,
        portal.settings.updated_at.isoformat() if portal.settings.updated_at else "",
        language,
        getattr(request, "portal_host", "") or "",
        request.get_full_path(),
        int(time.time() // seconds),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def portal_of_request(request: HttpRequest, network: str | None) -> Portal:
    """The published portal a request is for: the network's own host name it came to, else
    the ``network`` slug of its path (the network ``NetworkMiddleware`` looked up already)."""
    host = getattr(request, "portal_host", None)
    if host:
        return public.portal_for(host=host)
    return public.portal_for(network, known=getattr(request, "network", None))


def portal_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Find the portal, choose the language, answer from the cache or with a 304, and mark
    the response cacheable."""

    @functools.wraps(view)
    @require_safe
    def wrapper(request: HttpRequest, network: str | None = None, **kwargs: Any) -> HttpResponse:
        portal = portal_of_request(request, network)
        language = portal_language(request, portal.network)
        etag = f'"{_etag(portal, request, language)}"'
        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response: HttpResponse = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        cache = caches[CACHE_ALIAS]
        use_cache = int(getattr(settings, "SAMVERK_PAGE_CACHE_SECONDS", 60)) > 0
        key = f"portal:{etag}"
        stored = cache.get(key) if use_cache else None
        if stored is not None:
            response = HttpResponse(stored["content"], content_type=stored["content_type"])
        else:
            with translation.override(language), timezone.override(portal.network.time_zone):
                request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
                response = view(request, portal, **kwargs)
            if use_cache and response.status_code == 200 and not response.streaming:
                cache.set(
                    key,
                    {"content": response.content, "content_type": response["Content-Type"]},
                    3600,
                )
        response["ETag"] = etag
        response["Content-Language"] = language
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Host"])
        return response

    return wrapper


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def portal_context(
    request: HttpRequest, portal: Portal, *, title: str, **extra: Any
) -> dict[str, Any]:
    """What every portal page needs: the portal, its language links, canonical URL and the
    Open Graph basics (also for other apps' public pages extending ``portal/base.html``)."""
    language = translation.get_language() or portal.network.language
    path = request.path
    canonical = _absolute(request, path)
    if language != portal.network.language:
        canonical += f"?lang={language}"
    alternates = [
        {
            "code": code,
            "name": str(translation.get_language_info(code)["name_local"]),
            "url": path + ("" if code == portal.network.language else f"?lang={code}"),
            "absolute": _absolute(request, path)
            + ("" if code == portal.network.language else f"?lang={code}"),
            "current": code == language,
        }
        for code in LANGUAGES
    ]
    links = [
        ("home", _("Who we are")),
        ("projects", _("Projects")),
        ("news", _("News")),
        ("indicators", _("Indicators")),
        ("meetings", _("Meetings")),
        ("members", _("Members")),
    ]
    suffix = "" if language == portal.network.language else f"?lang={language}"
    nav = [
        {"name": name, "label": label, "url": portal_url(portal, request, name) + suffix}
        for name, label in links
        if name != "members" or portal.settings.show_members
    ]
    years = public.report_years(portal.network)
    if years:
        nav.append(
            {
                "name": "report",
                "label": _("Annual report"),
                "url": portal_url(portal, request, "report", year=years[0]) + suffix,
            }
        )
    # Other apps' public pages (events, the job board …), as they registered them.
    host = getattr(request, "portal_host", None)
    nav += [
        {
            "name": item.name,
            "label": item.label,
            "url": reverse(item.url_name, kwargs={} if host else {"network": portal.network.slug})
            + suffix,
        }
        for item in registry.portal_links
    ]
    match = request.resolver_match
    current = match.url_name if match else ""
    charter_url = portal_url(portal, request, "charter") + suffix
    description = extra.pop("description", "") or strip_tags(render_markdown(portal.about))
    return {
        "portal": portal,
        "network": portal.network,
        "portal_language": language,
        "current": "projects" if current == "project" else current,
        "suffix": suffix,
        "nav": nav,
        "charter_url": charter_url,
        "title": title,
        "canonical": canonical,
        "alternates": alternates,
        "og_description": Truncator(" ".join(description.split())).chars(200),
        "home_url": portal_url(portal, request, "home") + suffix,
        "theme_url": portal_url(portal, request, "theme"),
        "sitemap_url": portal_url(portal, request, "sitemap"),
        "logo_url": portal_url(portal, request, "logo") if portal.network.logo else "",
        "feed_url": _feed_url(portal, request),
        **extra,
    }


_context = portal_context  # the name this module's pages use


def _feed_url(portal: Portal, request: HttpRequest) -> str:
    """The network's public calendar feed, served by the meetings app on the platform's host:
    on the network's own host name, at the platform's address (``SAMVERK_SITE_URL``)."""
    path = reverse(
        f"{FEED_NAMESPACE}:network",
        kwargs={"slug": portal.network.slug},
        urlconf=settings.ROOT_URLCONF,
    )
    if getattr(request, "portal_host", None):
        site = settings.SAMVERK_SITE_URL.rstrip("/")
        return site + path if site else ""
    return path


def _json_ld(data: dict[str, Any]) -> str:
    """JSON-LD for a ``<script type="application/ld+json">``: ``<``, ``>`` and ``&`` escaped
    as in Django's ``json_script``, so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")


def _member_ld(request: HttpRequest, portal: Portal, member: public.PublicMember) -> Any:
    data: dict[str, Any] = {"@type": "Organization", "name": member.name}
    if member.website:
        data["url"] = member.website
    if member.has_logo:
        data["logo"] = _absolute(request, portal_url(portal, request, "member_logo", pk=member.pk))
    return data


def _organisation_ld(request: HttpRequest, portal: Portal, members: list[Any]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": portal.network.name,
        "url": _absolute(request, portal_url(portal, request, "home")),
    }
    if portal.about:
        data["description"] = strip_tags(render_markdown(portal.about)).strip()
    if portal.network.logo:
        data["logo"] = _absolute(request, portal_url(portal, request, "logo"))
    if portal.network.contact_email:
        data["email"] = portal.network.contact_email
    if members:
        data["member"] = [_member_ld(request, portal, m) for m in members]
    return data


@portal_page
def home(request: HttpRequest, portal: Portal) -> HttpResponse:
    now = timezone.now()
    members = public.members(portal)
    published = public.projects_queryset(portal.network)
    projects = [public.to_public(p) for p in published[:HOME_PROJECTS]]
    upcoming, _past = public.meetings(portal.network, now)
    news = public.news(portal.network, limit=3)
    charter = public.charter(portal.network)
    return render(
        request,
        "portal/home.html",
        _context(
            request,
            portal,
            title=portal.network.name,
            members=members,
            projects=projects,
            project_count=published.count(),
            upcoming=upcoming[:3],
            news=news,
            has_charter=charter is not None,
            json_ld=_json_ld(_organisation_ld(request, portal, members)),
        ),
    )


@portal_page
def members(request: HttpRequest, portal: Portal) -> HttpResponse:
    if not portal.settings.show_members:
        raise Http404
    return render(
        request,
        "portal/members.html",
        _context(request, portal, title=_("Members"), members=public.members(portal)),
    )


@portal_page
def charter(request: HttpRequest, portal: Portal) -> HttpResponse:
    found = public.charter(portal.network)
    if found is None:
        raise Http404
    return render(
        request,
        "portal/charter.html",
        _context(request, portal, title=found.title, charter=found),
    )


@portal_page
def meetings(request: HttpRequest, portal: Portal) -> HttpResponse:
    upcoming, past = public.meetings(portal.network, timezone.now())
    return render(
        request,
        "portal/meetings.html",
        _context(request, portal, title=_("Meetings"), upcoming=upcoming, past=past),
    )


@portal_page
def projects(request: HttpRequest, portal: Portal) -> HttpResponse:
    page = paginate(request, public.projects_queryset(portal.network), PROJECTS_PER_PAGE)
    page.object_list = [public.to_public(p) for p in page.object_list]
    return render(
        request,
        "portal/projects.html",
        _context(request, portal, title=_("Projects"), page=page),
    )


def _project_ld(request: HttpRequest, portal: Portal, project: public.PublicProject) -> Any:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": project.title,
        "url": _absolute(request, portal_url(portal, request, "project", pk=project.pk)),
        "parentOrganization": {"@type": "Organization", "name": portal.network.name},
    }
    if project.short_name:
        data["alternateName"] = project.short_name
    if project.summary:
        data["description"] = strip_tags(render_markdown(project.summary)).strip()
    if project.starts_on:
        data["foundingDate"] = project.starts_on.isoformat()
    if project.ends_on:
        data["dissolutionDate"] = project.ends_on.isoformat()
    funders = [p.name for p in project.partners if p.role in ("funder", "supporter")]
    if funders:
        data["funder"] = [{"@type": "Organization", "name": name} for name in funders]
    members = [p.name for p in project.partners if p.role not in ("funder", "supporter")]
    if project.carrier:
        members = [project.carrier, *[m for m in members if m != project.carrier]]
    if members:
        data["member"] = [{"@type": "Organization", "name": name} for name in members]
    if project.images:
        data["image"] = _absolute(
            request, portal_url(portal, request, "file", pk=project.images[0].pk)
        )
    return data


@portal_page
def project(request: HttpRequest, portal: Portal, pk: int) -> HttpResponse:
    found = public.project(portal.network, pk)
    image = (
        _absolute(request, portal_url(portal, request, "file", pk=found.images[0].pk))
        if found.images
        else ""
    )
    description = strip_tags(render_markdown(found.summary or found.problem or ""))
    return render(
        request,
        "portal/project.html",
        _context(
            request,
            portal,
            title=found.title,
            project=found,
            og_type="article",
            og_image=image,
            description=description,
            json_ld=_json_ld(_project_ld(request, portal, found)),
        ),
    )


@portal_page
def news(request: HttpRequest, portal: Portal) -> HttpResponse:
    page = paginate(request, public.news_queryset(portal.network), NEWS_PER_PAGE)
    page.object_list = [public.to_public_update(u) for u in page.object_list]
    return render(
        request,
        "portal/news.html",
        _context(request, portal, title=_("News"), page=page),
    )


@portal_page
def indicators(request: HttpRequest, portal: Portal) -> HttpResponse:
    return render(
        request,
        "portal/indicators.html",
        _context(
            request, portal, title=_("Indicators"), indicators=public.indicators(portal.network)
        ),
    )


@portal_page
def report(request: HttpRequest, portal: Portal, year: int) -> HttpResponse:
    found = public.report(portal.network, year)
    language = translation.get_language()
    suffix = "" if language == portal.network.language else f"?lang={language}"
    for line in found.projects:  # public projects: their portal pages
        line.url = portal_url(portal, request, "project", pk=line.pk) + suffix
    return render(
        request,
        "portal/report.html",
        _context(
            request,
            portal,
            title=_("Annual report %(year)s") % {"year": year},
            report=found,
            years=public.report_years(portal.network),
            pdf_url=portal_url(portal, request, "report_pdf", year=year),
        ),
    )


@portal_page
def report_pdf(request: HttpRequest, portal: Portal, year: int) -> HttpResponse:
    found = public.report(portal.network, year)
    response = HttpResponse(render_annual_report_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(found)}"'
    return response


@portal_page
def theme(request: HttpRequest, portal: Portal) -> HttpResponse:
    """The portal's colours as CSS custom properties (no inline styles under the CSP)."""
    css = (
        ":root{"
        f"--portal-primary:{portal.settings.primary_colour};"
        f"--portal-accent:{portal.settings.accent_colour};"
        "}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")


def _file_response(handle: Any, name: str, content_type: str, *, inline: bool) -> FileResponse:
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline)
    if not inline:
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def logo(request: HttpRequest, network: str | None = None) -> FileResponse:
    portal = portal_of_request(request, network)
    if not portal.network.logo:
        raise Http404
    try:
        handle = portal.network.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(portal.network.logo.name)[0] or "image/png"
    return _file_response(handle, "logo", content_type, inline=True)


@require_safe
def member_logo(request: HttpRequest, pk: int, network: str | None = None) -> FileResponse:
    """The logo of a member organisation the portal lists."""
    portal = portal_of_request(request, network)
    logo = public.member_logo(portal, pk)
    try:
        handle = logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(logo.name)[0] or "image/png"
    return _file_response(handle, "logo", content_type, inline=True)


@require_safe
def file(request: HttpRequest, pk: int, network: str | None = None) -> FileResponse:
    """A public file of a published project: images inline, documents as a download."""
    portal = portal_of_request(request, network)
    item = public.project_file(portal.network, pk)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return _file_response(handle, item.original_name, item.content_type, inline=item.is_image)


class PortalSitemap(Sitemap):
    """Every public page of one portal (the canonical address: the working language)."""

    def __init__(self, portal: Portal, request: HttpRequest) -> None:
        self.portal, self.request = portal, request

    def items(self) -> list[tuple[str, dict[str, Any], dt.datetime | None]]:
        portal = self.portal
        pages: list[tuple[str, dict[str, Any], dt.datetime | None]] = [
            ("home", {}, None),
            ("projects", {}, None),
            ("news", {}, None),
            ("indicators", {}, None),
            ("meetings", {}, None),
        ]
        if portal.settings.show_members:
            pages.append(("members", {}, None))
        if public.charter(portal.network) is not None:
            pages.append(("charter", {}, None))
        pages += [("report", {"year": year}, None) for year in public.report_years(portal.network)]
        pages += [("project", {"pk": p.pk}, p.modified) for p in public.projects(portal.network)]
        pages = [(f"portal:{name}", kwargs, modified) for name, kwargs, modified in pages]
        # other apps' public pages (events, the job board …), as they registered them
        for source in registry.portal_sitemap:
            pages += list(source.pages(portal.network))
        return pages

    def location(self, item: tuple[str, dict[str, Any], Any]) -> str:
        name, kwargs, _modified = item
        if not getattr(self.request, "portal_host", None):
            kwargs = {**kwargs, "network": self.portal.network.slug}
        return reverse(name, kwargs=kwargs)

    def lastmod(self, item: tuple[str, dict[str, Any], Any]) -> dt.datetime | None:
        return item[2]


@require_safe
def sitemap(request: HttpRequest, network: str | None = None) -> HttpResponse:
    portal = portal_of_request(request, network)
    response = sitemap_view(request, {"portal": PortalSitemap(portal, request)})
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response  # type: ignore[no-any-return]


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """robots.txt of a network's own host: everything may be indexed; where the sitemap is."""
    sitemap_url = request.build_absolute_uri(reverse("portal:sitemap"))
    return HttpResponse(
        f"User-agent: *\nAllow: /\nSitemap: {sitemap_url}\n", content_type="text/plain"
    )


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    """404 on a network's own host name: a plain page that links only to the portal's home."""
    return HttpResponse(
        render_to_string("portal/not_found.html", {"home": "/"}, request=None),
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return HttpResponse(render_to_string("portal/server_error.html"), status=500)


# --- the coordinators' settings ---------------------------------------------------------------


@network_view
def portal_settings(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(permissions.can_manage_portal(request.user, network))
    form = PortalSettingsForm(request.POST or None, instance=services.settings_of(network))
    portal_address = reverse("portal:home", kwargs={"network": network.slug})
    return form_page(
        request,
        network,
        form,
        functools.partial(services.save_portal_settings, actor=request.user, network=network),
        title=_("Public portal"),
        cancel_url=reverse("site:dashboard", kwargs={"network": network.slug}),
        success_url=lambda _settings: reverse(
            "portal_manage:settings", kwargs={"network": network.slug}
        ),
        message=_("The portal settings were saved."),
        intro=_(
            "The portal at %(address)s shows, without login, what is marked public: the "
            "projects and their public parts, public updates, files, indicators, meetings, the "
            "charter and the published annual report. Its logo is the network's (network "
            "settings)."
        )
        % {"address": request.build_absolute_uri(portal_address)},
    )
