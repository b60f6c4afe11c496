"""The case conference documents: the invitation (undangan), the attendance list (daftar hadir), the
minutes (notulen / berita acara), the conference report (laporan konferensi kasus), and each
participant's confidentiality statement (pernyataan menjaga kerahasiaan).

The service layer gives a document its number (a `ConferenceDocument`) before it is rendered; this
module only reads it. Every document names the conference by its code and the case by its code; the
student's name (and nothing else of the student's identity) appears only when the counselor chose
`show_student_name` (R5). Labels of choices are read inside `translation.override("id")`, so the
documents are Indonesian whatever the language of the user's screen.
"""

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.text import capfirst

from bkcase.consent import consent_rows, statement_pdf
from bkcase.documents import DOCUMENT_LANGUAGE, indonesian_date, letter_context, render_pdf
from bkcase.workflow import TRANSITIONS

from .access import coordinator_signing_for, counselor_signing_for
from .models import Conference, Convener, DocumentKind, InformationTopic, ParticipantGroup

INVITATION_SUBJECT = "Undangan Konferensi Kasus"
ATTENDANCE_SUBJECT = "Daftar Hadir Konferensi Kasus"
MINUTES_SUBJECT = "Notulen / Berita Acara Konferensi Kasus"
REPORT_SUBJECT = "Laporan Konferensi Kasus"
SUCCESS_CRITERION = (
    "Konferensi kasus dinyatakan berhasil apabila konselor memperoleh data atau keterangan tambahan yang amat "
    "berarti bagi pemecahan masalah klien dan terbangun komitmen seluruh peserta yang hadir untuk menyokong "
    "upaya pengentasan masalah klien."
)
LEADER_TITLE = "Pemimpin Konferensi"
MINUTE_TAKER_TITLE = "Notulis"
COUNSELOR_TITLE = "Guru BK / Konselor"
BLANK_SIGNING_ROWS = 3
# The Indonesian time zones, as letters name them after the hour ("09.00 WIB").
TIME_ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Ujung_Pandang": "WITA",
    "Asia/Jayapura": "WIT",
}
YES, NO, NOT_RECORDED = "Ya", "Tidak", "Belum dicatat"


# Small helpers ---------------------------------------------------------------------------------


def _d(value):
    return indonesian_date(value) or "-"


def _yes_no(value):
    """True/False/None -> "Ya"/"Tidak"/"Belum dicatat"."""
    if value is None:
        return NOT_RECORDED
    return YES if value else NO


def _or_dash(value):
    value = str(value or "").strip()
    return value or "-"


def _signer(membership, title):
    return {
        "title": title,
        "name": membership.display_name if membership else "",
        "nip": membership.nip if membership else "",
    }


def day_and_date(value):
    """ "Senin, 23 November 2026" ("-" for no date)."""
    if not value:
        return "-"
    with translation.override(DOCUMENT_LANGUAGE):
        return formats.date_format(value, "l, j F Y")


def time_text(value):
    """ "09.00 WIB" ("-" for no time); the zone is the project's (the schools' own) time zone."""
    if not value:
        return "-"
    zone = TIME_ZONE_NAMES.get(settings.TIME_ZONE, "")
    return f"{value:%H.%M} {zone}".strip()


def _conference(conference):
    return Conference.objects.select_related(
        "school", "case__student", "case__counselor__user", "leader__user", "minute_taker__user",
        "approval_decided_by__user",
    ).get(pk=conference.pk)


def _check(document, conference, kind):
    if document.conference_id != conference.pk or document.kind != kind:
        raise ValueError(f"{document} is not the {kind} of {conference}")


def _client(conference):
    """What the documents may say of the student: nothing unless the counselor chose to show the name (R5)."""
    if not conference.show_student_name:
        return None
    student = conference.case.student
    return {"name": student.full_name, "nis": student.nis, "class_name": student.class_name}


def _participant_row(participant):
    return {
        "name": participant.name,
        "role": participant.get_role_display(),
        "institution": participant.institution,
        "attended": participant.attended,
        "attendance": {True: "Hadir", False: "Tidak hadir"}.get(participant.attended, NOT_RECORDED),
        "views": participant.views,
        "commitment": participant.commitment,
        "committed": _yes_no(participant.committed),
    }


def _base_context(conference, document, *, kind, subject, on=None):
    """What every conference document shares: letterhead, number, date, the conference's schedule."""
    _check(document, conference, kind)
    case = conference.case
    context = letter_context(conference.school, number=document.number, on=on or document.issued_on, subject=subject)
    context.update(
        conference=conference,
        document=document,
        case=case,
        client=_client(conference),
        schedule_rows=[
            ("Kode konferensi", conference.code),
            ("Kode kasus", case.code),
            ("Hari, tanggal", day_and_date(conference.held_on)),
            ("Waktu", f"{time_text(conference.starts_at)} s.d. selesai" if conference.starts_at else "-"),
            ("Tempat", _or_dash(conference.place)),
            ("Pokok masalah", _or_dash(conference.topic)),
        ],
        leader=conference.leader,
        signer=_signer(conference.leader, LEADER_TITLE),
        footer=f"{subject} {conference.code}",
    )
    return context


# The invitation (undangan) ----------------------------------------------------------------------


def invitation_context(conference, document, participant=None):
    conference = _conference(conference)
    context = _base_context(conference, document, kind=DocumentKind.UNDANGAN, subject=INVITATION_SUBJECT)
    if participant is not None and participant.conference_id != conference.pk:
        raise ValueError(f"{participant} is not a participant of {conference}")
    participants = [] if participant else [_participant_row(p) for p in conference.participants.all()]
    by_principal = conference.convener == Convener.KEPALA
    if by_principal:
        signer = {"title": "Kepala Sekolah", "name": conference.school.principal_name,
                  "nip": conference.school.principal_nip}
    elif conference.convener == Convener.KONSELOR:
        # the counselor invites, the principal knows of it (R4, R10)
        signer = _signer(counselor_signing_for(conference), COUNSELOR_TITLE)
    else:
        signer = _signer(coordinator_signing_for(conference), "Koordinator BK")
    context.update(
        addressee=_participant_row(participant) if participant else None,
        participants=participants,
        lampiran="1 (satu) lembar daftar peserta" if participant is None else "-",
        by_principal=by_principal,
        signer=signer,
        signer_opening="Hormat kami,",
        contact=conference.leader,
    )
    return context


def invitation_pdf(conference, document, participant=None):
    """The Undangan Konferensi Kasus: to one participant, or to all with the list of participants."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf("documents/conference_invitation.html", invitation_context(conference, document, participant))


# The attendance list (daftar hadir) --------------------------------------------------------------


def attendance_context(conference, document):
    conference = _conference(conference)
    context = _base_context(
        conference, document, kind=DocumentKind.DAFTAR_HADIR, subject=ATTENDANCE_SUBJECT, on=conference.held_on
    )
    participants = [_participant_row(p) for p in conference.participants.all()]
    context.update(
        participants=participants,
        blank_rows=range(len(participants) + 1, len(participants) + 1 + BLANK_SIGNING_ROWS),
    )
    return context


def attendance_pdf(conference, document):
    """The Daftar Hadir: one row per participant (and a few empty ones) with room to sign."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf("documents/conference_attendance.html", attendance_context(conference, document))


# The minutes (notulen / berita acara) -------------------------------------------------------------


def _information_by_topic(conference):
    """(c) The participants' information, grouped by topic in the order of InformationTopic."""
    groups = {topic: [] for topic in InformationTopic.values}
    for item in conference.information.select_related("participant").order_by("id"):
        groups.setdefault(item.topic, []).append(
            {"name": item.participant.name, "role": item.participant.get_role_display(), "text": item.text}
        )
    return [
        {"label": InformationTopic(topic).label if topic in InformationTopic.values else topic, "items": items}
        for topic, items in groups.items()
        if items
    ]


def minutes_context(conference, document):
    conference = _conference(conference)
    context = _base_context(
        conference, document, kind=DocumentKind.NOTULEN, subject=MINUTES_SUBJECT, on=conference.held_on
    )
    participants = [_participant_row(p) for p in conference.participants.all()]
    present = [p for p in participants if p["attended"]]
    absent = [p for p in participants if p["attended"] is False]
    unknown = len(participants) - len(present) - len(absent)
    attendance = f"{len(present)} orang hadir, {len(absent)} orang tidak hadir"
    if unknown:
        attendance += f", {unknown} orang belum dicatat"
    minute_taker = conference.takes_minutes
    context.update(
        header_rows=[
            *context["schedule_rows"][:5],
            ("Pemimpin konferensi", conference.leader.display_name),
            ("Notulis", minute_taker.display_name),
            ("Pokok masalah", _or_dash(conference.topic)),
            ("Jumlah peserta", f"{len(participants)} orang ({attendance})"),
        ],
        # signed by those who took part in it and wrote it: its leader and its minute-taker (R9)
        leader_signer=_signer(conference.leader, LEADER_TITLE),
        minute_taker_signer=(
            _signer(minute_taker, MINUTE_TAKER_TITLE) if minute_taker.pk != conference.leader_id else None
        ),
        participants=participants,
        information=_information_by_topic(conference),
        views=[p for p in participants if p["views"].strip()],
        commitments=[p for p in participants if p["attended"] is not False],
    )
    return context


def minutes_pdf(conference, document):
    """The Notulen / Berita Acara in the seed's structure: steps (a) to (g) of the conference."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf("documents/conference_minutes.html", minutes_context(conference, document))


# The conference report (laporan konferensi kasus) -------------------------------------------------


def _history_row(change):
    """A row of the printed history: a stage change as "from → to", any other event (the request for
    approval, the decision, its withdrawal, ...) by its name, each with its note, as the page shows them."""
    if change.action in TRANSITIONS and change.from_stage != change.to_stage:
        event = f"{change.get_from_stage_display()} → {change.get_to_stage_display()}"
    else:
        event = capfirst(str(change.get_action_display()))
    return {
        "at": change.at,
        "event": event,
        "from": change.get_from_stage_display(),
        "to": change.get_to_stage_display(),
        "by": change.by.display_name,
        "note": change.note,
    }


def _approval_text(conference):
    text = conference.get_approval_display()
    if conference.approval_decided_by_id:
        decided_on = timezone.localdate(conference.approval_decided_at) if conference.approval_decided_at else None
        text += f", oleh {conference.approval_decided_by.display_name}"
        if decided_on:
            text += f" pada {indonesian_date(decided_on)}"
    return text


def report_context(conference, document):
    conference = _conference(conference)
    context = _base_context(conference, document, kind=DocumentKind.LAPORAN, subject=REPORT_SUBJECT)
    case = conference.case
    participants = [_participant_row(p) for p in conference.participants.all()]
    present = [p for p in participants if p["attended"]]
    actions = [
        {
            "who": item.responsible.name,
            "who_role": item.responsible.get_role_display(),
            "what": item.what,
            "due": _d(item.due_on),
            "where": item.where,
            "technique": item.technique,
            "status": item.get_status_display(),
            "note": item.completion_note,
            "completed": _d(item.completed_on) if item.completed_on else "",
        }
        for item in conference.action_items.select_related("responsible").order_by("due_on", "id")
    ]
    history = [_history_row(change) for change in conference.stage_changes.select_related("by__user").order_by("at", "id")]
    succeeded = conference.succeeded()
    context.update(
        identity_rows=[
            ("Kode konferensi", conference.code),
            ("Kode kasus", f"{case.code} ({case.get_category_display()})"),
            ("Pokok masalah", _or_dash(conference.topic)),
            ("Pemimpin konferensi", conference.leader.display_name),
            ("Konselor", case.counselor.display_name),
            ("Hari, tanggal", day_and_date(conference.held_on)),
            ("Waktu", time_text(conference.starts_at)),
            ("Tempat", _or_dash(conference.place)),
            ("Atas prakarsa", conference.get_initiative_display() or "-"),
            ("Pengundang", conference.get_convener_display() or "-"),
            ("Notulis", conference.takes_minutes.display_name),
            ("Tahap saat dicetak", conference.get_stage_display()),
        ],
        planning_rows=[
            ("Mengapa konferensi kasus", _or_dash(conference.reason)),
            ("Fungsi yang dilayani", "; ".join(conference.function_labels()) or "-"),
            *consent_rows(conference),
            ("Persetujuan Kepala Sekolah", _approval_text(conference)),
        ],
        participants=participants,
        attendance_text=f"{len(present)} dari {len(participants)} peserta hadir",
        evaluation_rows=[
            ("Data tambahan yang berarti", _yes_no(conference.meaningful_data)),
            (
                "Komitmen peserta yang hadir",
                f"{sum(1 for p in present if p['committed'] == YES)} dari {len(present)} peserta berkomitmen",
            ),
        ],
        present=present,
        succeeded=succeeded,
        result="Berhasil" if succeeded else "Belum berhasil",
        criterion=SUCCESS_CRITERION,
        actions=actions,
        history=history,
        reporting_rows=[("Laporan diarsipkan pada", _d(conference.report_filed_on))],
    )
    return context


def report_pdf(conference, document):
    """The Laporan Konferensi Kasus: identity, minutes in brief, evaluation, action items, history."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf("documents/conference_report.html", report_context(conference, document))


# The confidentiality statement (pernyataan menjaga kerahasiaan) -----------------------------------

STATEMENT_SUBJECT = "Pernyataan Menjaga Kerahasiaan"
# What the participant commits to (R5, R9, seed 004: "semua pihak berpegang teguh pada asas
# kerahasiaan; semua pembicaraan terbatas hanya untuk keperluan pada saat pertemuan saja").
STATEMENT_COMMITMENTS = (
    "Merahasiakan seluruh data, keterangan, dan pembicaraan dalam konferensi kasus. Semua pembicaraan "
    "hanya untuk keperluan pertemuan itu dan tidak akan saya bawa keluar atau sampaikan kepada pihak lain.",
    "Tidak menyampaikan, menggandakan, memotret, atau menyebarkan dokumen konferensi kasus (undangan, "
    "daftar hadir, notulen, laporan, dan catatan lainnya) kepada siapa pun, termasuk melalui media sosial.",
    "Tidak mengungkapkan identitas peserta didik yang dibahas kepada pihak yang tidak berkepentingan; "
    "kasus disebut dengan kodenya.",
    "Menggunakan keterangan yang saya peroleh hanya untuk membantu pengentasan masalah peserta didik, "
    "sesuai dengan komitmen yang disepakati dalam konferensi.",
    "Tetap menjaga kerahasiaan ini setelah konferensi kasus selesai.",
)
BLANK_DATE = "...................."


def confidentiality_statement_context(conference, participant):
    """A participant's statement: names the conference by its code, never the student (R5). It is no
    letter of the school, so it carries no number."""
    conference = _conference(conference)
    if participant.conference_id != conference.pk:
        raise ValueError(f"{participant} is not a participant of {conference}")
    context = letter_context(conference.school, number=None, on=conference.held_on, subject=STATEMENT_SUBJECT)
    if not conference.held_on:
        context["place_and_date"] = f"{conference.school.city}, {BLANK_DATE}"
    group = ParticipantGroup(participant.group).label if participant.group in ParticipantGroup.values else "-"
    context.update(
        conference=conference,
        participant=_participant_row(participant),
        identity_rows=[
            ("Nama", participant.name),
            ("Peran / Jabatan", participant.get_role_display()),
            ("Instansi", _or_dash(participant.institution)),
            ("Kelompok peserta", group),
        ],
        schedule_rows=[
            ("Kode konferensi", conference.code),
            ("Hari, tanggal", day_and_date(conference.held_on)),
            ("Tempat", _or_dash(conference.place)),
        ],
        commitments=STATEMENT_COMMITMENTS,
        leader_signer=_signer(conference.leader, LEADER_TITLE),
        footer=f"{STATEMENT_SUBJECT} {conference.code}",
    )
    return context


def confidentiality_statement_pdf(conference, participant):
    """The Pernyataan Menjaga Kerahasiaan of one participant, to sign on paper; the leader knows of it."""
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf(
            "documents/conference_confidentiality_statement.html",
            confidentiality_statement_context(conference, participant),
        )


def consent_statement_pdf(conference, who):
    """The statement of consent of the student or the parent for this conference (R11), to sign."""
    when = f" pada {day_and_date(conference.held_on)}" if conference.held_on else ""
    where = f" di {conference.place}" if conference.place.strip() else ""
    purpose = (f"dibahas dalam konferensi kasus yang tertutup dan rahasia{when}{where}, bersama peserta yang telah "
               "menyatakan menjaga kerahasiaan, untuk mencari jalan keluar yang terbaik.")
    return statement_pdf(conference, who, purpose=purpose, counselor=conference.case.counselor)
