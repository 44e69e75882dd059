from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from samverk.core import clock, date_range
from samverk.core import permissions as platform
from samverk.core.models import Network, Region
from samverk.networks.choices import ArenaKind, NaceSection, OrganisationKind, QuorumRule, VotesBy
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


def set_choices(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """Limit a model choice field of ``form`` to ``queryset`` (the network's own objects)."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


LOGO_MAX_BYTES = 2 * 1024 * 1024
# What an organisation's logo may be, as Pillow reads the file (not as its name says).
ORGANISATION_LOGO_FORMATS = ("PNG", "JPEG", "WEBP")
ORGANISATION_LOGO_EXTENSIONS = ["png", "jpg", "jpeg", "webp"]


def network_regions(network: Network, keep: Any = None) -> Any:
    """The regions a network's forms offer: its home region and every region below it (one
    query per level of the hierarchy); every region when the network has no home region.
    ``keep``: a region already chosen, kept among the choices."""
    if network.home_region_id is None:
        return Region.objects.order_by("name")
    ids = {network.home_region_id}
    level = [network.home_region_id]
    while level:
        level = [
            pk
            for pk in Region.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            if pk not in ids
        ]
        ids.update(level)
    if keep is not None:
        ids.add(getattr(keep, "pk", keep))
    return Region.objects.filter(pk__in=ids).order_by("name")


def current_members(network: Network) -> Any:
    """Organisations of the network with a membership active on the network's today."""
    return (
        Organisation.objects.for_network(network)
        .with_active_membership(clock.network_today(network))
        .filter(is_member=True)
    )


class NetworkForm(forms.ModelForm):
    """A network's settings. The federation is offered only to platform administrators:
    joining one shows its charter, and its choices name every federation of the platform."""

    class Meta:
        model = Network
        fields = [
            "name",
            "language",
            "time_zone",
            "home_region",
            "description",
            "logo",
            "federation",
            "contact_email",
            "share_member_budgets",
        ]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not platform.can_change_federation(user):
            del self.fields["federation"]

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo may be at most 2 MB."))
        return logo


class NewNetworkForm(NetworkForm):
    class Meta(NetworkForm.Meta):
        fields = [
            "name",
            "slug",
            *(
                f
                for f in NetworkForm.Meta.fields[1:]
                if f not in ("contact_email", "share_member_budgets")
            ),
        ]


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(
        label=Organisation._meta.get_field("website").verbose_name,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Organisation
        fields = ["name", "org_number", "kind", "sector", "region", "website", "address", "logo"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }
        help_texts = {
            "logo": _(
                "PNG, JPEG or WebP, at most 2 MB. Shown on the network's public portal when "
                "the organisation is a member."
            )
        }
        error_messages = {
            "logo": {"invalid_image": _("Upload a PNG, JPEG or WebP image.")},
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "region").queryset = network_regions(
            network, keep=self.instance.region_id
        )
        self.fields["logo"].validators.append(
            FileExtensionValidator(
                ORGANISATION_LOGO_EXTENSIONS,
                message=_(
                    "A logo ending in “.%(extension)s” is not accepted: upload a PNG, JPEG or "
                    "WebP image."
                ),
            )
        )

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if not isinstance(logo, UploadedFile):  # unchanged, cleared or none
            return logo
        image = getattr(logo, "image", None)  # what Pillow read (forms.ImageField sets it)
        if image is None or image.format not in ORGANISATION_LOGO_FORMATS:
            raise forms.ValidationError(
                _("The logo must be a PNG, JPEG or WebP image (not %(format)s)."),
                params={"format": getattr(image, "format", None) or "?"},
            )
        if logo.size and logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo may be at most 2 MB."))
        return logo


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["organisation", "role", "since", "budget_amount", "currency"]
        widgets = {"since": DateInput()}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only organisations that are not members today can become one.
        _model_choice(self, "organisation").queryset = (
            Organisation.objects.for_network(network)
            .with_active_membership(clock.network_today(network))
            .filter(is_member=False)
        )
        self.fields["since"].initial = clock.network_today(network)
        if self.instance.pk:
            del self.fields["organisation"]


class EndMembershipForm(forms.Form):
    until = date_range.DateField(label=_("member until"), widget=DateInput())

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["until"].initial = clock.network_today(network)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.organisation.name})"


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["person", "role", "decision_authorised", "valid_from", "valid_until"]
        field_classes = {"person": PersonChoiceField}
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the member organisation's own people (a mandate's person belongs to it).
        _model_choice(self, "person").queryset = (
            Person.objects.for_network(membership.network_id)
            .filter(organisation_id=membership.organisation_id)
            .select_related("organisation")
            .order_by("name")
        )
        self.fields["valid_from"].initial = max(
            clock.network_today(membership.network), membership.since
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            # On the field, not at the top of the form as the model's constraint would put it.
            self.add_error("valid_until", _("The end date cannot be before the start date."))
        return cleaned


class EndMandateForm(forms.Form):
    valid_until = date_range.DateField(label=_("valid until"), widget=DateInput())

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_until"].initial = clock.network_today(network)


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["name", "organisation", "email", "phone"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = _model_choice(self, "organisation")
        field.queryset = organisations
        # Never a choice of one: the only organisation is fixed and shown as text.
        only = list(organisations[:2])
        self.fixed_organisation = only[0] if len(only) == 1 else None
        if self.fixed_organisation is not None:
            field.widget = forms.HiddenInput()
            field.initial = self.fixed_organisation.pk
            field.help_text = ""


class ArenaForm(forms.ModelForm):
    class Meta:
        model = Arena
        fields = [
            "name",
            "kind",
            "level",
            "mandate",
            "quorum_rule",
            "quorum_percent",
            "votes_by",
            "members",
        ]
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "mandate": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Current members, and whoever already sits in the arena (so that saving keeps them).
        members = current_members(network).values("pk")
        keep = (
            self.instance.members.values("pk")
            if self.instance.pk
            else Organisation.objects.none().values("pk")
        )
        _model_choice(self, "members").queryset = (
            Organisation.objects.for_network(network)
            .filter(Q(pk__in=members) | Q(pk__in=keep))
            .order_by("name")
        )
        # Most arenas have no quorum rule: an omitted choice keeps the default.
        self.fields["quorum_rule"].required = False
        self.fields["votes_by"].required = False

    def clean_quorum_rule(self) -> str:
        return str(self.cleaned_data.get("quorum_rule") or QuorumRule.NONE)

    def clean_votes_by(self) -> str:
        return str(self.cleaned_data.get("votes_by") or VotesBy.ORGANISATION)


# --- adding a member with its representative: one flow, one form per step -----------------


class OrganisationStepForm(forms.Form):
    """Step 1: an organisation of the register that is not a member today, or a new one."""

    existing = forms.ModelChoiceField(
        label=_("Organisation in the register"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("– a new organisation (below) –"),
    )
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    kind = forms.ChoiceField(
        label=_("kind"), choices=[("", "---------"), *OrganisationKind.choices], required=False
    )
    sector = forms.ChoiceField(
        label=_("sector (NACE)"), choices=[("", "---------"), *NaceSection.choices], required=False
    )
    region = forms.ModelChoiceField(
        label=_("region"), queryset=Region.objects.none(), required=False
    )
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    NEW_FIELDS = ("name", "kind", "sector", "region", "website")

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = (
            Organisation.objects.for_network(network)
            .with_active_membership(clock.network_today(network))
            .filter(is_member=False)
            .order_by("name")
        )
        _model_choice(self, "existing").queryset = candidates
        if not candidates.exists():
            del self.fields["existing"]  # nothing to choose: only a new organisation
        _model_choice(self, "region").queryset = network_regions(network)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        existing = cleaned.get("existing")
        typed = any(cleaned.get(f) for f in ("name", "website")) or cleaned.get("region")
        if existing and typed:
            self.add_error("existing", _("Choose an organisation or enter a new one, not both."))
        elif not existing:
            if not cleaned.get("name"):
                self.add_error("name", _("Enter the new organisation's name."))
            if not cleaned.get("kind"):
                self.add_error("kind", _("Choose the new organisation's kind."))
        return cleaned


class MembershipStepForm(forms.ModelForm):
    """Step 2: the membership (role, since, budget)."""

    class Meta:
        model = Membership
        fields = ["role", "since", "budget_amount", "currency"]
        widgets = {"since": DateInput()}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["since"].initial = clock.network_today(network)

    def clean_budget_amount(self) -> Any:
        amount = self.cleaned_data.get("budget_amount")
        if amount is not None and amount < 0:
            raise forms.ValidationError(_("The budget cannot be negative."))
        return amount


class PersonStepForm(forms.Form):
    """Step 3: who represents the member — one of the organisation's people, or a new one."""

    existing = forms.ModelChoiceField(
        label=_("Person of the organisation"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("– a new person (below) –"),
    )
    name = forms.CharField(label=_("name"), max_length=200, required=False)
    email = forms.EmailField(label=_("email"), required=False)
    phone = forms.CharField(label=_("phone"), max_length=40, required=False)

    def __init__(self, *args: Any, organisation: Organisation | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = (
            Person.objects.for_network(organisation.network_id)
            .filter(organisation=organisation)
            .order_by("name")
            if organisation is not None
            else Person.objects.none()
        )
        _model_choice(self, "existing").queryset = people
        if organisation is None or not people.exists():
            del self.fields["existing"]  # a new organisation has no people yet

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        existing = cleaned.get("existing")
        typed = any(cleaned.get(f) for f in ("name", "email", "phone"))
        if existing and typed:
            self.add_error("existing", _("Choose a person or enter a new one, not both."))
        elif not existing and not cleaned.get("name"):
            self.add_error("name", _("Enter the new person's name."))
        return cleaned


class MandateStepForm(forms.ModelForm):
    """Step 4: the mandate (decision-authorised, principal or deputy, valid from)."""

    class Meta:
        model = Mandate
        fields = ["decision_authorised", "role", "valid_from", "valid_until"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}
        formfield_callback = date_range.formfield_callback

    def __init__(self, *args: Any, start: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = start

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end date cannot be before the start date."))
        return cleaned

    def validate_unique(self) -> None:  # the service checks the mandate as a whole
        pass

    def _post_clean(self) -> None:  # no instance validation: membership and person come later
        pass


class ArenasStepForm(forms.Form):
    """Step 5: the arenas the new member joins, the plenary first (and ticked)."""

    arenas = forms.ModelMultipleChoiceField(
        label=_("Arenas"),
        queryset=Arena.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        arenas = (
            Arena.objects.for_network(network)
            .annotate(
                plenary_first=Case(When(kind=ArenaKind.PLENARY, then=Value(0)), default=Value(1))
            )
            .order_by("plenary_first", "name")
        )
        field = _model_choice(self, "arenas")
        field.queryset = arenas
        field.initial = [a.pk for a in arenas if a.kind == ArenaKind.PLENARY]
