"""The demo teacher `walikelas` (homeroom teacher of X 1, one of `konselor`'s classes) has one
referral to BK in each status: received, being handled (accepted into a case) and closed (answered)."""

import datetime

from django.utils import timezone

from bkcase.models import Enrolment

from . import services
from .models import BkReferral

REFERRALS = [
    ("Sering melamun di kelas dan tidak mengerjakan tugas selama dua minggu.", "Sudah diajak bicara setelah "
     "pelajaran; belum ada perubahan.", "segera", None),
    ("Bertengkar dengan teman sebangku dan menolak masuk kelas.", "Sudah dipisahkan tempat duduknya.", "darurat",
     "accept"),
    ("Sering terlambat datang pada jam pertama.", "Sudah ditegur dan orang tua sudah dihubungi.", "biasa",
     "answer"),
]


def load(demo):
    teacher, counselor = demo["members"]["walikelas"], demo["members"]["konselor"]
    if BkReferral.objects.filter(teacher=teacher).exists():
        return
    pupils = [e.student for e in Enrolment.objects.filter(year=demo["year"], school_class__name="X 1")
              .select_related("student").order_by("student__full_name")]
    today = timezone.localdate()
    for pupil, (observed, done, urgency, outcome) in zip(pupils, REFERRALS, strict=False):
        referral = services.bk_referral_send(by=teacher, student=pupil, observed=observed, already_done=done,
                                             urgency=urgency, observed_since=today - datetime.timedelta(days=14))
        if outcome == "accept":
            services.bk_referral_accept(by=counselor, referral=referral, version=referral.version,
                                        category="sosial", title="Konflik dengan teman sekelas")
        elif outcome == "answer":
            services.bk_referral_answer(by=counselor, referral=referral, version=referral.version,
                                        answer="Ditangani wali kelas bersama orang tua; BK memantau.")
