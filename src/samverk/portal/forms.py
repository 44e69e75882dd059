"""Forms of the portal app."""

from __future__ import annotations

from django import forms

from samverk.portal.models import PortalSettings


class PortalSettingsForm(forms.ModelForm):
    class Meta:
        model = PortalSettings
        fields = [
            "is_published",
            "about",
            "contact",
            "show_members",
            "primary_colour",
            "accent_colour",
            "host",
        ]
        widgets = {
            "about": forms.Textarea(attrs={"rows": 6}),
            "contact": forms.Textarea(attrs={"rows": 4}),
            "primary_colour": forms.TextInput(attrs={"type": "color"}),
            "accent_colour": forms.TextInput(attrs={"type": "color"}),
        }

    def _post_clean(self) -> None:
        pass  # the service validates (contrast, the host name's uniqueness)
