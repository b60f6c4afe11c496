"""Konferensi Kasus: the closed, confidential case conference, its participants, minutes and actions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, can_proceed, transition

from bkcase.consent import ConsentOfMinor
from bkcase.modelbase import Model
from bkcase.models import Membership
from bkcase.workflow import FLOW, Action, CancelReason, CaseRecord, Stage, StageChangeBase


class Initiative(models.TextChoices):
    GURU = "guru", _("A subject teacher")
    WALI_KELAS = "wali_kelas", _("The homeroom teacher")
    KONSELOR = "konselor", _("The counselor")


class Convener(models.TextChoices):
    """Who invites the participants (mengundang): the seed names the principal, the BK coordinator
    or the counselor (R4)."""

    KEPALA = "kepala", _("The principal")
    KOORDINATOR = "koordinator", _("The BK coordinator")
    KONSELOR = "konselor", _("The counselor")


class ConferenceFunction(models.TextChoices):
    """What a conference is for (seed 004, fungsi): the three of the case study and the five
    counseling functions."""

    INFORMASI = "informasi", _("Add information about the client")
    SOLUSI = "solusi", _("Find a solution to the client's problem")
    PROGRAM = "program", _("Turn the case study into a constructive guidance program")
    PEMAHAMAN = "pemahaman", _("Understanding (pemahaman)")
    PENCEGAHAN = "pencegahan", _("Prevention (pencegahan)")
    PENGENTASAN = "pengentasan", _("Alleviation (pengentasan)")
    PENGEMBANGAN = "pengembangan", _("Development and maintenance (pengembangan dan pemeliharaan)")
    ADVOKASI = "advokasi", _("Advocacy (advokasi)")


class Approval(models.TextChoices):
    NOT_REQUESTED = "none", _("Not requested yet")
    REQUESTED = "requested", _("Awaiting the principal's approval")
    APPROVED = "approved", _("Approved by the principal")
    DECLINED = "declined", _("Declined by the principal")


# The principal's approval is a state machine of its own beside the stages (R4): requested by the
# organisers, approved (before the conference's date) or declined by the principal, withdrawn when
# the plan changes. Its transitions are the methods below; their conditions are these.


def _in_planning(conference):
    return conference.stage == Stage.PERENCANAAN


def _plan_ready(conference):
    return not conference.missing_for_approval()


def _date_not_passed(conference):
    return conference.date_not_passed()


APPROVAL_ACTIONS = (Action.REQUEST, Action.APPROVE, Action.DECLINE, Action.RESET)


# A conference is *held* once it has left planning and was not cancelled.
HELD = ~models.Q(stage__in=[Stage.PERENCANAAN, Stage.DIBATALKAN])


class ConferenceQuerySet(models.QuerySet):
    """The one rule for the conferences of a period and the one success measure, for the reports
    (the period report's figures and the conference recap) and Conference.succeeded.

    How a conference counts in a period: it is *proposed* in the period in which it was created
    (unless cancelled since); it is *held* in the period of its date (held_on), once it has left
    planning (HELD); a conference proposed on 25 November for 10 December is proposed in November
    and, once held, held in December. The recap of a period lists the conferences dated in it
    (`in_period`: scheduled or held) and those without a date yet proposed in it; its count of
    held and successful ones is the report's (`held_in`)."""

    def with_outcome(self):
        """Annotate `present` (participants who attended), `present_uncommitted` (of those, who did
        not commit) and `successful`: the seed's measure, meaningful additional data and every
        participant present committed; None before the evaluation records the data gained."""
        present = models.Q(participants__attended=True)
        uncommitted = present & (models.Q(participants__committed=False) | models.Q(participants__committed__isnull=True))
        return self.annotate(
            present=models.Count("participants", filter=present, distinct=True),
            present_uncommitted=models.Count("participants", filter=uncommitted, distinct=True),
        ).annotate(successful=models.Case(
            models.When(meaningful_data__isnull=True, then=models.Value(None)),
            models.When(models.Q(meaningful_data=True, present__gt=0, present_uncommitted=0), then=models.Value(True)),
            default=models.Value(False), output_field=models.BooleanField(null=True)))

    def in_period(self, start, end):
        """Dated from `start` to `end` (scheduled or held), or without a date and proposed then."""
        return self.filter(models.Q(held_on__gte=start, held_on__lte=end)
                           | models.Q(held_on__isnull=True, created_at__date__gte=start, created_at__date__lte=end))

    @staticmethod
    def proposed_q(start, end):
        return models.Q(created_at__date__gte=start, created_at__date__lte=end) & ~models.Q(stage=Stage.DIBATALKAN)

    @staticmethod
    def held_q(start, end):
        return models.Q(held_on__gte=start, held_on__lte=end) & HELD

    def held_in(self, start, end):
        return self.filter(self.held_q(start, end))


class Conference(ConsentOfMinor, CaseRecord):
    """A case conference about one case, shown by its code rather than the student's name (R5)."""

    objects = ConferenceQuerySet.as_manager()

    # a conference has no expert to decline
    CANCEL_REASONS = tuple(reason for reason in CancelReason if reason != CancelReason.AHLI_MENOLAK)
    # R13: holding it is the service; its Laijapen and Laijapan count from its date when planning ends
    evaluation_anchor = (Stage.PERENCANAAN, "held_on")

    topic = models.CharField(_("topic"), max_length=200, help_text=_("The problem, without the student's name."))
    initiative = models.CharField(_("on the initiative of"), max_length=20, choices=Initiative.choices)
    convener = models.CharField(_("invited by"), max_length=20, choices=Convener.choices, default=Convener.KEPALA)
    reason = models.TextField(
        _("why a conference"), blank=True,
        help_text=_("What has been tried so far, and why the problem now needs others."),
    )
    functions = models.JSONField(_("functions it serves"), default=list, blank=True)
    leader = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="led_conferences", verbose_name=_("leader (a counselor)")
    )
    minute_taker = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="minuted_conferences",
        verbose_name=_("minute-taker (notulis)"),
        help_text=_("A counselor or the BK coordinator; empty: the leader takes the minutes."),
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    show_student_name = models.BooleanField(
        _("show the student's name"), default=False,
        help_text=_("Off: pages and documents show only the case code (recommended)."),
    )
    # the consent of the student and of the parent or guardian: see ConsentOfMinor (R11)
    # The principal's approval (R4)
    approval = FSMField(_("approval"), max_length=12, choices=Approval.choices, default=Approval.NOT_REQUESTED)
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approval_requested_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approval_decided_at = models.DateTimeField(null=True, blank=True)
    approval_decided_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approval_comment = models.TextField(_("the principal's comment"), blank=True)
    # Minutes (pelaksanaan), in the seed's structure
    minutes_opening = models.TextField(_("(a) opening: purpose, case identity, confidentiality reminder"), blank=True)
    minutes_counselor_data = models.TextField(_("(b) the data the counselor presented"), blank=True)
    minutes_positive_sides = models.TextField(_("(d) the client's positive sides"), blank=True)
    minutes_background = models.TextField(_("(d) the background of the problem"), blank=True)
    minutes_leader_conclusion = models.TextField(_("(f) the leader's conclusion on the probable background"), blank=True)
    # Evaluasi and analisis
    meaningful_data = models.BooleanField(_("meaningful additional data was gained"), null=True, blank=True)
    evaluation_note = models.TextField(_("what was gained"), blank=True)
    analysis_note = models.TextField(_("analysis: how far the conference served the alleviation"), blank=True)
    # Pelaporan
    report_filed_on = models.DateField(_("report filed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_conference_code_per_school")]
        indexes = [
            models.Index(fields=["school", "stage"]),
            models.Index(fields=["school", "approval"]),
            models.Index(fields=["school", "-created_at"]),
        ]

    @property
    def title(self):
        """How pages and documents name the conference: the code, and the name only if chosen (R5)."""
        if self.show_student_name:
            return f"{self.code} · {self.case.student.full_name}"
        return self.code

    @property
    def takes_minutes(self):
        """Who takes the minutes: the minute-taker, or the leader when none is named."""
        return self.minute_taker if self.minute_taker_id else self.leader

    def staff_participant_ids(self):
        """The accounts that take part by their task: the leader and the minute-taker."""
        return {self.leader_id, self.minute_taker_id or self.leader_id} - {None}

    def invitees(self):
        """The participants the conference is for: everyone but its leader and minute-taker."""
        return [p for p in self.participants.all() if p.account_id not in self.staff_participant_ids()]

    def function_labels(self):
        return [str(ConferenceFunction(value).label) for value in self.functions or [] if value in ConferenceFunction.values]

    # Time kept honestly (R4) --------------------------------------------------------------------

    def date_not_passed(self):
        """The conference's date is today or later: the principal may still approve it."""
        return self.held_on is not None and self.held_on >= timezone.localdate()

    def date_has_come(self):
        """The conference's date is today or earlier: it may be held (leave planning)."""
        return self.held_on is not None and self.held_on <= timezone.localdate()

    # Where the conference stands: what the page shows and the services allow ---------------------

    def is_planning(self):
        return self.stage == Stage.PERENCANAAN

    def was_held(self):
        """It left planning and was not cancelled: attendance and minutes exist."""
        return self.stage in FLOW[1:]

    def evaluation_reached(self):
        return self.stage in FLOW[2:]

    def follow_up_reached(self):
        return self.stage in FLOW[4:]

    def records_commitments(self):
        """The evaluation asks whether each participant present committed."""
        return self.stage == Stage.EVALUASI

    def may_change_invitations(self):
        return self.stage == Stage.PERENCANAAN

    def may_withdraw_invitations(self):
        """Whoever took no part may be uninvited while the conference is open."""
        return self.is_open

    def may_record_signed_acknowledgment(self):
        return self.stage in (Stage.PERENCANAAN, Stage.PELAKSANAAN)

    def may_record_minutes(self):
        return self.stage == Stage.PELAKSANAAN

    def may_add_action_items(self):
        return self.stage == Stage.TINDAK_LANJUT

    def may_complete_action_items(self):
        return self.stage in (Stage.TINDAK_LANJUT, Stage.PELAPORAN, Stage.SELESAI)

    # The principal's approval (R4) ------------------------------------------------------------

    @property
    def is_approved(self):
        return self.approval == Approval.APPROVED

    @property
    def is_declined(self):
        return self.approval == Approval.DECLINED

    @property
    def awaiting_decision(self):
        return self.approval == Approval.REQUESTED and self.stage == Stage.PERENCANAAN

    @transition(field=approval, source=[Approval.NOT_REQUESTED, Approval.DECLINED], target=Approval.REQUESTED,
                conditions=[_in_planning, _plan_ready])
    def request_approval(self):
        pass

    @transition(field=approval, source=Approval.REQUESTED, target=Approval.APPROVED,
                conditions=[_in_planning, _date_not_passed])
    def approve(self):
        pass

    @transition(field=approval, source=Approval.REQUESTED, target=Approval.DECLINED, conditions=[_in_planning])
    def decline(self):
        pass

    @transition(field=approval, source=[Approval.REQUESTED, Approval.APPROVED], target=Approval.NOT_REQUESTED)
    def withdraw_approval(self):
        """The plan changed (or the conference went back to planning): it is not the plan the
        principal saw, so a pending or given approval lapses."""

    def missing_for_approval(self):
        """What the plan still lacks before the principal can be asked (R4): the page lists it, the
        service refuses with the first."""
        missing = []
        if not self.has_consent:
            missing.append(_(
                "Record the student's assent and the parent's or guardian's consent (or the coordinator's "
                "exception) before asking the principal for approval."
            ))
        if not (self.reason.strip() and self.functions):
            missing.append(_(
                "Write why a conference is needed (what was tried, why others are needed) and the functions it "
                "serves before asking the principal for approval."
            ))
        if self.held_on is None or self.starts_at is None or not self.place.strip():
            missing.append(_("Set the date, time and place before asking the principal for approval."))
        elif not self.date_not_passed():
            missing.append(_(
                "The conference's date has passed: the principal approves a conference before its date. "
                "Set a new date before asking for approval."
            ))
        if not self.invitees():
            missing.append(_("Invite the participants before asking the principal for approval."))
        return missing

    def may_request_approval(self):
        return can_proceed(self.request_approval)

    def approval_request_refusal(self):
        """Why the principal cannot be asked now, or None."""
        if can_proceed(self.request_approval):
            return None
        if self.approval == Approval.REQUESTED:
            return _("The approval was already requested.")
        if self.approval == Approval.APPROVED:
            return _("The principal already approved this conference.")
        if not _in_planning(self):
            return _("The principal's approval is asked in the planning stage.")
        return self.missing_for_approval()[0]

    def may_be_approved(self):
        return can_proceed(self.approve)

    def decision_refusal(self, *, approve):
        """Why the principal cannot approve (or decline) now, or None."""
        if can_proceed(self.approve if approve else self.decline):
            return None
        if not self.awaiting_decision:
            return _("This conference is not awaiting a decision (it may have been decided already).")
        return _(
            "The conference's date has passed: a conference is approved before its date. The counselor sets a "
            "new date and asks again."
        )

    # Documents ----------------------------------------------------------------------------------

    def print_refusal(self, kind):
        """Why the document `kind` cannot be printed now, or None (R10)."""
        if kind in (DocumentKind.UNDANGAN, DocumentKind.DAFTAR_HADIR):
            if self.stage == Stage.DIBATALKAN:
                return _("The conference was cancelled: its invitation and attendance list are no longer printed.")
            if not self.is_approved:
                return (
                    _("The invitation is printed once the principal has approved the conference.")
                    if kind == DocumentKind.UNDANGAN
                    else _("The attendance list is printed once the principal has approved the conference.")
                )
            return None
        if kind == DocumentKind.NOTULEN:
            if self.stage == Stage.DIBATALKAN:
                return _("The conference was cancelled: its minutes are not printed.")
            return None if self.was_held() else _("The minutes are printed once the conference is held.")
        if kind == DocumentKind.LAPORAN:
            if self.stage in (Stage.PELAPORAN, Stage.SELESAI):
                return None
            return _("The conference report is made in the reporting stage.")
        return _("Unknown document.")

    def can_print(self, kind):
        return self.print_refusal(kind) is None

    def stage_requirements(self):
        participants = list(self.participants.all())
        present = [p for p in participants if p.attended]
        return {
            Stage.PERENCANAAN: [
                *[(False, missing, "#consent") for missing in self.consent_missing()],
                (bool(self.reason.strip()) and bool(self.functions), _("why a conference, and the functions it serves"),
                 "#id_reason"),
                (bool(self.invitees()), _("at least one participant"), "#participants-heading"),
                (all(p.acknowledged_at for p in participants),
                 _("every participant's commitment to confidentiality"), "#participants-heading"),
                (self.held_on is not None and self.starts_at is not None and bool(self.place.strip()),
                 _("the date, time and place"), "#id_held_on"),
                (self.held_on is None or self.date_has_come(),
                 _("the conference's date: it is held on that day or later"), "#id_held_on"),
                (self.is_approved, _("the principal's approval"), "#approval-heading"),
            ],
            Stage.PELAKSANAAN: [
                (all(p.attended is not None for p in participants), _("the attendance of every participant"),
                 "#per-participant-heading"),
                (bool(self.minutes_opening.strip()), _("the minutes: (a) opening"), "#id_minutes_opening"),
                (bool(self.minutes_counselor_data.strip()), _("the minutes: (b) the counselor's data"),
                 "#id_minutes_counselor_data"),
                (bool(self.minutes_positive_sides.strip()) and bool(self.minutes_background.strip()),
                 _("the minutes: (d) positive sides and background"), "#id_minutes_positive_sides"),
                (bool(self.minutes_leader_conclusion.strip()), _("the minutes: (f) the leader's conclusion"),
                 "#id_minutes_leader_conclusion"),
            ],
            Stage.EVALUASI: [
                (self.meaningful_data is not None and bool(self.evaluation_note.strip()),
                 _("whether meaningful additional data was gained, and what"), "#id_meaningful_data"),
                (all(p.committed is not None for p in present), _("whether each participant present committed"),
                 "#per-participant-heading"),
            ],
            Stage.ANALISIS: [(bool(self.analysis_note.strip()), _("the analysis"), "#id_analysis_note")],
            Stage.TINDAK_LANJUT: [(self.action_items.exists(), _("at least one action item: who does what, when"),
                                   "#actions-heading")],
            Stage.PELAPORAN: [
                (self.documents.filter(kind=DocumentKind.LAPORAN).exists(),
                 _("the conference report (print it once to give it its number)"), "#documents"),
                (self.report_filed_on is not None, _("the date the report was filed"), "#id_report_filed_on"),
            ],
        }

    def succeeded(self):
        """The seed's measure: meaningful additional data, and every participant present committed
        (in Python over the prefetched participants; in SQL: ConferenceQuerySet.with_outcome)."""
        present = [p for p in self.participants.all() if p.attended]
        return bool(self.meaningful_data) and bool(present) and all(p.committed for p in present)

    def clean(self):
        from .access import can_organise as can_lead_conference  # who organises may lead or take minutes

        super().clean()
        errors = {}
        if self.leader_id and (self.leader.school_id != self.school_id or not can_lead_conference(self.leader)):
            errors["leader"] = _("The leader is a counselor of this school.")
        if self.minute_taker_id and (
            self.minute_taker.school_id != self.school_id or not can_lead_conference(self.minute_taker)
        ):
            errors["minute_taker"] = _("The minute-taker is a counselor or the BK coordinator of this school.")
        if not isinstance(self.functions, list) or set(self.functions) - set(ConferenceFunction.values):
            errors["functions"] = _("Choose among the functions of a case conference.")
        if self.case_id and self.case.school_id != self.school_id:
            errors["case"] = _("The case must belong to this school.")
        self.clean_consent(errors)
        if self.report_filed_on and self.report_filed_on > timezone.localdate():
            errors["report_filed_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class ParticipantGroup(models.TextChoices):
    DECISIVE = "a", _("(a) Decisive for the student: parents, vice-principal, teachers")
    INFORMANT = "b", _("(b) Informants, including outside experts")
    FACILITATOR = "c", _("(c) Facilitators")


# the groups named in a word, where the page has no room for the whole description
GROUP_NAMES = {
    ParticipantGroup.DECISIVE: _("Decisive (a)"),
    ParticipantGroup.INFORMANT: _("Informant (b)"),
    ParticipantGroup.FACILITATOR: _("Facilitator (c)"),
}


class ParticipantRole(models.TextChoices):
    ORANG_TUA = "orang_tua", _("Parent or guardian")
    WAKASEK = "wakasek", _("Vice-principal")
    WALI_KELAS = "wali_kelas", _("Homeroom teacher")
    GURU = "guru", _("Subject teacher")
    KONSELOR = "konselor", _("Counselor")
    PSIKOLOG = "psikolog", _("Psychologist")
    DOKTER = "dokter", _("Doctor")
    POLISI = "polisi", _("Police")
    KEPALA_SEKOLAH = "kepala_sekolah", _("Principal")
    AHLI = "ahli", _("Other expert")
    LAINNYA = "lainnya", _("Other")


class AckMethod(models.TextChoices):
    IN_APP = "app", _("In bkcase, by the participant")
    SIGNED = "signed", _("Signed on paper, recorded by the counselor")
    # the leader and the minute-taker, BK staff bound by the principle of confidentiality, take part
    # by their task: added when the conference is planned or they are named, not invited
    BY_TASK = "task", _("By their task: the conference's leader or minute-taker")


class Participant(Model):
    """Someone invited to the conference. With an account they see it only after acknowledging
    confidentiality (R5, S3); without one they get printed documents."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(_("group"), max_length=1, choices=ParticipantGroup.choices)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    name = models.CharField(_("name"), max_length=150)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=150, blank=True)
    account = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations",
        verbose_name=_("user account"),
    )
    invited_on = models.DateField(_("invited on"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("confidentiality acknowledged at"), null=True, blank=True)
    acknowledged_how = models.CharField(_("acknowledged"), max_length=10, choices=AckMethod.choices, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    views = models.TextField(_("(e) views on the background of the problem"), blank=True)
    commitment = models.TextField(_("(g) what they commit to do"), blank=True)
    committed = models.BooleanField(_("committed to support the alleviation"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "account"], name="one_invitation_per_account"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def takes_part_by_task(self):
        return self.acknowledged_how == AckMethod.BY_TASK

    def paper_acknowledgment_refusal(self):
        """Why the counselor may not record a signed paper statement for this participant, or None.
        A participant with an account commits to confidentiality only themselves, in the app (R5): a
        click of the counselor's must never open the conference to them."""
        if self.account_id:
            return _(
                "%(name)s has an account and commits to confidentiality only themselves, on their "
                "invitation. A statement signed on paper is recorded only for a participant without an account."
            ) % {"name": self.name}
        return None

    @property
    def group_name(self):
        return GROUP_NAMES.get(self.group, self.group)

    def may_be_recorded_as_signed_on_paper(self):
        """Whether the page offers the counselor's "signed on paper" button for this participant."""
        return (
            not self.acknowledged_at
            and self.paper_acknowledgment_refusal() is None
            and self.conference.may_record_signed_acknowledgment()
        )

    def confidentiality_statement_refusal(self):
        """Why this participant's printed confidentiality statement (pernyataan menjaga kerahasiaan) is
        not printed, or None. It is no letter of the school and takes no number."""
        if self.conference.stage == Stage.DIBATALKAN:
            return _("The conference was cancelled: its confidentiality statements are no longer printed.")
        if self.takes_part_by_task:
            return _(
                "The conference's leader and minute-taker are bound to confidentiality by their task: "
                "they sign no statement."
            )
        return None

    def may_print_confidentiality_statement(self):
        return self.confidentiality_statement_refusal() is None

    def clean(self):
        super().clean()
        if self.account_id and self.account.school_id != self.conference.school_id:
            raise ValidationError({"account": _("The account must belong to this school.")})


class InformationTopic(models.TextChoices):
    PENDIDIKAN = "pendidikan", _("Education history")
    PRESTASI = "prestasi", _("Achievement")
    KELUARGA = "keluarga", _("Family")
    BAKAT = "bakat", _("Talents")
    MINAT = "minat", _("Interests")
    HOBI = "hobi", _("Hobbies")
    KESEHATAN = "kesehatan", _("Health")
    LAINNYA = "lainnya", _("Other")


class ParticipantInformation(Model):
    """(c) What a participant added about the client, by topic."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="information")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="information")
    topic = models.CharField(_("topic"), max_length=20, choices=InformationTopic.choices)
    text = models.TextField(_("information"))

    class Meta:
        ordering = ["topic", "id"]

    def __str__(self):
        return f"{self.get_topic_display()}: {self.participant.name}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(Model):
    """Follow-up: who does what, when, where, and with which technique."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="action_items")
    responsible = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("who")
    )
    what = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("when (due date)"))
    where = models.CharField(_("where"), max_length=200, blank=True)
    technique = models.CharField(_("technique"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completion_note = models.TextField(_("completion note"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.what

    @property
    def audit_student_id(self):
        """The student whose conference this is (lists of action items write a view row each, S28);
        read through `conference__case`, which such lists select with the item."""
        return self.conference.case.student_id

    @property
    def is_open(self):
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self):
        return self.is_open and self.due_on < timezone.localdate()

    def clean(self):
        super().clean()
        if self.responsible_id and self.responsible.conference_id != self.conference_id:
            raise ValidationError({"responsible": _("The person responsible is a participant of this conference.")})


class DocumentKind(models.TextChoices):
    UNDANGAN = "undangan", _("Invitation")
    DAFTAR_HADIR = "daftar_hadir", _("Attendance list")
    NOTULEN = "notulen", _("Minutes")
    LAPORAN = "laporan", _("Conference report")


class ConferenceDocument(Model):
    """The letter number a conference document received when first printed: kept for reprints."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    number = models.CharField(max_length=80)
    issued_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "kind"], name="one_number_per_document")]

    def __str__(self):
        return self.number


class ConferenceStageChange(StageChangeBase):
    record = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="stage_changes")

    @property
    def is_approval_event(self):
        """A request, decision or withdrawal of the principal's approval: its note is the principal's
        (or the organiser's) remark to the school's staff."""
        return self.action in APPROVAL_ACTIONS

    class Meta(StageChangeBase.Meta):
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
