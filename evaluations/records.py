"""The records an evaluation attaches to, as pages name them: their kind, their label and their URL.
The evaluations reach each record kind only through these names, never by importing its app."""

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

# the page of each record kind that is evaluated
RECORD_PAGES = {
    "counseling.service": "counseling:service_detail",
    "referrals.referral": "referrals:referral_detail",
    "conferences.conference": "conferences:conference_detail",
    "bkcase.case": "case_detail",
}


def record_kind(evaluation):
    """What kind of record it evaluates (from the cached content types: no query per row)."""
    model = ContentType.objects.get_for_id(evaluation.record_type_id).model_class()
    if model is not None and model._meta.label_lower == "bkcase.case":
        return _("End of the case's services")
    return capfirst(model._meta.verbose_name) if model is not None else ""  # "(ATK)" stays upper case


def record_label(record):
    if record is None:
        return ""
    label = record._meta.label_lower
    if label == "counseling.service":
        return f"{record.title()}, {record.held_on:%d-%m-%Y}"
    if label == "bkcase.case":
        return _("End of the services of case %(code)s") % {"code": record.code}
    return f"{capfirst(record._meta.verbose_name)} {record.code}"


def record_url(evaluation):
    model = ContentType.objects.get_for_id(evaluation.record_type_id).model_class()
    name = RECORD_PAGES.get(model._meta.label_lower) if model is not None else None
    return reverse(name, args=[evaluation.record_id]) if name else ""


def citation(record, membership, kind):
    """The evaluation `kind` of `record`, done, as a sentence the record's analysis can cite (for those
    who may read its answers), or ""."""
    from .access import evaluations_visible_to
    from .models import Status

    evaluation = evaluations_visible_to(membership).filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk, kind=kind,
        status=Status.DONE).first()
    if evaluation is None:
        return ""
    answers = "; ".join(f"{label}: {answer}" + (f" ({scale})" if scale else "")
                        for label, answer, _note, scale in evaluation.answer_rows())
    return f"{evaluation.get_kind_display()} {evaluation.done_on:%d-%m-%Y}: {answers}."
