"""A generated file handed to the browser to save: its bytes, its type and the name it is saved
under — Chinese names included (RFC 6266 filename*, Django's content_disposition_header). Every
app's XLSX, CSV and PDF downloads answer through this one function."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"


def attachment(body: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
