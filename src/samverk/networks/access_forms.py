"""Forms of the access pages (giving someone a role in a network, and removing it) and of the
account pages (passwords, API tokens)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import Network
from samverk.networks.access_services import check_organisation
from samverk.networks.models import Organisation


class GrantRoleForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The person signs in with this address."),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=User._meta.get_field("name").max_length,
        required=False,
        help_text=_("Needed for someone without an account; an existing account keeps its name."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=RoleKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Only for partner representatives and company contacts: whom they act for."),
    )

    def __init__(self, *args: Any, network: Network, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.network = network
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.for_network(network).order_by("name")

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role and "organisation" not in self.errors:
            try:
                check_organisation(self.network, role, data.get("organisation"))
            except ValidationError as exc:
                self.add_error(None, exc)  # the errors name their field
        return data


class RevokeRoleForm(forms.Form):
    """No fields: the confirmation page's form, which carries the service's errors."""
