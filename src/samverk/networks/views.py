"""Pages of a network: dashboard, organisations, members and mandates, people, arenas."""

from __future__ import annotations

import copy
import datetime as dt
import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from samverk.accounts.http import AuthenticatedHttpRequest
from samverk.core import audit, clock, exports
from samverk.core import permissions as platform
from samverk.core.collation import choice_labels, choice_order
from samverk.core.models import AuditRecord, Network
from samverk.core.page_cache import cached_page
from samverk.core.querysets import may_see_person_of
from samverk.core.services import require
from samverk.core.views import network_view, paginate, render_page, save_with_service, sort
from samverk.networks import permissions, services
from samverk.networks.choices import MandateRole, MembershipRole, NaceSection, OrganisationKind
from samverk.networks.filters import OrganisationFilter, PersonFilter
from samverk.networks.forms import (
    ArenaForm,
    EndMandateForm,
    EndMembershipForm,
    MandateForm,
    MembershipForm,
    NetworkForm,
    NewNetworkForm,
    OrganisationForm,
    PersonForm,
)
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person
from samverk.networks.panels import mandate_expired


def _url(name: str, network: Network, **kwargs: Any) -> str:
    return reverse(f"networks:{name}", kwargs={"network": network.slug, **kwargs})


def _active_members(network: Network, today: dt.date) -> Any:
    """The active members with ``has_authorised_representative`` and ``in_arena``."""
    return (
        Membership.objects.for_network(network)
        .active(today)
        .with_representation(today)
        .annotate(
            in_arena=Exists(
                Arena.members.through.objects.filter(
                    organisation_id=OuterRef("organisation_id"), arena__network=network
                )
            )
        )
    )


def _members_with_representatives(active_members: Any) -> Any:
    """``_active_members`` loading only the columns the members page shows (their mandates:
    ``_member_mandates``)."""
    return active_members.select_related("organisation").only(
        "network_id",
        "organisation__id",
        "organisation__name",
        "organisation__kind",
        "organisation__network_id",
        "since",
        "until",
        "role",
        "budget_amount",
        "currency",
    )


def _member_mandates(network: Network, today: dt.date, membership_ids: list[int]) -> list[Any]:
    """The active and expired mandates of these memberships, in one query of the columns the
    members page shows (no model instances), ordered by the person's name."""
    mandates = Mandate.objects.for_network(network)
    return list(
        (mandates.active(today) | mandates.filter(valid_until__lt=today))
        .filter(membership_id__in=membership_ids)
        .values(
            "membership_id",
            "role",
            "decision_authorised",
            "valid_until",
            "person__name",
            "person__organisation_id",
            "person__organisation__network_id",
        )
        .order_by("person__name", "pk")
    )


def _row_url(name: str, network: Network) -> Any:
    """The URL of ``name`` for any pk, reversed once (not once per row of a list)."""
    marker = 2_147_483_647
    head, tail = reverse(name, kwargs={"network": network.slug, "pk": marker}).split(str(marker))
    return lambda pk: f"{head}{pk}{tail}"


@login_required
def network_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Platform admins open a new network; its coordinators are then given access."""
    require(platform.can_create_network(request.user))
    form = NewNetworkForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if data.get("logo") is False:
            data["logo"] = ""
        network = save_with_service(form, services.create_network, actor=request.user, **data)
        if network:
            messages.success(request, _("Network “%(name)s” created.") % {"name": network.name})
            return redirect(network)
    return render(
        request,
        "networks/form.html",
        {"form": form, "title": _("New network"), "cancel_url": reverse("home")},
    )


@network_view
def network_logo(request: AuthenticatedHttpRequest, network: Network) -> FileResponse:
    """The logo, only for those who may see the network (uploads live outside the web root)."""
    if not network.logo:
        raise Http404
    try:
        handle = network.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type=mimetypes.guess_type(network.logo.name)[0])


@network_view
def network_edit(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(platform.can_manage_network(request.user, network))
    # The form works on a copy: ``network`` is also the page's current network, and the
    # service needs the stored values to record what changed.
    form = NetworkForm(
        request.POST or None, request.FILES or None, instance=copy.copy(network), user=request.user
    )
    if request.method == "POST" and form.is_valid():
        fresh = Network.objects.get(pk=network.pk)
        data = dict(form.cleaned_data)
        if data.get("logo") is False:  # "clear" ticked: no logo (as FileField.save_form_data)
            data["logo"] = ""
        if save_with_service(
            form, services.update_network, actor=request.user, network=fresh, **data
        ):
            messages.success(request, _("Saved."))
            return redirect(fresh)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": _("Network settings"),
            "cancel_url": network.get_absolute_url(),
        },
    )


# --- organisations ----------------------------------------------------------------------

ORGANISATION_SORTS = {"name": "name", "kind": "kind", "sector": "sector", "region": "region__name"}


def _organisations(request: AuthenticatedHttpRequest, network: Network) -> tuple[Any, Any, str]:
    """The organisations list's rows (filtered and sorted as asked), its filter and sort."""
    base = (
        Organisation.objects.visible_to(request.user)
        .for_network(network)
        .select_related("region")
        .with_active_membership(clock.network_today(network))
    )
    filterset = OrganisationFilter(request.GET or None, queryset=base)
    filterset.limit_to(network)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    sorts = {
        **ORGANISATION_SORTS,
        # by the labels the user reads, in the current language (codes differ from them)
        "kind": choice_order("kind", OrganisationKind),
        "sector": choice_order("sector", NaceSection),
    }
    queryset, current_sort = sort(request, queryset, sorts, "name")
    return queryset, filterset, current_sort


@network_view
@cached_page
def organisation_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    queryset, filterset, current_sort = _organisations(request, network)
    page = paginate(request, queryset)
    page.object_list = list(page.object_list)
    _prepare_organisation_rows(network, page.object_list)
    context = {
        "network": network,
        "filter": filterset,
        "page": page,
        "sort": current_sort,
        "can_create": platform.can_manage_network(request.user, network),
    }
    return render_page(request, "networks/organisation_list.html", context, partial="results")


def _prepare_organisation_rows(network: Network, organisations: list[Organisation]) -> None:
    """What each row of the organisations page shows, worked out once: its link (one reversed
    pattern, not a reverse per row) and the kind's and sector's labels (translated once per
    language, not once per row)."""
    organisation_url = _row_url("site:organisation_detail", network)
    kinds = choice_labels(OrganisationKind)
    sectors = choice_labels(NaceSection)
    for organisation in organisations:
        organisation.url = organisation_url(organisation.pk)  # type: ignore[attr-defined]
        organisation.kind_label = kinds.get(organisation.kind, organisation.kind)  # type: ignore[attr-defined]
        organisation.sector_label = sectors.get(organisation.sector, organisation.sector)  # type: ignore[attr-defined]


@network_view
def organisation_export(
    request: AuthenticatedHttpRequest, network: Network, format: str = "xlsx"
) -> HttpResponse:
    """The organisations list (its filter and order) for Excel: XLSX or CSV."""
    queryset, _filterset, _sort = _organisations(request, network)
    columns = [
        exports.Column(_("Name"), lambda o: o.name),
        exports.Column(_("Kind"), lambda o: o.get_kind_display()),
        exports.Column(_("Sector"), lambda o: o.get_sector_display()),
        exports.Column(_("Region"), lambda o: o.region.name if o.region else ""),
        exports.Column(_("Member"), lambda o: _("yes") if o.is_member else _("no")),
        exports.Column(_("Website"), lambda o: o.website),
        exports.Column(_("Address"), lambda o: " / ".join(o.address.splitlines())),
    ]
    return exports.table_response(
        queryset.iterator(chunk_size=500),
        columns,
        exports.export_format(format),
        f"organisations-{network.slug}",
    )


def _without_cleared_logo(cleaned_data: dict[str, Any]) -> dict[str, Any]:
    """The form's data for the service; "clear" ticked is no logo (as FileField.save_form_data)."""
    data = dict(cleaned_data)
    if data.get("logo") is False:
        data["logo"] = ""
    return data


@network_view
def organisation_logo(request: AuthenticatedHttpRequest, network: Network, pk: int) -> FileResponse:
    """An organisation's logo, only for those who may see the organisation (uploads live
    outside the web root)."""
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).for_network(network).only("logo"), pk=pk
    )
    if not organisation.logo:
        raise Http404
    try:
        handle = organisation.logo.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, content_type=mimetypes.guess_type(organisation.logo.name)[0])


@network_view
def organisation_create(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(platform.can_manage_network(request.user, network))
    form = OrganisationForm(request.POST or None, request.FILES or None, network=network)
    if request.method == "POST" and form.is_valid():
        data = _without_cleared_logo(form.cleaned_data)
        organisation = save_with_service(
            form, services.create_organisation, actor=request.user, network=network, **data
        )
        if organisation:
            messages.success(
                request, _("Organisation “%(name)s” created.") % {"name": organisation.name}
            )
            return redirect(organisation)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": _("New organisation"),
            "cancel_url": _url("organisation_list", network),
        },
    )


@network_view
def organisation_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).for_network(network), pk=pk
    )
    require(permissions.can_edit_organisation(request.user, organisation))
    title = _("Edit %(name)s") % {"name": organisation.name}  # before the form changes it
    form = OrganisationForm(
        request.POST or None, request.FILES or None, instance=organisation, network=network
    )
    if request.method == "POST" and form.is_valid():
        # The ModelForm has already put the values on the instance; the service re-validates
        # them, checks permission and writes the audit record.
        fresh = Organisation.objects.get(pk=organisation.pk)
        data = _without_cleared_logo(form.cleaned_data)
        if save_with_service(
            form, services.update_organisation, actor=request.user, organisation=fresh, **data
        ):
            messages.success(request, _("Saved."))
            return redirect(fresh)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "cancel_url": organisation.get_absolute_url(),
        },
    )


# --- members and mandates -----------------------------------------------------------------

MEMBER_SORTS = {
    "name": "organisation__name",
    "since": "since",
    "budget": "budget_amount",
    "role": "role",
}


def _members(
    request: AuthenticatedHttpRequest, network: Network, today: dt.date
) -> tuple[Any, Any, bool, bool, str]:
    """The members page's rows as its filters (``missing=1``, ``arena=none``) and sort ask:
    the active members and their query, as the page and its export show them."""
    all_active = _active_members(network, today)
    queryset = _members_with_representatives(all_active)
    missing_only = request.GET.get("missing") == "1"
    if missing_only:
        queryset = queryset.filter(has_authorised_representative=False)
    no_arena_only = request.GET.get("arena") == "none"
    if no_arena_only:
        queryset = queryset.filter(in_arena=False)
    sorts = {**MEMBER_SORTS, "role": choice_order("role", MembershipRole)}
    if not permissions.can_see_budget(request.user, network):
        sorts.pop("budget", None)
    queryset, current_sort = sort(request, queryset, sorts, "name")
    return all_active, queryset, missing_only, no_arena_only, current_sort


@network_view
@cached_page
def member_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    today = clock.network_today(network)
    all_active, queryset, missing_only, no_arena_only, current_sort = _members(
        request, network, today
    )
    all_budgets = permissions.can_see_budget(request.user, network)
    counts = all_active.aggregate(
        total=Count("pk"),
        missing=Count("pk", filter=Q(has_authorised_representative=False)),
        no_arena=Count("pk", filter=Q(in_arena=False)),
        missing_and_no_arena=Count(
            "pk", filter=Q(has_authorised_representative=False, in_arena=False)
        ),
    )
    # The list's length is one of the counts above: no COUNT query of its own.
    shown = {
        (False, False): "total",
        (True, False): "missing",
        (False, True): "no_arena",
        (True, True): "missing_and_no_arena",
    }[(missing_only, no_arena_only)]
    page = paginate(request, queryset, 50, count=counts[shown])
    page.object_list = list(page.object_list)
    _prepare_member_rows(request, network, today, page.object_list)
    organisation_url = _row_url("site:organisation_detail", network)
    former = list(
        Membership.objects.for_network(network)
        .filter(until__lt=today)
        .select_related("organisation")
        .only("organisation__id", "organisation__name", "since", "until")
        .order_by("-until")[:50]
    )
    for membership in former:
        membership.organisation_url = organisation_url(membership.organisation_id)  # type: ignore[attr-defined]
    context = {
        "network": network,
        "page": page,
        "sort": current_sort,
        "missing_only": missing_only,
        "no_arena_only": no_arena_only,
        "counts": counts,
        "show_budget_column": all_budgets
        or bool(permissions.own_organisation_ids(request.user, network)),
        "can_sort_budget": all_budgets,
        "can_manage": platform.can_manage_network(request.user, network),
        "today": today,
        "former": former,
    }
    return render_page(request, "networks/member_list.html", context, partial="results")


@network_view
def member_export(
    request: AuthenticatedHttpRequest, network: Network, format: str = "xlsx"
) -> HttpResponse:
    """The members page (its filters and order, every row) for Excel: XLSX or CSV. Budgets
    and representatives as the page shows them to this user (the budget and person rules)."""
    file_format = exports.export_format(format)
    today = clock.network_today(network)
    _all_active, queryset, _missing, _no_arena, _sort = _members(request, network, today)
    rows = list(queryset)
    _prepare_member_rows(request, network, today, rows)
    yes, no = _("yes"), _("no")
    kinds = choice_labels(OrganisationKind)

    def representatives(membership: Any) -> str:
        return "; ".join(
            f"{m['person_label']} ({m['role_label']})" for m in membership.active_mandates
        )

    columns = [
        exports.Column(_("Organisation"), lambda m: m.organisation.name),
        exports.Column(_("Kind"), lambda m: kinds.get(m.organisation.kind, "")),
        exports.Column(_("Role"), lambda m: m.role_label),
        exports.Column(_("Member since"), lambda m: m.since),
        exports.Column(_("Annual budget"), lambda m: m.budget_amount if m.budget_visible else None),
        exports.Column(_("Currency"), lambda m: m.currency if m.budget_visible else ""),
        exports.Column(_("Representatives"), representatives),
        exports.Column(
            _("Decision-authorised representative"),
            lambda m: yes if m.has_authorised_representative else no,
        ),
        exports.Column(_("In an arena"), lambda m: yes if m.in_arena else no),
    ]
    return exports.table_response(rows, columns, file_format, f"members-{network.slug}")


def _prepare_member_rows(
    request: AuthenticatedHttpRequest, network: Network, today: dt.date, memberships: Any
) -> None:
    """What each row of the members page shows, worked out once in Python: its links (one
    reversed pattern each, not a reverse per row), the role's label, whether the viewer may see
    its budget (the one budget rule; roles are cached, no query per row) and its active
    (``active_mandates``, by role and name) and expired (``expired_mandates``, latest first)
    mandates, every representative as the viewer may see them (the one person rule,
    core.querysets.may_see_person_of), all of them read in one query of plain rows."""
    organisation_url = _row_url("site:organisation_detail", network)
    mandate_url = _row_url("networks:mandate_create", network)
    roles = choice_labels(MembershipRole)
    mandate_roles = choice_labels(MandateRole)
    hidden = _("a person")
    by_pk = {}
    for membership in memberships:
        membership.organisation_url = organisation_url(membership.organisation_id)
        membership.mandate_url = mandate_url(membership.pk)
        membership.role_label = roles.get(membership.role, membership.role)
        membership.budget_visible = permissions.can_see_budget(
            request.user, network, membership.organisation
        )
        membership.active_mandates = []
        membership.expired_mandates = []
        by_pk[membership.pk] = membership
    visible: dict[tuple[int, int], bool] = {}
    for mandate in _member_mandates(network, today, list(by_pk)):
        key = (mandate["person__organisation__network_id"], mandate["person__organisation_id"])
        if key not in visible:
            visible[key] = may_see_person_of(request.user, *key)
        mandate["person_label"] = mandate["person__name"] if visible[key] else hidden
        mandate["role_label"] = mandate_roles.get(mandate["role"], mandate["role"])
        membership = by_pk[mandate["membership_id"]]
        expired = mandate["valid_until"] is not None and mandate["valid_until"] < today
        (membership.expired_mandates if expired else membership.active_mandates).append(mandate)
    # Stable sorts keep the database's order of names among equals.
    for membership in memberships:
        membership.active_mandates.sort(key=lambda mandate: mandate["role"])
        membership.expired_mandates.sort(key=lambda mandate: mandate["valid_until"], reverse=True)


def _membership(request: AuthenticatedHttpRequest, network: Network, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.visible_to(request.user)
        .for_network(network)
        .select_related("organisation", "network"),
        pk=pk,
    )


@network_view
def member_create(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(platform.can_manage_network(request.user, network))
    initial = {"organisation": request.GET.get("organisation")}
    form = MembershipForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        membership = save_with_service(form, services.add_membership, actor=request.user, **data)
        if membership:
            messages.success(
                request,
                _("%(organisation)s is now a member.") % {"organisation": membership.organisation},
            )
            return redirect("networks:member_list", network=network.slug)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": _("Add a member"),
            "cancel_url": _url("member_list", network),
        },
    )


@network_view
def member_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    membership = _membership(request, network, pk)
    require(platform.can_manage_network(request.user, network))
    form = MembershipForm(request.POST or None, network=network, instance=membership)
    if request.method == "POST" and form.is_valid():
        fresh = _membership(request, network, pk)
        if save_with_service(
            form,
            services.update_membership,
            actor=request.user,
            membership=fresh,
            **form.cleaned_data,
        ):
            messages.success(request, _("Saved."))
            return redirect(fresh.organisation)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": _("Membership of %(organisation)s")
            % {"organisation": membership.organisation},
            "cancel_url": membership.organisation.get_absolute_url(),
        },
    )


@network_view
def member_end(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    """Ending a membership asks for confirmation first; it also ends the member's mandates."""
    membership = _membership(request, network, pk)
    require(platform.can_manage_network(request.user, network))
    form = EndMembershipForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        if save_with_service(
            form,
            services.end_membership,
            actor=request.user,
            membership=membership,
            until=form.cleaned_data["until"],
        ):
            messages.success(
                request,
                _("The membership of %(organisation)s has ended.")
                % {"organisation": membership.organisation},
            )
            return redirect(membership.organisation)
    return render(
        request,
        "networks/member_end.html",
        {
            "network": network,
            "membership": membership,
            "form": form,
            "active_mandates": membership.mandates.active(
                clock.network_today(network)
            ).select_related("person"),
        },
    )


@network_view
def mandate_create(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    membership = _membership(request, network, pk)
    require(platform.can_manage_network(request.user, network))
    form = MandateForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        mandate = save_with_service(
            form,
            services.add_mandate,
            actor=request.user,
            membership=membership,
            **form.cleaned_data,
        )
        if mandate:
            messages.success(
                request, _("Mandate of %(person)s saved.") % {"person": mandate.person}
            )
            return redirect("networks:member_list", network=network.slug)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": _("New mandate for %(organisation)s")
            % {"organisation": membership.organisation},
            "cancel_url": _url("member_list", network),
            "add_person_url": _url("representative_add", network, pk=membership.pk),
        },
    )


@network_view
def mandate_end(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    mandate = get_object_or_404(
        Mandate.objects.visible_to(request.user)
        .for_network(network)
        .select_related("person", "membership__organisation", "membership__network"),
        pk=pk,
    )
    require(platform.can_manage_network(request.user, network))
    form = EndMandateForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        if save_with_service(
            form,
            services.end_mandate,
            actor=request.user,
            mandate=mandate,
            valid_until=form.cleaned_data["valid_until"],
        ):
            messages.success(
                request, _("The mandate of %(person)s has ended.") % {"person": mandate.person}
            )
            return redirect(mandate.membership.organisation)
    return render(
        request, "networks/mandate_end.html", {"network": network, "mandate": mandate, "form": form}
    )


# --- people -------------------------------------------------------------------------------

PEOPLE_SORTS = {"name": "name", "organisation": "organisation__name"}


def _editable_organisations(request: AuthenticatedHttpRequest, network: Network) -> Any:
    organisations = Organisation.objects.for_network(network)
    if platform.can_manage_network(request.user, network):
        return organisations
    return organisations.filter(
        pk__in=[o.pk for o in organisations if permissions.acts_for(request.user, o)]
    )


@network_view
def person_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    base = (
        Person.objects.visible_to(request.user).for_network(network).select_related("organisation")
    )
    filterset = PersonFilter(request.GET or None, queryset=base)
    filterset.filters["organisation"].queryset = Organisation.objects.for_network(network)
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else base
    queryset, current_sort = sort(request, queryset, PEOPLE_SORTS, "name")
    context = {
        "network": network,
        "filter": filterset,
        "page": paginate(request, queryset),
        "sort": current_sort,
        "can_create": _editable_organisations(request, network).exists(),
    }
    return render_page(request, "networks/person_list.html", context, partial="results")


@network_view
def person_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.visible_to(request.user).for_network(network).select_related("organisation"),
        pk=pk,
    )
    mandates = list(
        person.mandates.select_related("membership__organisation").order_by("-valid_from")
    )
    today = clock.network_today(network)
    for mandate in mandates:
        mandate.expired = mandate_expired(mandate, today)  # type: ignore[attr-defined]
    return render(
        request,
        "networks/person_detail.html",
        {
            "network": network,
            "person": person,
            "mandates": mandates,
            "can_edit": permissions.can_edit_person(request.user, person),
            "history": audit.history(request.user, network, person, *mandates),
        },
    )


@network_view
def person_create(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    organisations = _editable_organisations(request, network)
    require(organisations.exists())
    form = PersonForm(
        request.POST or None,
        organisations=organisations,
        initial={"organisation": request.GET.get("organisation")},
    )
    if request.method == "POST" and form.is_valid():
        person = save_with_service(
            form, services.create_person, actor=request.user, **form.cleaned_data
        )
        if person:
            messages.success(request, _("%(name)s added.") % {"name": person.name})
            return redirect(person)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": _("New person"),
            "cancel_url": _url("person_list", network),
        },
    )


@network_view
def person_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    person = get_object_or_404(
        Person.objects.visible_to(request.user).for_network(network).select_related("organisation"),
        pk=pk,
    )
    require(permissions.can_edit_person(request.user, person))
    title = _("Edit %(name)s") % {"name": person.name}  # before the form changes it
    form = PersonForm(
        request.POST or None,
        instance=person,
        organisations=_editable_organisations(request, network),
    )
    if request.method == "POST" and form.is_valid():
        fresh = Person.objects.select_related("organisation__network").get(pk=person.pk)
        if save_with_service(
            form, services.update_person, actor=request.user, person=fresh, **form.cleaned_data
        ):
            messages.success(request, _("Saved."))
            return redirect(fresh)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "cancel_url": person.get_absolute_url(),
        },
    )


# --- arenas -------------------------------------------------------------------------------


@network_view
def arena_list(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    arenas = (
        Arena.objects.visible_to(request.user)
        .for_network(network)
        .annotate(member_count=Count("members"))
        .order_by("name")
    )
    return render(
        request,
        "networks/arena_list.html",
        {
            "network": network,
            "arenas": arenas,
            "can_create": platform.can_manage_network(request.user, network),
        },
    )


@network_view
def arena_detail(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    arena = get_object_or_404(Arena.objects.visible_to(request.user).for_network(network), pk=pk)
    return render(
        request,
        "networks/arena_detail.html",
        {
            "network": network,
            "arena": arena,
            "members": arena.members.select_related("region").order_by("name"),
            "can_edit": platform.can_manage_network(request.user, network),
            "history": audit.history(request.user, network, arena),
        },
    )


@network_view
def arena_create(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(platform.can_manage_network(request.user, network))
    form = ArenaForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        arena = save_with_service(
            form, services.create_arena, actor=request.user, network=network, **form.cleaned_data
        )
        if arena:
            messages.success(request, _("Arena “%(name)s” created.") % {"name": arena.name})
            return redirect(arena)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": _("New arena"),
            "cancel_url": _url("arena_list", network),
        },
    )


@network_view
def arena_edit(request: AuthenticatedHttpRequest, network: Network, pk: int) -> HttpResponse:
    arena = get_object_or_404(Arena.objects.visible_to(request.user).for_network(network), pk=pk)
    require(platform.can_manage_network(request.user, network))
    title = _("Edit %(name)s") % {"name": arena.name}  # before the form changes it
    form = ArenaForm(request.POST or None, instance=arena, network=network)
    if request.method == "POST" and form.is_valid():
        fresh = Arena.objects.select_related("network").get(pk=arena.pk)
        if save_with_service(
            form, services.update_arena, actor=request.user, arena=fresh, **form.cleaned_data
        ):
            messages.success(request, _("Saved."))
            return redirect(fresh)
    return render(
        request,
        "networks/form.html",
        {
            "network": network,
            "form": form,
            "title": title,
            "cancel_url": arena.get_absolute_url(),
        },
    )


# --- history ------------------------------------------------------------------------------


@network_view
def history(request: AuthenticatedHttpRequest, network: Network) -> HttpResponse:
    require(platform.can_view_audit(request.user, network))
    records = AuditRecord.objects.filter(network=network).select_related("actor", "content_type")
    return render(
        request,
        "networks/history.html",
        {"network": network, "page": paginate(request, records, 50)},
    )
