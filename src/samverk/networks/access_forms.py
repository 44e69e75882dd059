"""Forms of the access pages (inviting someone to a role in a network, removing a role) and of
the page where the invited person answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import Network
from samverk.networks.access_services import check_organisation
from samverk.networks.models import Organisation


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The invitation goes to this address; the person signs in with it."),
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


class InvitationActionForm(forms.Form):
    """No fields: the confirmation form of withdrawing or sending again an invitation, and
    of accepting or declining one with an existing account."""


class NewAccountForm(forms.Form):
    """Accepting an invitation for an address without an account: the person chooses their
    name and password."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    new_password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    new_password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_new_password2(self) -> str:
        first = self.cleaned_data.get("new_password1")
        second = self.cleaned_data["new_password2"]
        if first and first != second:
            raise ValidationError(_("The two passwords differ."))
        return str(second)
