"""Every state-changing request of bkcase: who may send it, the record it needs, and a POST known to
succeed. The fuzzing (S21), CSRF (S13) and audit (S8) tests drive this catalogue, and judge a
request by what the page says and what the database holds.

A new state-changing URL pattern fails tests/test_csrf.py until it is classified there, and the
fuzzing test until it has an entry here.
"""

import datetime
from dataclasses import dataclass, field
from functools import cache
from types import SimpleNamespace

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.messages import ERROR, get_messages
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from bkcase import accounts
from bkcase import services as core_services
from bkcase.access import SESSION_KEY
from bkcase.models import AuditEvent, ConfirmedEmail, Role
from bkcase.search import SESSION_KEY as SEARCHES_KEY
from bkcase.workflow import Stage
from conferences import services as conference_services
from conferences.models import ActionItem, Conference
from counseling import services as counseling_services
from referrals import services as referral_services
from referrals.models import ExpertKind

from .conferences.conftest import FUNCTIONS as CONFERENCE_FUNCTIONS
from .conferences.conftest import REASON as CONFERENCE_REASON
from .conferences.conftest import approve, hold
from .consent import consented
from .factories import PASSWORD, ExpertFactory, MembershipFactory
from .referrals.conftest import agree, plan_with_consent, walk_to
from .rosters.conftest import csv_bytes, student_row, upload

NEW_PASSWORD = "Rahasia-Baru-Sekolah-2026"

# How a page says that nothing was saved: crispy's field and non-field errors. An error message
# (messages.error) is read from the request itself, whatever the page or redirect shows.
FORM_ERROR_MARKUP = ("is-invalid", "invalid-feedback", "alert-block alert-danger")
# How the page after a redirect shows an error message (templates/includes/messages.html).
ERROR_MESSAGE_MARKUP = 'class="alert alert-danger" role="alert"'


# The world ---------------------------------------------------------------------------------------


def build_world(cast, case, expert):
    """One school's casework: a case of konselor's with a referral in planning, and a conference in
    planning with one invited participant (peserta's account, not yet acknowledged)."""
    konselor = cast["konselor"]
    referral = referral_services.referral_create(
        case=case, by=konselor, expert=expert, problem_summary="Sulit berkonsentrasi.", functions=["pemahaman"]
    )
    conference = conference_services.conference_create(
        case=case, by=konselor, topic="Sering membolos", initiative="konselor", convener="kepala",
        reason=CONFERENCE_REASON, functions=CONFERENCE_FUNCTIONS,
        held_on=timezone.localdate(), starts_at=datetime.time(9), place="Ruang BK",
    )
    conference = consented(conference, konselor)
    participant = conference_services.participant_add(
        conference=conference, by=konselor, group="a", role="orang_tua", name="Agus", account=cast["peserta"]
    )
    other = cast["orang_luar"].school
    return SimpleNamespace(
        cast=cast, school=case.school, case=case, student=case.student, expert=expert, referral=referral,
        conference=conference, participant=participant,
        foreign_expert=ExpertFactory(school=other, kind=ExpertKind.PSIKOLOG, name="Ahli Sekolah Lain"),
        psychiatrist=ExpertFactory(school=case.school, kind=ExpertKind.PSIKIATER, name="dr. Hendra, Sp.KJ"),
    )


def refresh(world):
    """Re-read the records an arrangement may have moved on."""
    for name in ("case", "student", "expert", "referral", "conference", "participant", "school"):
        getattr(world, name).refresh_from_db()
    return world


def today():
    return timezone.localdate().isoformat()


# What the database holds -------------------------------------------------------------------------

# Every table of the application and the accounts. Not the audit trail (views and refusals are
# audited: that is a row written on purpose), nor sessions or django-axes' login attempts.
SNAPSHOT_APPS = ("bkcase", "referrals", "conferences", "counseling", "rosters", "intake", "evaluations", "reports")


def snapshot_models():
    models = [m for label in SNAPSHOT_APPS for m in apps.get_app_config(label).get_models(include_auto_created=True)]
    return [m for m in models if m is not AuditEvent] + [get_user_model()]


@cache
def _snapshot_sql():
    """One query: a digest of each table's rows (every field, in key order)."""
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t.{quote(m._meta.pk.column)}), '')) "
        f"FROM {quote(m._meta.db_table)} t)"
        for m in snapshot_models()
    ]
    return "SELECT " + ", ".join(parts)


def snapshot():
    """What every application table holds: per table, a digest of all its rows, field by field."""
    with connection.cursor() as cursor:
        cursor.execute(_snapshot_sql())
        digests = cursor.fetchone()
    return dict(zip((m._meta.label for m in snapshot_models()), digests, strict=True))


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after[label])


def last_audit_id():
    return AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


# What the user is told ---------------------------------------------------------------------------


@dataclass
class Outcome:
    status: int
    errors: list  # error messages the request queued
    others: list  # its other messages (success, info, warning)
    form_errors: bool  # the page re-shows a form with its errors
    html: str

    @property
    def refused(self):
        return self.status >= 400 or bool(self.errors) or self.form_errors

    def describe(self):
        return f"{self.status}, errors={self.errors}, messages={self.others}, form errors={self.form_errors}"


def read_outcome(response):
    """What the response tells the user. Messages are read from the request that made them, so a
    redirect's message counts as well as a re-shown form."""
    queued = list(get_messages(response.wsgi_request)) if hasattr(response, "wsgi_request") else []
    is_html = response.get("Content-Type", "").startswith("text/html") and not getattr(response, "streaming", False)
    html = response.content.decode() if is_html else ""
    return Outcome(
        status=response.status_code,
        errors=[str(m) for m in queued if m.level >= ERROR],
        others=[str(m) for m in queued if m.level < ERROR],
        form_errors=any(marker in html for marker in FORM_ERROR_MARKUP),
        html=html,
    )


# The catalogue -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Endpoint:
    id: str  # the URL name, with the action for a pattern that takes one
    url_name: str
    who: str | None  # the member of the cast allowed to do it; None: not signed in
    url: object  # world -> the URL
    valid: object  # world -> a POST that succeeds
    changes: tuple = ()  # tables the valid POST changes
    audit: str | None = None  # the audit action the valid POST writes (S8)
    arrange: object = None  # world -> None: bring the records to where the request makes sense
    observe: object = None  # (client, world) -> state kept outside the tables (session, cookie, outbox)
    prepare_client: object = None  # (client, world) -> None: what the browser did before posting
    quiet_noop: str = ""  # why an accepted request that changes nothing says nothing, when that is right
    forged: tuple = field(default_factory=tuple)  # extra field names worth forging for this form
    actor: str | None = None  # whose username the audit row carries, when nobody is signed in

    def client(self, world):
        client = Client()
        client.raise_request_exception = False  # a 500 is an answer to judge; the error goes to the log
        if self.who:
            client.force_login(world.cast[self.who].user)
        if self.prepare_client:
            self.prepare_client(client, world)
        return client


def _session(key):
    return lambda client, world: client.session.get(key)


def _language(client, world):
    cookie = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
    return cookie.value if cookie else None


def _outbox(client, world):
    return len(mail.outbox)


def _searches(client, world):
    return client.session.get(SEARCHES_KEY)


EMPTY_SEARCH = "a search without terms shows the whole list"


def _email_link(world):
    user = world.cast["konselor"].user
    return reverse("email_confirm", args=[accounts.email_link_token(user=user, email=user.email)])


def _role_awaiting(world):
    """The operator created a counselor's account: its role waits for the principal (S25)."""
    world.pending = accounts.staff_create(by=world.cast["operator"], username="guru_baru", password=NEW_PASSWORD,
                                          role=Role.KONSELOR, first_name="Guru")


def _as_shown(world):
    """The request as the principal's page shows it (a decision applies to what she saw)."""
    world.pending.refresh_from_db()
    return {"pending_role": world.pending.pending_role, "version": world.pending.version}


def _school_year(world):
    """The current school year with one class of the world's student."""
    from .factories import enrol, school_class, school_year

    world.year = school_year(world.school, 2026)
    world.school_class = school_class(world.year, "XI IPA 2")
    enrol(world.student, world.school_class)


def _roster_uploaded(world):
    """The coordinator uploaded a roster of one new student; its preview is clean."""
    from rosters import services as roster_services

    _school_year(world)
    world.roster_import = roster_services.roster_upload(by=world.cast["koordinator"],
                                                        uploaded_file=upload(csv_bytes([student_row(1)])))


def _roster_preview_digest(world):
    from rosters import services as roster_services

    world.roster_import.refresh_from_db()
    return roster_services.roster_preview(roster_import=world.roster_import).digest


def _bk_referral(world):
    """walikelas referred the world's student to BK; the class's counselor is konselor."""
    from intake import services as intake_services

    _school_year(world)
    world.school_class.counselor = world.cast["konselor"]
    world.school_class.save()
    world.bk_referral = intake_services.bk_referral_send(
        by=world.cast["walikelas"], student=world.student, observed="Sering melamun.",
        observed_since=datetime.date(2026, 11, 2))


def _close_case(world):
    core_services.case_close(case=world.case, by=world.cast["konselor"], version=None,
                             closed_on=timezone.localdate(), closing_note="Selesai", confirm_open_records=True,
                             no_laijapan_reason="Klien pindah sekolah.")


def _consented_and_agreed(world):
    plan_with_consent(world.referral, world.cast["konselor"])
    agree(world.referral, world.cast["konselor"])


def _consent_form(record):
    return {"consent-consent_on": "2026-11-03", "consent-consent_method": "lisan",
            "consent-guardian_consent_on": "2026-11-03", "consent-guardian_consent_method": "telepon",
            "consent-guardian_consent_by": "Bapak Joko, ayah kandung", "consent-version": record.version}


def _exception_form(w):
    return {"exception-ground": "orang_tua_terduga", "exception-reason": "Ayah klien diduga pelaku kekerasan."}


def _conference_without_guardian_consent(world):
    Conference.objects.filter(pk=world.conference.pk).update(guardian_consent_on=None, guardian_consent_method="")


def _consent_exception_recorded(world):
    referral_services.referral_consent_exception(referral=world.referral, by=world.cast["koordinator"],
                                                 ground="bahaya", reason="Klien dalam bahaya.")


def _referral_at(stage, **data):
    def arrange(world):
        konselor = world.cast["konselor"]
        referral = walk_to(world.referral, konselor, stage)
        if data:
            referral_services.referral_update_stage(referral=referral, by=konselor, version=None, **data)
    return arrange


def _approved(world):
    """Approved by the principal, the participant having committed to confidentiality: ready to hold."""
    conference_services.participant_acknowledge(participant=world.participant, by=world.cast["peserta"])
    approve(world.conference, world.cast["konselor"], world.cast["kepala"])


def _held(world):
    _approved(world)
    hold(world.conference, world.cast["konselor"])


def _invited_without_account(world):
    """A participant without an account: the counselor records their statement signed on paper (R5)."""
    world.on_paper = conference_services.participant_add(
        conference=world.conference, by=world.cast["konselor"], group="a", role="wali_kelas", name="Bu Suparmi"
    )


def _approval_requested(world):
    conference_services.conference_request_approval(conference=world.conference, by=world.cast["konselor"])


def _following_up(world):
    Conference.objects.filter(pk=world.conference.pk).update(stage=Stage.TINDAK_LANJUT)


def _action_item(world):
    _following_up(world)
    world.item = ActionItem.objects.create(conference=world.conference, responsible=world.participant,
                                           what="Pendampingan belajar", due_on=datetime.date(2026, 12, 15))


def _second_school(world):
    world.second = MembershipFactory(user=world.cast["konselor"].user, school=world.cast["orang_luar"].school,
                                     role=Role.KONSELOR)


def _reset_link(client, world):
    """The browser opens the emailed link: Django keeps the token in the session and redirects."""
    user = world.cast["konselor"].user
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    response = client.get(reverse("password_reset_confirm", args=[uid, default_token_generator.make_token(user)]))
    world.reset_url = response.url


def _with_email(world):
    """An address its owner confirmed: the only kind a reset link goes to (S25)."""
    user = world.cast["konselor"].user
    user.email = "rina.bk@sekolah.sch.id"
    user.save(update_fields=["email"])
    ConfirmedEmail.objects.create(user=user, email=user.email)


def _student(w):
    s = w.student
    return {"nis": s.nis, "nisn": "0091234567", "full_name": s.full_name, "sex": s.sex, "place_of_birth": "Kendal",
            "date_of_birth": "2009-05-17", "class_name": "XII IPA 1", "homeroom_teacher": "Bu Sari",
            "guardian_name": "Bambang", "guardian_relation": "Ayah", "guardian_phone": "081234567890",
            "address": "Jl. Melati 3", "active": "on", "version": s.version}


def _case(w):
    c = w.case
    return {"category": c.category, "title": "Nilai menurun tajam", "source": "sendiri", "description": "Catatan baru.",
            "opened_on": c.opened_on.isoformat(), "authority_reported_on": "", "authority_processed_on": "",
            "authority_note": "", "version": c.version}


def _school(w):
    s = w.school
    return {"name": s.name, "npsn": s.npsn, "address": s.address, "city": s.city, "province": "Jawa Tengah",
            "postal_code": "50111", "phone": "024-123456", "email": "tu@sman1uji.sch.id", "website": "",
            "authority": "PEMERINTAH PROVINSI JAWA TENGAH", "principal_name": s.principal_name,
            "principal_nip": s.principal_nip, "letter_code": s.letter_code,
            "letter_number_format": s.letter_number_format, "version": s.version}


def _staff(w):
    m = w.cast["operator"]
    return {"role": m.role, "nip": "", "position": "Operator sekolah", "phone": "0812", "active": "on",
            "first_name": m.user.first_name, "last_name": m.user.last_name, "email": m.user.email,
            "version": m.version}


def _expert(w):
    e = w.expert
    return {"kind": e.kind, "name": e.name, "title": e.title, "field": "Psikologi klinis", "institution": e.institution,
            "address": "", "phone": "", "email": "", "notes": "", "active": "on", "version": e.version}


def _referral_plan(w):
    r = w.referral
    return {"expert": r.expert_id, "problem_summary": "Cemas berlebihan menjelang ujian.", "functions": ["pengentasan"],
            "outside_authority": "on", "considerations_note": "", "alternatives_offered": "Psikolog, atau guru BK",
            "client_choice": "Psikolog", "materials": "", "version": r.version}


def _plan(w, **overrides):
    return {"topic": "Sering membolos", "initiative": "konselor", "convener": "kepala",
            "reason": CONFERENCE_REASON, "functions": CONFERENCE_FUNCTIONS,
            "leader": w.cast["konselor"].pk, "held_on": today(), "starts_at": "09:00", "place": "Ruang BK",
            **overrides}


def _participant_stage(w):
    p = f"p{w.participant.pk}"
    return {f"{p}-attended": "true", f"{p}-views": "Kurang pengawasan di rumah.",
            f"{p}-commitment": "Mendampingi belajar di rumah.", f"{p}-version": w.participant.version}


def _c(name, *extra):
    return lambda w: reverse(name, args=[w.conference.pk, *[getattr(w, e).pk for e in extra]])


def _r(name, *args):
    return lambda w: reverse(name, args=[w.referral.pk, *args])


def _service(world):
    """A session of konselor's on the world's case (R12)."""
    world.service = counseling_services.service_record(
        case=world.case, by=world.cast["konselor"], kind="konseling_individual", held_on=timezone.localdate(),
        problem="Sering membolos", notes="Klien bercerita.")


def _summons(world):
    world.service = counseling_services.service_record(
        case=world.case, by=world.cast["konselor"], kind="panggilan_orang_tua", held_on=timezone.localdate(),
        starts_at=datetime.time(9), place="Ruang BK", purpose="Membicarakan perkembangan belajar.", signer="konselor")


def _laiseg(world):
    """The Laiseg of a session of konselor's (R13)."""
    from django.contrib.contenttypes.models import ContentType

    from evaluations.models import Evaluation

    _service(world)
    world.evaluation = Evaluation.objects.get(record_type=ContentType.objects.get_for_model(world.service),
                                              record_id=world.service.pk)


def _answers(w):
    return {"understanding_level": "penuh", "understanding_note": "Paham", "comfort_level": "sebagian",
            "comfort_note": "", "action_level": "penuh", "action_note": "Tidur lebih awal", "done_on": today(),
            "general_note": "", "version": w.evaluation.version}


def _days_ahead(n):
    return (timezone.localdate() + datetime.timedelta(days=n)).isoformat()


def _session_form(w, **more):
    return {"held_on": today(), "starts_at": "10:00", "sharing": "konselor", "problem": "Sering terlambat",
            "technique": "Konseling realita", "notes": "Klien berjanji datang tepat waktu.",
            "agreements": "Jadwal tidur", "next_on": "", **more}


E = Endpoint
ENDPOINTS = [
    # accounts and the session
    E("login", "login", None, lambda w: reverse("login"),
      lambda w: {"username": "konselor", "password": PASSWORD}, changes=("auth.User",), audit="login",
      actor="konselor", observe=_session("_auth_user_id"), forged=("next",)),
    E("logout", "logout", "konselor", lambda w: reverse("logout"), lambda w: {},
      observe=_session("_auth_user_id")),
    E("password_change", "password_change", "konselor", lambda w: reverse("password_change"),
      lambda w: {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
      changes=("auth.User",), audit="password_set"),
    E("password_reset", "password_reset", None, lambda w: reverse("password_reset"),
      lambda w: {"email": "rina.bk@sekolah.sch.id"}, arrange=_with_email, observe=_outbox, audit="password_reset",
      actor="konselor",
      quiet_noop="an unknown address gets the same page as a known one, so that accounts cannot be guessed"),
    E("password_reset_confirm", "password_reset_confirm", None, lambda w: w.reset_url,
      lambda w: {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, changes=("auth.User",),
      audit="password_set", actor="konselor", prepare_client=_reset_link),
    E("my_email", "my_email", "konselor", lambda w: reverse("my_email"), lambda w: {"email": "rina.baru@sekolah.sch.id"},
      changes=("auth.User",), audit="change", forged=("confirmed", "username")),
    E("email_confirm", "email_confirm", "konselor", _email_link, lambda w: {}, arrange=_with_email,
      changes=("bkcase.ConfirmedEmail",), audit="confirm", forged=("email", "user")),
    E("role_decide-confirm", "role_decide", "kepala", lambda w: reverse("role_decide", args=[w.pending.pk, "confirm"]),
      _as_shown, arrange=_role_awaiting, changes=("bkcase.Membership",), audit="confirm",
      forged=("role", "pending_role")),
    E("role_decide-decline", "role_decide", "kepala", lambda w: reverse("role_decide", args=[w.pending.pk, "decline"]),
      _as_shown, arrange=_role_awaiting, changes=("bkcase.Membership",), audit="decline"),
    E("set_language", "set_language", "konselor", lambda w: reverse("set_language"),
      lambda w: {"language": "en", "next": "/"}, observe=_language,
      quiet_noop="Django's language switch ignores a language it does not offer and returns to the page"),
    E("switch_school", "switch_school", "konselor", lambda w: reverse("switch_school"),
      lambda w: {"membership": w.second.pk, "next": "/"}, arrange=_second_school, observe=_session(SESSION_KEY)),
    # list searches: kept in the session under a token, so that no search term reaches a URL
    E("student_list", "student_list", "konselor", lambda w: reverse("student_list"),
      lambda w: {"q": "Siti", "active": "1"}, observe=_searches, quiet_noop=EMPTY_SEARCH),
    E("case_list", "case_list", "konselor", lambda w: reverse("case_list"),
      lambda w: {"q": "membolos", "category": "belajar", "status": "open"}, observe=_searches,
      quiet_noop=EMPTY_SEARCH),
    E("access_log", "access_log", "koordinator", lambda w: reverse("access_log"),
      lambda w: {"nis": w.student.nis, "start": "2026-11-01", "end": today()}, observe=_searches,
      quiet_noop=EMPTY_SEARCH),
    E("referrals:expert_list", "referrals:expert_list", "konselor", lambda w: reverse("referrals:expert_list"),
      lambda w: {"q": "Nurul", "kind": "psikolog", "active": "1"}, observe=_searches, quiet_noop=EMPTY_SEARCH),
    E("referrals:referral_list", "referrals:referral_list", "konselor", lambda w: reverse("referrals:referral_list"),
      lambda w: {"q": "ATK", "stage": "perencanaan", "kind": "psikolog", "start": "2026-01-01", "end": today()},
      observe=_searches, quiet_noop=EMPTY_SEARCH),
    E("conferences:conference_list", "conferences:conference_list", "konselor",
      lambda w: reverse("conferences:conference_list"), lambda w: {"q": "KK", "stage": "perencanaan"},
      observe=_searches, quiet_noop=EMPTY_SEARCH),
    # students and cases
    E("student_create", "student_create", "konselor", lambda w: reverse("student_create"),
      lambda w: {"nis": "2024999", "full_name": "Dimas Saputra", "sex": "L", "date_of_birth": "2009-02-01",
                 "class_name": "X-2", "active": "on"},
      changes=("bkcase.Student",), audit="create", forged=("school", "id")),
    E("student_edit", "student_edit", "konselor", lambda w: reverse("student_edit", args=[w.student.pk]), _student,
      changes=("bkcase.Student",), audit="change", forged=("school",)),
    E("case_create", "case_create", "konselor", lambda w: reverse("case_create", args=[w.student.pk]),
      lambda w: {"category": "sosial", "title": "Bertengkar dengan teman", "source": "wali_kelas",
                 "description": "Catatan.", "opened_on": today()},
      changes=("bkcase.Case",), audit="create", forged=("counselor", "co_counselors", "code", "school")),
    E("case_edit", "case_edit", "konselor", lambda w: reverse("case_edit", args=[w.case.pk]), _case,
      changes=("bkcase.Case",), audit="change", forged=("counselor", "co_counselors", "closed_on", "student")),
    E("case_close", "case_close", "konselor", lambda w: reverse("case_close", args=[w.case.pk]),
      # the world's case has a referral and a conference under way: closing over them is confirmed (R16)
      lambda w: {"closed_on": today(), "closing_note": "Masalah teratasi.", "confirm_open_records": "on",
                 "version": w.case.version, "no_laijapan_reason": "Klien pindah sekolah."},
      changes=("bkcase.Case",), audit="transition"),
    E("case_reopen", "case_reopen", "konselor", lambda w: reverse("case_reopen", args=[w.case.pk]),
      lambda w: {"version": w.case.version}, arrange=_close_case, changes=("bkcase.Case",), audit="transition"),
    # school years and the counselors' classes (R14)
    E("classes", "classes", "koordinator", lambda w: reverse("classes"),
      lambda w: {"year": w.year.pk, f"class-{w.school_class.pk}": w.cast["konselor"].pk,
                 f"homeroom-{w.school_class.pk}": w.cast["walikelas"].pk}, arrange=_school_year,
      changes=("bkcase.SchoolClass",), audit="change", forged=("counselor_to_review", "school")),
    E("school_year_create", "school_year_create", "koordinator", lambda w: reverse("school_year_create"),
      lambda w: {"start_year": "2027", "semester": "ganjil", "make_current": "on"}, arrange=_school_year,
      changes=("bkcase.SchoolYear",), audit="create", forged=("is_current", "school")),
    E("school_year_current", "school_year_current", "koordinator",
      lambda w: reverse("school_year_current", args=[w.year.pk]),
      lambda w: {"semester": "genap", "version": w.year.version}, arrange=_school_year,
      changes=("bkcase.SchoolYear",), audit="change", forged=("is_current", "school")),
    # the roster import (R14)
    E("rosters:upload", "rosters:upload", "koordinator", lambda w: reverse("rosters:upload"),
      lambda w: {"file": upload(csv_bytes([student_row(2)]))},
      arrange=_school_year, changes=("rosters.RosterImport",), audit="create",
      forged=("requested_by", "school", "status", "mapping")),
    E("rosters:roll_over", "rosters:roll_over", "koordinator", lambda w: reverse("rosters:roll_over"),
      lambda w: {"source_year": w.year.pk, "expected_students": 1}, arrange=_school_year,
      changes=("bkcase.SchoolYear", "bkcase.SchoolClass", "bkcase.Enrolment", "bkcase.Student"), audit="create",
      forged=("start_year", "school")),
    E("rosters:mapping", "rosters:mapping", "koordinator",
      lambda w: reverse("rosters:mapping", args=[w.roster_import.pk]),
      lambda w: {"full_name": "0", "nis": "1", "nisn": "2", "sex": "3", "class_name": "6",
                 "version": w.roster_import.version},
      arrange=_roster_uploaded, changes=("rosters.RosterImport",), audit="change", forged=("digest", "status")),
    E("rosters:apply", "rosters:apply", "koordinator", lambda w: reverse("rosters:apply", args=[w.roster_import.pk]),
      lambda w: {"digest": _roster_preview_digest(w)}, arrange=_roster_uploaded,
      changes=("bkcase.Student", "bkcase.Enrolment", "rosters.RosterImport"), audit="change",
      forged=("deactivate_missing", "status", "created")),
    # referrals to BK (R15)
    E("intake:mine", "intake:mine", "walikelas", lambda w: reverse("intake:mine"),
      lambda w: {"student": w.student.pk, "observed": "Sering melamun di kelas.", "observed_since": "2026-11-02",
                 "already_done": "Sudah diajak bicara.", "urgency": "segera"},
      changes=("intake.BkReferral",), audit="create", forged=("teacher", "counselor", "case", "teacher_kind")),
    E("intake:accept", "intake:accept", "konselor", lambda w: reverse("intake:accept", args=[w.bk_referral.pk]),
      lambda w: {"case": "", "category": "pribadi", "title": "Sering melamun", "version": w.bk_referral.version},
      arrange=_bk_referral, changes=("intake.BkReferral", "bkcase.Case"), audit="transition",
      forged=("source", "answered_at")),
    E("intake:answer", "intake:answer", "konselor", lambda w: reverse("intake:answer", args=[w.bk_referral.pk]),
      lambda w: {"answer": "Ditangani wali kelas.", "version": w.bk_referral.version},
      arrange=_bk_referral, changes=("intake.BkReferral",), audit="transition", forged=("case", "answered_by")),
    # the school (operator)
    E("school_edit", "school_edit", "operator", lambda w: reverse("school_edit"), _school,
      changes=("bkcase.School",), audit="change"),
    E("staff_create", "staff_create", "operator", lambda w: reverse("staff_create"),
      lambda w: {"username": "guru_baru", "first_name": "Guru", "role": "konselor", "password": NEW_PASSWORD},
      changes=("auth.User", "bkcase.Membership"), audit="create", forged=("school", "is_superuser", "is_staff")),
    E("staff_edit", "staff_edit", "operator", lambda w: reverse("staff_edit", args=[w.cast["operator"].pk]), _staff,
      changes=("bkcase.Membership",), audit="change", forged=("school", "user", "username", "password")),
    # referrals (ATK)
    E("referrals:expert_create", "referrals:expert_create", "koordinator", lambda w: reverse("referrals:expert_create"),
      lambda w: {"kind": "dokter", "name": "dr. Lestari", "institution": "Puskesmas Kota", "active": "on"},
      changes=("referrals.Expert",), audit="create", forged=("school",)),
    E("referrals:expert_edit", "referrals:expert_edit", "koordinator",
      lambda w: reverse("referrals:expert_edit", args=[w.expert.pk]), _expert,
      changes=("referrals.Expert",), audit="change", forged=("school",)),
    E("referrals:referral_create", "referrals:referral_create", "konselor",
      lambda w: reverse("referrals:referral_create", args=[w.case.pk]),
      lambda w: {"kind": "psikolog", "expert": w.expert.pk, "problem_summary": "Cemas berlebihan.",
                 "functions": ["pengentasan"]},
      changes=("referrals.Referral",), audit="create", forged=("stage", "case", "previous", "consent_on")),
    E("referrals:referral_edit", "referrals:referral_edit", "konselor", _r("referrals:referral_edit"), _referral_plan,
      changes=("referrals.Referral",), audit="change",
      forged=("stage", "consent_exception_reason", "guardian_consent_on", "report_number", "cover_letter_number", "handover_on")),
    E("referrals:referral_add_contact", "referrals:referral_add_contact", "konselor",
      _r("referrals:referral_add_contact"),
      lambda w: {"contacted_on": today(), "channel": "telepon", "response": "positif", "note": "Bersedia."},
      changes=("referrals.ExpertContact",), audit="change", forged=("expert", "referral", "by")),
    E("referrals:referral_record_missed", "referrals:referral_record_missed", "konselor",
      _r("referrals:referral_record_missed"),
      lambda w: {"missed-missed_on": today(), "missed-action": "hubungi_ulang", "missed-note": "Klien sakit."},
      arrange=_referral_at(Stage.PELAKSANAAN), changes=("referrals.MissedAppointment", "referrals.Referral"),
      audit="change", forged=("missed-referral", "missed-by")),
    E("referrals:referral_request_report", "referrals:referral_request_report", "konselor",
      _r("referrals:referral_request_report"),
      lambda w: {"request-requested_on": today(), "request-channel": "whatsapp", "request-note": "Diminta lagi."},
      arrange=_referral_at(Stage.EVALUASI), changes=("referrals.ReportRequest", "referrals.Referral"),
      audit="change", forged=("request-referral", "request-by")),
    E("referrals:referral_transition-advance", "referrals:referral_transition", "konselor",
      _r("referrals:referral_transition", "advance"), lambda w: {"stage": "perencanaan"},
      arrange=_consented_and_agreed, changes=("referrals.Referral", "referrals.ReferralStageChange"),
      audit="transition"),
    E("referrals:referral_transition-back", "referrals:referral_transition", "konselor",
      _r("referrals:referral_transition", "back"), lambda w: {"stage": "pelaksanaan", "note": "Data kurang."},
      arrange=_referral_at(Stage.PELAKSANAAN), changes=("referrals.Referral", "referrals.ReferralStageChange"),
      audit="transition"),
    E("referrals:referral_transition-cancel", "referrals:referral_transition", "konselor",
      _r("referrals:referral_transition", "cancel"), lambda w: {"stage": "perencanaan", "note": "Pindah sekolah."},
      changes=("referrals.Referral", "referrals.ReferralStageChange"), audit="transition"),
    E("referrals:referral_follow_up", "referrals:referral_follow_up", "konselor", _r("referrals:referral_follow_up"),
      lambda w: {"kind": "psikiater", "expert": w.psychiatrist.pk, "problem_summary": "Asesmen psikiatri.",
                 "functions": ["pemahaman"]},
      arrange=_referral_at(Stage.TINDAK_LANJUT, follow_up="atk_baru"), changes=("referrals.Referral",),
      audit="create", forged=("previous", "stage")),
    E("referrals:referral_consent", "referrals:referral_consent", "konselor", _r("referrals:referral_consent"),
      lambda w: _consent_form(w.referral), changes=("referrals.Referral",), audit="change",
      forged=("consent-consent_exception_at", "consent-consent_exception_ground", "consent-stage")),
    E("referrals:referral_consent_exception", "referrals:referral_consent_exception", "koordinator",
      _r("referrals:referral_consent_exception"), _exception_form,
      changes=("referrals.Referral", "referrals.ReferralStageChange"), audit="transition",
      forged=("exception-by", "exception-consent_exception_noted_at")),
    E("consent_exception_noted", "consent_exception_noted", "kepala",
      lambda w: reverse("consent_exception_noted", args=["referrals.referral", w.referral.pk]), lambda w: {},
      arrange=_consent_exception_recorded, changes=("referrals.Referral",), audit="confirm"),
    E("referrals:cover_letter", "referrals:cover_letter", "konselor", _r("referrals:cover_letter"), lambda w: {},
      arrange=_consented_and_agreed, changes=("referrals.Referral", "referrals.ReferralDocument"), audit="export",
      forged=("cover_letter_number",)),
    E("referrals:report", "referrals:report", "konselor", _r("referrals:report"),
      lambda w: {"recipient": "Kepala Sekolah dan orang tua"},
      arrange=_referral_at(Stage.PELAPORAN), changes=("referrals.Referral", "referrals.ReferralDocument"),
      audit="export",
      forged=("report_number",)),
    E("reports:job_create", "reports:job_create", "konselor",
      lambda w: reverse("reports:job_create"),
      lambda w: {"kind": "atk_recap", "start": "2026-01-01", "end": "2026-12-31", "format": "pdf"},
      changes=("reports.ReportJob",), forged=("requested_by", "school", "status")),
    # conferences
    E("conferences:conference_create", "conferences:conference_create", "konselor",
      lambda w: reverse("conferences:conference_create", args=[w.case.pk]), lambda w: _plan(w),
      changes=("conferences.Conference",), audit="create", forged=("approval", "stage", "approval_decided_by")),
    E("conferences:conference_edit", "conferences:conference_edit", "konselor", _c("conferences:conference_edit"),
      lambda w: _plan(w, place="Ruang kepala sekolah", version=w.conference.version),
      changes=("conferences.Conference",), audit="change",
      forged=("approval", "stage", "minutes_opening", "approval_decided_by")),
    E("conferences:conference_consent", "conferences:conference_consent", "konselor",
      _c("conferences:conference_consent"), lambda w: _consent_form(w.conference),
      changes=("conferences.Conference",), audit="change", forged=("consent-approval", "consent-stage")),
    E("conferences:conference_consent_exception", "conferences:conference_consent_exception", "koordinator",
      _c("conferences:conference_consent_exception"), _exception_form, arrange=_conference_without_guardian_consent,
      changes=("conferences.Conference", "conferences.ConferenceStageChange"), audit="transition"),
    E("conferences:participant_add", "conferences:participant_add", "konselor", _c("conferences:participant_add"),
      lambda w: {"participant-group": "a", "participant-role": "wali_kelas", "participant-name": "Bu Ani",
                 "participant-account": w.cast["konselor_lain"].pk},
      changes=("conferences.Participant",), audit="change",
      forged=("participant-acknowledged_at", "participant-conference")),
    E("conferences:participant_update", "conferences:participant_update", "konselor",
      _c("conferences:participant_update", "participant"), _participant_stage, arrange=_held,
      changes=("conferences.Participant",), audit="change"),
    E("conferences:participant_remove", "conferences:participant_remove", "konselor",
      _c("conferences:participant_remove", "participant"), lambda w: {},
      changes=("conferences.Participant",), audit="change"),
    E("conferences:participant_signed", "conferences:participant_signed", "konselor",
      _c("conferences:participant_signed", "on_paper"), lambda w: {}, arrange=_invited_without_account,
      changes=("conferences.Participant",), audit="change"),
    E("conferences:approval_request", "conferences:approval_request", "konselor", _c("conferences:approval_request"),
      lambda w: {}, changes=("conferences.Conference", "conferences.ConferenceStageChange"), audit="transition"),
    E("conferences:approval_decide-approve", "conferences:approval_decide", "kepala",
      lambda w: reverse("conferences:approval_decide", args=[w.conference.pk, "approve"]),
      lambda w: {"decision-comment": "Disetujui."}, arrange=_approval_requested,
      changes=("conferences.Conference", "conferences.ConferenceStageChange"), audit="transition"),
    E("conferences:approval_decide-decline", "conferences:approval_decide", "kepala",
      lambda w: reverse("conferences:approval_decide", args=[w.conference.pk, "decline"]),
      lambda w: {"decision-comment": "Undang guru agama."}, arrange=_approval_requested,
      changes=("conferences.Conference", "conferences.ConferenceStageChange"), audit="transition"),
    E("conferences:information_add", "conferences:information_add", "konselor", _c("conferences:information_add"),
      lambda w: {"info-participant": w.participant.pk, "info-topic": "keluarga", "info-text": "Orang tua bercerai."},
      arrange=_held, changes=("conferences.ParticipantInformation",), audit="change"),
    E("conferences:action_add", "conferences:action_add", "konselor", _c("conferences:action_add"),
      lambda w: {"action-responsible": w.participant.pk, "action-what": "Mendampingi belajar",
                 "action-due_on": "2026-12-15", "action-where": "Rumah"},
      arrange=_following_up, changes=("conferences.ActionItem",), audit="change"),
    E("conferences:action_update", "conferences:action_update", "konselor", _c("conferences:action_update", "item"),
      lambda w: {"status": "done", "completion_note": "Sudah berjalan.", "version": getattr(w.item, "version", 1)},
      arrange=_action_item,
      changes=("conferences.ActionItem",), audit="change", forged=("completed_on", "responsible")),
    E("conferences:conference_transition-advance", "conferences:conference_transition", "konselor",
      lambda w: reverse("conferences:conference_transition", args=[w.conference.pk, "advance"]),
      lambda w: {"stage": "perencanaan"}, arrange=_approved,
      changes=("conferences.Conference", "conferences.ConferenceStageChange"), audit="transition"),
    E("conferences:conference_transition-back", "conferences:conference_transition", "konselor",
      lambda w: reverse("conferences:conference_transition", args=[w.conference.pk, "back"]),
      lambda w: {"stage": "pelaksanaan", "note": "Rencana berubah."}, arrange=_held,
      changes=("conferences.Conference", "conferences.ConferenceStageChange"), audit="transition"),
    E("conferences:conference_transition-cancel", "conferences:conference_transition", "konselor",
      lambda w: reverse("conferences:conference_transition", args=[w.conference.pk, "cancel"]),
      lambda w: {"stage": "perencanaan", "note": "Klien pindah sekolah."},
      changes=("conferences.Conference", "conferences.ConferenceStageChange"), audit="transition"),
    E("conferences:document", "conferences:document", "konselor",
      lambda w: reverse("conferences:document", args=[w.conference.pk, "undangan"]), lambda w: {},
      arrange=_approved, changes=("conferences.ConferenceDocument",), audit="export", forged=("number", "kind")),
    E("conferences:invitation_letter", "conferences:invitation_letter", "konselor",
      _c("conferences:invitation_letter", "participant"), lambda w: {},
      arrange=_approved, changes=("conferences.ConferenceDocument",), audit="export"),
    E("conferences:invitation", "conferences:invitation", "peserta",
      lambda w: reverse("conferences:invitation", args=[w.participant.pk]), lambda w: {},
      changes=("conferences.Participant",), audit="change", forged=("acknowledged_how", "account")),
    # the counselor's services on a case (R12)
    E("counseling:service_create", "counseling:service_create", "konselor",
      lambda w: reverse("counseling:service_create", args=[w.case.pk, "konseling_individual"]), _session_form,
      changes=("counseling.Service",), audit="create",
      forged=("meeting_number", "group", "follows", "created_by", "case", "school", "kind", "version")),
    E("counseling:service_create-kelompok", "counseling:service_create", "konselor",
      lambda w: reverse("counseling:service_create", args=[w.case.pk, "konseling_kelompok"]),
      lambda w: _session_form(w, topic="Mengelola waktu", group_note="Berlatih membuat jadwal.",
                              other_members="Dina"),
      changes=("counseling.Service", "counseling.GroupSession"), audit="create", forged=("member_cases",)),
    E("counseling:service_edit", "counseling:service_edit", "konselor",
      lambda w: reverse("counseling:service_edit", args=[w.service.pk]),
      lambda w: _session_form(w, version=w.service.version), arrange=_service,
      changes=("counseling.Service", "counseling.ServiceCorrection"), audit="change",
      forged=("meeting_number", "case", "created_by", "kind", "group")),
    E("counseling:service_follow_up", "counseling:service_follow_up", "konselor",
      lambda w: reverse("counseling:service_follow_up", args=[w.service.pk]), lambda w: {}, arrange=_service,
      changes=("counseling.Service",), audit="create", forged=("held_on", "case")),
    E("counseling:service_document", "counseling:service_document", "konselor",
      lambda w: reverse("counseling:service_document", args=[w.service.pk, "surat_panggilan"]), lambda w: {},
      arrange=_summons, changes=("counseling.ServiceDocument",), audit="export", forged=("number",)),
    # the follow-up evaluations (R13)
    E("evaluations:evaluation_detail", "evaluations:evaluation_detail", "konselor",
      lambda w: reverse("evaluations:evaluation_detail", args=[w.evaluation.pk]), _answers, arrange=_laiseg,
      changes=("evaluations.Evaluation",), audit="change",
      forged=("status", "done_by", "variant", "with_scale", "answers", "case", "due_on")),
    E("evaluations:evaluation_reschedule", "evaluations:evaluation_reschedule", "konselor",
      lambda w: reverse("evaluations:evaluation_reschedule", args=[w.evaluation.pk]),
      lambda w: {"due_on": _days_ahead(3), "reason": "Klien mengikuti ujian.", "version": w.evaluation.version},
      arrange=_laiseg, changes=("evaluations.Evaluation", "evaluations.Reschedule"), audit="change",
      forged=("status", "by")),
    E("evaluations:evaluation_missed", "evaluations:evaluation_missed", "konselor",
      lambda w: reverse("evaluations:evaluation_missed", args=[w.evaluation.pk]),
      lambda w: {"reason": "Klien pindah sekolah.", "version": w.evaluation.version}, arrange=_laiseg,
      changes=("evaluations.Evaluation",), audit="change", forged=("status", "missed_by")),
    E("evaluations:services_end", "evaluations:services_end", "konselor",
      lambda w: reverse("evaluations:services_end", args=[w.case.pk]), lambda w: {"ended_on": today()},
      changes=("evaluations.Evaluation",), audit="create", forged=("kind", "due_on", "record_id")),
    E("evaluations:evaluation_settings", "evaluations:evaluation_settings", "koordinator",
      lambda w: reverse("evaluations:evaluation_settings"),
      lambda w: {"variant": "akurs", "with_scale": "on", "laijapen_days": "21", "laijapan_days": "75",
                 "email_reminders": "on"},
      changes=("evaluations.EvaluationSettings",), audit="change", forged=("school", "version")),
]

BY_ID = {endpoint.id: endpoint for endpoint in ENDPOINTS}
