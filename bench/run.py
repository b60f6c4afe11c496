"""`make bench`: throughput, latency, PDF cost and memory of bkcase on a generated district, each
reported against a yardstick measured in the same run (machines here are noisy).

Yardsticks: a bare HttpResponse("ok") view and the Django admin changelist of referrals, served by
the same gunicorn; for documents, WeasyPrint rendering the same text as plain paragraphs, and a
plain table of the same 1,000 recap rows.

Runs inside scripts/with-postgres.sh (DATABASE_URL set); gunicorn with 2 workers, DEBUG off.
"""

import datetime
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "bkcase.settings.bench", "PYTHONPATH": str(ROOT)}
DURATION = float(os.environ.get("BENCH_SECONDS", "9"))  # a page's measuring time, in all its rounds
ROUNDS = 3
PAGES = ("list", "detail", "case", "home")  # the application's pages measured; p95 and growth are theirs
SECONDS_A_ROUND = max(1, round(DURATION / ROUNDS))


# migrations and the data generator (which ANALYZEs the tables) run as the database's owner; the
# served application as its own role, as in production
OWNER_ENV = {**ENV, "DATABASE_URL": os.environ.get("DATABASE_OWNER_URL", ENV.get("DATABASE_URL", ""))}


def manage(*args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=OWNER_ENV, check=True)


def django_setup():
    os.environ.update({k: v for k, v in ENV.items() if k not in os.environ or k == "DJANGO_SETTINGS_MODULE"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def sessions():
    """Session cookies for a counselor of the first school and a superuser, and the URLs to hit."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    from bkcase.models import Membership
    from referrals.access import referrals_visible_to

    def cookie(user):
        store = SessionStore()
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[-1]
        store["_auth_user_hash"] = user.get_session_auth_hash()
        store.create()
        return f"sessionid={store.session_key}"

    counselor = Membership.objects.filter(role="konselor").order_by("pk").first()
    referral = referrals_visible_to(counselor).order_by("pk").first()
    case = longest_chronology(counselor)
    admin, _ = get_user_model().objects.get_or_create(username="bench-admin", defaults={"is_staff": True,
                                                                                        "is_superuser": True})
    return cookie(counselor.user), cookie(admin), referral.pk, case.pk


def longest_chronology(counselor):
    """The counselor's case with the most entries in its chronology (services, referrals, conferences)."""
    from django.db.models import Count

    from bkcase.access import cases_visible_to

    return (cases_visible_to(counselor).filter(counselor=counselor)
            .annotate(entries=Count("counseling_services", distinct=True) + Count("referrals", distinct=True)
                      + Count("conferences", distinct=True))
            .order_by("-entries", "pk").first())


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url, cookie=None, connections=8, seconds=SECONDS_A_ROUND):
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(ROOT / "bench" / "p95.lua"), url]
    if cookie:
        args[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p95 = int(re.search(r"P95_US (\d+)", out).group(1)) / 1000
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{url}: {non2xx.group(1)} error responses")
    return rps, p95


def worker_mb(master_pid):
    children = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024)
    return max(peaks)


def measure_pages(base, counselor, admin, referral_pk, case_pk, label):
    """Each page's req/s and p95 at 8 connections, in ROUNDS rounds that take the pages in turn (the
    yardsticks with them): a machine that slows for a while slows every page of a round alike, not
    only the page measured then. A page's figures are the medians of its rounds."""
    list_url, detail_url = f"{base}/referrals/", f"{base}/referrals/{referral_pk}/"
    case_url = f"{base}/cases/{case_pk}/"
    home_url = f"{base}/"
    for url in (list_url, detail_url, case_url, home_url):  # warm up connections and caches
        subprocess.run(["curl", "-s", "-o", "/dev/null", "-H", f"Cookie: {counselor}", url], check=True)
    pages = {
        "bare": (f"{base}/bench/ok", None),
        "list": (list_url, counselor),
        "detail": (detail_url, counselor),
        "case": (case_url, counselor),
        "home": (home_url, counselor),
        "admin": (f"{base}/bench/admin/referrals/referral/", admin),
    }
    rounds = {name: [] for name in pages}
    for _ in range(ROUNDS):
        for name, (url, cookie) in pages.items():
            rounds[name].append(wrk(url, cookie, seconds=SECONDS_A_ROUND))
    for name, measured in rounds.items():
        print(f"[{label}] {name:7s} {median_rps(measured):9.1f} req/s   p95 {median_p95(measured):7.1f} ms   (rounds: "
              + ", ".join(f"{r:.1f}" for r, _ in measured) + ")")
    return rounds


def median_rps(measured):
    return statistics.median(rps for rps, _ in measured)


def median_p95(measured):
    return statistics.median(p95 for _, p95 in measured)


def ratio(rounds, page, yardstick):
    """The median, over the rounds, of the page's req/s against the yardstick's of the same round."""
    return statistics.median(a / b for (a, _), (b, _) in zip(rounds[page], rounds[yardstick], strict=True))


BLOCK_TAGS = r"</?(?:p|div|h\d|tr|li|header|table|thead|tbody|br)\b[^>]*>"


def plain_paragraphs(html):
    """The yardstick for a document: the same text, block by block, as plain paragraphs (no
    letterhead, no tables, no page boxes), in the same font and size."""
    body = re.sub(r"(?s)<head>.*?</head>", "", html)
    lines = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", block)).strip() for block in re.split(BLOCK_TAGS, body)]
    return "<!DOCTYPE html><html><body style='font-family: DejaVu Sans; font-size: 10pt'>" + "".join(
        f"<p>{line}</p>" for line in lines if line
    ) + "</body></html>"


def timed(fn, runs=5):
    fn()  # fonts and stylesheets loaded once, as in a running worker
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def timed_against(fn, yardstick, runs=9):
    """The medians of `fn`'s and `yardstick`'s times, run by turns (each once first, to load fonts and
    stylesheets as a running worker has): a slower spell of the machine weighs on both alike."""
    fn(), yardstick()
    times, yardstick_times = [], []
    for _ in range(runs):
        for run, into in ((fn, times), (yardstick, yardstick_times)):
            started = time.perf_counter()
            run()
            into.append(time.perf_counter() - started)
    return statistics.median(times), statistics.median(yardstick_times)


def pdf_costs():
    """The Laporan ATK against the same text as plain paragraphs; a recap of 1,000 referrals
    (the district's first thousand) against a plain 1,000-row table of the same columns."""
    from django.db.models import Q
    from weasyprint import HTML

    from bkcase.documents import render_html
    from referrals import documents
    from referrals.models import Referral
    from reports import atk_recap

    referral = Referral.objects.filter(~Q(report_number="")).select_related("case__student", "school").first()
    html = render_html("documents/referral_report.html", documents.report_context(referral))
    letter, baseline = timed_against(lambda: documents.report_pdf(referral),
                                     lambda: HTML(string=plain_paragraphs(html)).write_pdf())

    ids = list(Referral.objects.order_by("pk").values_list("pk", flat=True)[:1000])
    thousand = Referral.objects.filter(pk__in=ids)
    period = {"start": datetime.date(2000, 1, 1), "end": datetime.date.today()}
    recap = timed(lambda: atk_recap.recap_pdf(thousand, school=referral.school, scope="bench", **period), runs=1)
    rows = "".join(
        f"<tr><td>{n}</td><td>{r.code}</td><td>{r.created_on}</td><td>{r.student_name}</td><td>{r.class_name}</td>"
        f"<td>{r.counselor_name}</td><td>{r.expert_name}</td><td>{r.stage}</td><td>{r.effectiveness}</td></tr>"
        for n, r in enumerate(atk_recap.recap_rows(thousand), start=1)
    )
    table = f"<html><body style='font-family: DejaVu Sans; font-size: 8pt'><table>{rows}</table></body></html>"
    plain_table = timed(lambda: HTML(string=table).write_pdf(), runs=1)
    print(f"PDF laporan ATK {letter * 1000:.0f} ms, the same text as plain paragraphs {baseline * 1000:.0f} ms; "
          f"recap of {len(ids)} referrals {recap:.1f} s, a plain table of the same rows {plain_table:.1f} s")
    return letter / baseline


def import_costs(rows=10_000):
    """The roster import of `rows` new students from an .xlsx (the preview, then the import: it reads
    the file again, checks it against the preview and writes students, classes, enrolments and the
    audit rows in one transaction) against a plain bulk insert of the same rows read from the same
    file. Both are rolled back."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from openpyxl import Workbook, load_workbook

    from bkcase.models import Membership, Role, SchoolYear, Student
    from rosters import services

    school_id = Membership.objects.filter(role="konselor").order_by("pk").values_list("school_id", flat=True).first()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["Nama", "NIS", "NISN", "JK", "Tempat Lahir", "Tanggal Lahir", "Rombel", "Nama Ayah", "Nama Ibu",
                  "Telepon", "Alamat"])
    for n in range(rows):
        sheet.append([f"Siswa Impor {n:05d}", f"9{n:07d}", f"{7_700_000_000 + n}", "LP"[n % 2], "Semarang",
                      datetime.date(2010, 1 + n % 12, 1 + n % 28), f"X {1 + n % 12}", f"Ayah {n}", f"Ibu {n}",
                      "081234567890", "Jl. Melati 3"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()

    def rolled_back(fn):
        with transaction.atomic():
            started = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - started
            transaction.set_rollback(True)
        return elapsed, result

    def importing():
        SchoolYear.objects.filter(school_id=school_id).update(is_current=False)
        SchoolYear.objects.create(school_id=school_id, start_year=2090, is_current=True)
        user = get_user_model().objects.create(username="bench-importer")
        by = Membership.objects.create(school_id=school_id, role=Role.KOORDINATOR, user=user)
        roster_import = services.roster_upload(by=by, uploaded_file=SimpleUploadedFile("bench.xlsx", content))
        started = time.perf_counter()
        plan = services.roster_preview(roster_import=roster_import)
        preview = time.perf_counter() - started
        started = time.perf_counter()
        done = services.roster_apply(by=by, roster_import=roster_import, digest=plan.digest)
        return preview, time.perf_counter() - started, done.created

    def plain():
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        values = list(sheet.iter_rows(min_row=2, values_only=True))
        Student.objects.bulk_create(
            [Student(school_id=school_id, full_name=v[0], nis=v[1], nisn=str(v[2]), sex=v[3], place_of_birth=v[4],
                     date_of_birth=v[5], class_name=v[6], guardian_name=v[7], guardian_phone=v[9], address=v[10])
             for v in values], batch_size=1000)
        return len(values)

    from django.conf import settings

    settings.ROSTER_BACKGROUND_FROM = rows * 10  # the import itself, not the queue
    settings.ROSTER_PREVIEW_BACKGROUND_FROM = rows * 10  # the preview too
    _total, (preview, imported, created) = rolled_back(importing)
    baseline, inserted = rolled_back(plain)
    assert created == inserted == rows, (created, inserted)
    print(f"roster import of {rows} rows: preview {preview:.1f} s, import {imported:.1f} s; "
          f"a plain bulk insert of the same rows from the same file {baseline:.1f} s")
    return imported / baseline


def report_costs():
    """The semester report of a generated school (the coordinator's: every table of the page, its SQL
    and the rolling up) against a plain query of the same counts: one GROUP BY per table on the
    school's rows, no scoping, no rolling up. The charts' drawing is timed on its own."""
    from django.db.models import Count, Q

    from bkcase.models import Case, Membership, SchoolYear
    from conferences.models import Conference
    from counseling.models import Service
    from evaluations.models import Evaluation
    from referrals.models import Referral
    from reports import charts
    from reports.figures import Period, all_tables, period_figures

    coordinator = Membership.objects.filter(role="koordinator").select_related("school", "user").order_by("pk").first()
    school_id, end = coordinator.school_id, datetime.date.today()
    start = end - datetime.timedelta(days=182)
    period = Period(start=start, end=end, year=SchoolYear.current_of(school_id))

    def plain():
        cases = Case.objects.filter(school_id=school_id)
        in_play = cases.filter(opened_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        measures = {"opened": Count("id", filter=Q(opened_on__gte=start)), "closed": Count("id", filter=Q(
            closed_on__lte=end)), "open": Count("id", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end))}
        for field in ("category", "student__sex", "source", "school_class__level"):
            list(in_play.values(field).annotate(**measures))
        list(cases.filter(opened_on__gte=start, opened_on__lte=end).values("opened_on__month").annotate(n=Count("id")))
        list(cases.filter(closed_on__gte=start, closed_on__lte=end).values("closed_on__month").annotate(n=Count("id")))
        services = Service.objects.filter(school_id=school_id, held_on__gte=start, held_on__lte=end)
        list(services.values("kind").annotate(n=Count("id")))
        list(services.values("created_by", "kind").annotate(n=Count("id")))
        referrals = Referral.objects.filter(school_id=school_id, created_at__date__gte=start, created_at__date__lte=end)
        for field in ("expert__kind", "stage", "effectiveness"):
            list(referrals.values(field).annotate(n=Count("id")))
        Conference.objects.filter(school_id=school_id, held_on__gte=start, held_on__lte=end).aggregate(n=Count("id"))
        list(Evaluation.objects.filter(school_id=school_id, due_on__gte=start, due_on__lte=end)
             .values("kind", "status").annotate(n=Count("id")))

    report, baseline = timed_against(lambda: period_figures(coordinator, period), plain)
    drawing = timed(lambda: charts.draw(all_tables(period_figures(coordinator, period)))) - report
    counted = Case.objects.filter(school_id=school_id).count()
    print(f"semester report of a school ({counted} cases) {report * 1000:.0f} ms, a plain query of the same counts "
          f"{baseline * 1000:.0f} ms; drawing its charts {drawing * 1000:.0f} ms")
    return report / baseline


def main():
    manage("migrate", "-v0")
    manage("generate_load_data", "--schools", "10", "--students", "1000")
    django_setup()
    counselor, admin, referral_pk, case_pk = sessions()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "bkcase.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"], cwd=ROOT, env=ENV,
    )
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        small = measure_pages(base, counselor, admin, referral_pk, case_pk, "10 schools")
        manage("generate_load_data", "--schools", "90", "--students", "1000", "--first-npsn", "70000010")
        large = measure_pages(base, counselor, admin, referral_pk, case_pk, "100 schools")
        memory = worker_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=10)
    pdf_ratio = pdf_costs()
    import_ratio = import_costs()
    report_ratio = report_costs()
    # how much slower a page is with 100 schools than with 10, each size measured against the bare view
    # of its own rounds: the machine's speed moves between the two (the bare view with it), the data's
    # size does not touch the bare view
    growth = max(ratio(small, page, "bare") / ratio(large, page, "bare") for page in PAGES)
    print(f"gunicorn worker peak memory {memory:.0f} MB")
    print(
        f"RATIOS list_vs_bare={ratio(large, 'list', 'bare'):.3f} detail_vs_bare={ratio(large, 'detail', 'bare'):.3f} "
        f"case_vs_bare={ratio(large, 'case', 'bare'):.3f} home_vs_bare={ratio(large, 'home', 'bare'):.3f} "
        f"list_vs_admin={ratio(large, 'list', 'admin'):.2f} "
        f"p95_ms={max(median_p95(large[page]) for page in PAGES):.1f} pdf_vs_plain={pdf_ratio:.2f} "
        f"worker_mb={memory:.0f} growth={growth:.2f} import_vs_bulk={import_ratio:.2f} "
        f"report_vs_plain={report_ratio:.2f}"
    )


def report_only():
    """`bench/run.py report`: the report's figure alone, on a district of three schools."""
    manage("migrate", "-v0")
    manage("generate_load_data", "--schools", "3", "--students", "1000")
    django_setup()
    print(f"RATIOS report_vs_plain={report_costs():.2f}")


if __name__ == "__main__":
    report_only() if sys.argv[1:] == ["report"] else main()
