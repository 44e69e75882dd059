"""What kind of file a project upload is, decided by its content: a document as the meetings'
agenda documents (``meetings.documents``), or an image that Pillow reads as PNG, JPEG or WebP
(at most ``MAX_IMAGE_MB``, at most ``MAX_IMAGE_PIXELS``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from samverk.meetings import documents

MAX_IMAGE_MB = 10
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_TYPES = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
    "WEBP": ("image/webp", ".webp"),
}


def identify(upload: Any) -> tuple[str, str, bool]:
    """The upload's content type, the stored file's extension and whether it is an image;
    ValidationError for anything else."""
    image = _image_type(upload)
    if image is not None:
        if upload.size > MAX_IMAGE_MB * 1024 * 1024:
            raise ValidationError(
                _("An image may be at most %(limit)s MB.") % {"limit": MAX_IMAGE_MB}, code="size"
            )
        content_type, extension = image
        return content_type, extension, True
    upload.seek(0)
    try:
        content_type = documents.identify(upload, upload.name or "", upload.size)
    except ValidationError as exc:
        raise ValidationError(
            _("Only images (PNG, JPEG, WebP), PDF files and Office documents can be uploaded."),
            code="type",
        ) from exc
    return content_type, documents.extension_for(content_type), False


def _image_type(upload: Any) -> tuple[str, str] | None:
    from PIL import Image, UnidentifiedImageError

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    if kind not in IMAGE_TYPES or width * height > MAX_IMAGE_PIXELS:
        return None
    return IMAGE_TYPES[kind]
