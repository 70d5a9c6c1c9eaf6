"""Files that only signed-in readers may fetch (a step's minutes, a 考察 report): kept under
ARENA_DATA_DIR/private, never under MEDIA_ROOT, and handed out by a view that checked who asks.
Stored under a random name, so nothing about the office's papers shows in a path."""

from __future__ import annotations

import os
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

# What an office attaches: scans and photos, PDFs, Word and Excel files.
EXTENSIONS = {".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".xls", ".xlsx"}
LIMIT = 20 * 1024 * 1024


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage under settings.PRIVATE_FILES_ROOT, read when used (tests move it);
    files here have no URL: a view hands them out."""

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_FILES_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no URL; a view hands them out")


def private_storage() -> PrivateStorage:
    """A callable, so migrations do not record the machine's data directory."""
    return PrivateStorage()


def random_path(folder: str, filename: str) -> str:
    """`folder/<random>.<ext>` for an upload; the name the user gave is kept in a column."""
    return f"{folder}/{secrets.token_urlsafe(12)}{PurePath(filename).suffix.lower()[:8]}"


def check_upload(upload) -> None:
    """Refuse what is too big or not an office document, in the user's words."""
    if PurePath(upload.name).suffix.lower() not in EXTENSIONS:
        raise ValidationError(_("附件须为 PDF、图片、Word 或 Excel 文件。"))
    if upload.size > LIMIT:
        raise ValidationError(_("附件不超过 20 MB。"))


def download(field, filename: str) -> FileResponse:
    """The stored file as a download under the name the user gave it."""
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename)
