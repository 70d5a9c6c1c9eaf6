"""Seals on the rows of the logs (audit entries, sign-offs, the results log, the setup log): an
HMAC of the row's recorded fields under settings.AUDIT_KEY, written with the row. Someone who
edits a row in the database (a score's audit values, a time, an IP address, an official's name)
cannot write a matching seal without the key; `manage.py verify_audit ID` finds the row.
Rows written before seals existed have none and are counted as such, never as edited."""

import ipaddress
import json
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.crypto import constant_time_compare, salted_hmac


def _plain(value) -> object:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


class SealField(models.CharField):
    """The seal, made in the row's pre_save on insert: declared as the model's last field, so
    the others (a time auto_now_add sets) hold what is stored when it is made, on save() and
    bulk_create() alike."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.update(max_length=64, blank=True, editable=False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add: bool):
        if add:
            setattr(model_instance, self.attname, model_instance.expected_seal())
        return super().pre_save(model_instance, add)


class Sealed:
    """A log row sealed when it is written (a model with a SealField last). SEALED names what
    the seal covers: what was recorded, not what may legitimately change later (a sign-off's
    revocation time)."""

    SEALED: tuple[str, ...] = ()

    def expected_seal(self) -> str:
        fields = {}
        for name in self.SEALED:
            field = self._meta.get_field(name)
            value = getattr(self, field.attname)
            if isinstance(field, models.GenericIPAddressField) and value:
                value = ipaddress.ip_address(value).compressed  # as PostgreSQL's inet reads back
            fields[name] = _plain(value)
        message = json.dumps(
            [self._meta.label, fields], ensure_ascii=False, sort_keys=True, default=str
        )
        return salted_hmac(
            "arena.seal", message, secret=settings.AUDIT_KEY, algorithm="sha256"
        ).hexdigest()

    def seal_holds(self) -> bool | None:
        """True if the row is as written, False if edited since, None if written unsealed."""
        if not self.seal:
            return None
        return constant_time_compare(self.seal, self.expected_seal())
