"""Every query of the busy pages can be answered from an index: with sequential scans priced out
(enable_seqscan off), PostgreSQL's plan for each still reads no table from end to end. On a district
of many schools this is what keeps a page's cost independent of the other schools' rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bkcase.models import Case, Student
from conferences.models import Conference
from counseling.models import Service
from evaluations.models import Evaluation
from referrals.models import Referral

from .test_query_counts import PAGES, grow


def sequential_scans(sql):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    return [line.strip() for line in plan.splitlines() if "Seq Scan" in line]


def first(model):
    return model.objects.order_by("pk").first().pk


DETAIL_PAGES = [
    ("konselor", lambda: reverse("case_detail", args=[first(Case)])),
    ("konselor", lambda: reverse("referrals:referral_detail", args=[first(Referral)])),
    ("konselor", lambda: reverse("conferences:conference_detail", args=[first(Conference)])),
    ("konselor", lambda: reverse("student_chronology", args=[Case.objects.order_by("pk").first().student_id])),
    ("konselor", lambda: reverse("counseling:service_detail", args=[first(Service)])),
    ("konselor", lambda: reverse("evaluations:evaluation_detail", args=[first(Evaluation)])),
    ("koordinator", lambda: reverse("access_log") + f"?nis={Student.objects.order_by('pk').first().nis}"
                                                    "&start=2026-01-01&end=2099-12-31"),
]


def test_every_query_of_the_page_has_an_index_to_use(client_for, cast, school):
    """Every page of the lists' and the records' pages, each as its user, on one set of rows made for
    all of them; a failure names each page and its queries that scan a table."""
    grow(cast, school, 3)
    clients = {who: client_for(who) for who, _url in PAGES + DETAIL_PAGES}
    found = {}
    for who, url in PAGES + DETAIL_PAGES:
        path = url()
        with CaptureQueriesContext(connection) as captured:
            assert clients[who].get(path).status_code == 200, path
        for query in captured.captured_queries:
            sql = query["sql"]
            if sql.startswith("SELECT"):
                scans = sequential_scans(sql)
                if scans:
                    found[f"{who} {path}: {sql[:300]}"] = scans
    assert not found, "\n\n".join(f"{sql}\n  {scans}" for sql, scans in found.items())
