from django.db import models

from samverk.core.models import TimeStampedModel
from samverk.core.querysets import NetworkScopedQuerySet


class NoteQuerySet(NetworkScopedQuerySet["Note"]):
    pass


class Note(TimeStampedModel):
    network = models.ForeignKey("core.Network", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200)

    network_path = "network"
    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
