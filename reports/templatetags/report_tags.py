from django import template

from ..signals import signal_counts

register = template.Library()


@register.simple_tag
def quality_signals(membership):
    """[(signal, count)] for the home page's panel, in one query."""
    return signal_counts(membership)
