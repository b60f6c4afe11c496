"""The counselor's services of a generated district (see bkcase/loadgen.py): about ten per case, of
every kind, in bulk, so that `make bench` measures a case page with a long chronology."""

import datetime

from .models import Kind, Party, Service, Sharing, Signer

# the kinds of a case's ten entries, in order: mostly sessions, as a counselor's week is
PATTERN = [Kind.INDIVIDUAL, Kind.INDIVIDUAL, Kind.KONSULTASI, Kind.INDIVIDUAL, Kind.PANGGILAN, Kind.INDIVIDUAL,
           Kind.KUNJUNGAN, Kind.INDIVIDUAL, Kind.CATATAN, Kind.INDIVIDUAL]
EXTRA = {
    Kind.KONSULTASI: {"party": Party.WALI_KELAS, "participants": "Wali kelas"},
    Kind.PANGGILAN: {"place": "Ruang BK", "purpose": "Membicarakan perkembangan belajar.", "signer": Signer.KONSELOR,
                     "starts_at": datetime.time(9), "attended": True},
    Kind.KUNJUNGAN: {"participants": "Guru BK", "met_with": "Orang tua", "agreements": "Pendampingan belajar."},
}


def generate(world, rng):
    school, today = world["school"], world["today"]
    services = []
    for case in world["cases"]:
        count = rng.randint(8, 12)
        meeting = 0
        for i in range(count):
            kind = PATTERN[i % len(PATTERN)]
            held_on = case.opened_on + datetime.timedelta(days=3 * i)
            planned = held_on > today
            if kind == Kind.INDIVIDUAL:
                meeting += 1
            services.append(Service(
                school=school, case=case, kind=kind, held_on=held_on, created_by=case.counselor,
                sharing=Sharing.COORDINATOR if i % 3 == 0 else Sharing.COUNSELORS,
                meeting_number=meeting if kind == Kind.INDIVIDUAL else None,
                problem="Masalah belajar" if kind == Kind.INDIVIDUAL else "",
                technique="Konseling realita" if kind == Kind.INDIVIDUAL else "",
                notes="" if planned else "Catatan pertemuan.",
                **{key: value for key, value in EXTRA.get(kind, {}).items() if not (planned and key == "attended")},
            ))
    Service.objects.bulk_create(services, batch_size=5000)
