"""Model fields that several apps declare alike."""

from django.conf import settings
from django.db import models


def optional_link(to, verbose_name: str, *, on_delete=models.PROTECT, related_name="+"):
    """An optional foreign key (may stay empty in the database and in forms), by default not
    followed back from the other side (`related_name="+"`)."""
    return models.ForeignKey(
        to,
        on_delete=on_delete,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def recorded_by(verbose_name: str, *, on_delete=models.SET_NULL, related_name="+"):
    """The account that wrote a row; the row stays when the account goes (SET_NULL) unless
    `on_delete` says otherwise."""
    return optional_link(
        settings.AUTH_USER_MODEL, verbose_name, on_delete=on_delete, related_name=related_name
    )
