"""The base of every bkcase model."""

from functools import cache

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable


class Model(models.Model):
    """A Django model whose `get_<field>_display()` looks its label up in a table made once per field.

    Django's own makes that table from the field's choices at every call (about 20 µs): a list of 25
    rows asks it 50 times, a home page 60. The labels stay lazy, so the table serves every language.
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        return force_str(_labels(field).get(make_hashable(value), value), strings_only=True)


@cache
def _labels(field):
    return dict(make_hashable(field.flatchoices))
