"""The counselor's services as entries of the case's chronology (R12)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bkcase.chronology import Entry

from .access import served_among, services_visible_to
from .models import Kind


def _lines(service):
    lines = []
    if service.technique:
        lines.append((_("Technique"), service.technique))
    if service.party:
        lines.append((_("With"), service.get_party_display() + (f": {service.participants}" if service.participants
                                                                 else "")))
    elif service.participants:
        lines.append((_("Who went") if service.kind == Kind.KUNJUNGAN else _("Who took part"), service.participants))
    if service.met_with:
        lines.append((_("Who was met"), service.met_with))
    if service.place:
        lines.append((_("Place"), service.place))
    if service.kind == Kind.PANGGILAN and service.attended is not None:
        lines.append((_("The parent came"), _("yes") if service.attended else _("no")))
    if service.agreements:
        lines.append((_("Agreed"), service.agreements))
    if service.next_on:
        lines.append((_("Next date"), service.next_on.strftime("%d-%m-%Y")))
    if service.group_id:
        lines.append((_("Group"), service.group.topic))
        if service.group.group_note:
            lines.append((_("Group note"), service.group.group_note))
    return lines


class ServiceSource:
    kinds = Kind.choices

    def entries(self, membership, case_ids, kinds, start, end):
        services = services_visible_to(membership).filter(case_id__in=case_ids).select_related(
            "created_by__user", "group")
        if kinds:
            services = services.filter(kind__in=kinds)
        if start:
            services = services.filter(held_on__gte=start)
        if end:
            services = services.filter(held_on__lte=end)
        served = served_among(membership, case_ids)
        found = []
        for service in services:
            text = "\n\n".join(part for part in (service.problem, service.purpose, service.notes) if part.strip())
            actions = []
            if service.case_id in served and not service.is_planned:
                actions.append((_("Plan a follow-up session"),
                                reverse("counseling:service_follow_up", args=[service.pk]), "post"))
            found.append(Entry(
                on=service.held_on, at=service.starts_at, kind=service.kind, kind_label=service.get_kind_display(),
                title=str(service.title()), case_id=service.case_id, text=text, lines=_lines(service),
                author=service.created_by.display_name, url=reverse("counseling:service_detail", args=[service.pk]),
                planned=service.is_planned, order=service.pk, actions=actions,
            ))
        return found

    def case_actions(self, membership, case):
        if not case.is_open or case.pk not in served_among(membership, [case.pk]):
            return []
        return [(label, reverse("counseling:service_create", args=[case.pk, kind])) for kind, label in Kind.choices]


source = ServiceSource()
