"""Which networks' pages show this app's objects (core.page_cache): the settings' network."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from samverk.core import page_cache
from samverk.portal.middleware import forget_hosts
from samverk.portal.models import PortalSettings


def register() -> None:
    page_cache.shown_in(PortalSettings, page_cache.along_network_path)
    post_save.connect(forget_hosts, sender=PortalSettings, dispatch_uid="portal-hosts-save")
    post_delete.connect(forget_hosts, sender=PortalSettings, dispatch_uid="portal-hosts-delete")
