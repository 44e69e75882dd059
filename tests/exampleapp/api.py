from __future__ import annotations

from typing import Any

from rest_framework import serializers, viewsets

from samverk.core.querysets import require_scoped
from tests.exampleapp.models import Note


class NoteSerializer(serializers.ModelSerializer[Note]):
    class Meta:
        model = Note
        fields = ["id", "title"]


class NoteViewSet(viewsets.ReadOnlyModelViewSet[Note]):
    serializer_class = NoteSerializer

    def get_queryset(self) -> Any:
        return require_scoped(Note.objects.all()).visible_to(self.request.user)


def register(router: Any) -> None:
    router.register("notes", NoteViewSet, basename="note")
