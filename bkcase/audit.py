"""The audit trail: one row per view, change, transition, export or denial of a confidential record.

Rows name who, in which role, did what to which object, when and from where; they never hold
narrative text. The client address comes from the request being served (set by
`AuditContextMiddleware`), so services can write audit rows without knowing about requests.
"""

from contextvars import ContextVar

from django.conf import settings

from .models import AuditEvent

_client_ip = ContextVar("bkcase_client_ip", default=None)
# The view rows of the request being served (record_shown): written together, in one INSERT, when the
# view has answered and before the answer leaves (AuditContextMiddleware). None outside a request.
_shown_rows = ContextVar("bkcase_shown_rows", default=None)

Action = AuditEvent.Action


def client_ip(request):
    """The user's address. Behind a reverse proxy listed in TRUSTED_PROXIES, the address the proxy
    saw (the last entry of X-Forwarded-For); never a value a client could choose by itself."""
    remote = request.META.get("REMOTE_ADDR") or None
    if remote in settings.TRUSTED_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-1]
    return remote


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(client_ip(request))
        rows = []
        shown = _shown_rows.set(rows)
        try:
            response = self.get_response(request)
            # the page's view rows in one INSERT (a home page names students in several panels);
            # should it fail, the page is not sent (an error page is): nothing shown goes unaudited
            if rows:
                AuditEvent.objects.bulk_create(rows, batch_size=1000)
            return response
        finally:
            _shown_rows.reset(shown)
            _client_ip.reset(token)


def student_id_of(obj):
    if obj is None:
        return None
    from .models import Student

    if isinstance(obj, Student):
        return obj.pk
    return getattr(obj, "audit_student_id", None)


def record(*, by, action, obj=None, user=None, object_type=None, object_id=None, student_id=None, detail="",
           username=None, school_id=None):
    """Write one audit row. `by` is the acting membership (or None for a user without one);
    `detail` names what changed in codes and field names, never narrative text."""
    user = user or (by.user if by else None)
    return AuditEvent.objects.create(
        user=user,
        username=username if username is not None else (user.get_username() if user else ""),
        detail=detail[:120],
        role=by.role if by else "",
        school_id=by.school_id if by else school_id,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(object_id if object_id is not None else (obj.pk if obj is not None else "")),
        student_id=student_id if student_id is not None else student_id_of(obj),
        ip=_client_ip.get(),
    )


def _student_rows(*, by, action, object_type, object_id, student_ids):
    user = by.user
    return [
        AuditEvent(user=user, username=user.get_username(), role=by.role, school_id=by.school_id, action=action,
                   object_type=object_type, object_id=str(object_id), student_id=student_id, ip=_client_ip.get())
        for student_id in sorted(set(student_ids))
    ]


def record_for_students(*, by, action, object_type, object_id, student_ids):
    """One audit row per student a document holds (a recap, say), in one INSERT: each student's
    access log then shows that they appeared in it."""
    AuditEvent.objects.bulk_create(
        _student_rows(by=by, action=action, object_type=object_type, object_id=object_id, student_ids=student_ids),
        batch_size=1000,
    )


def record_shown(*, by, object_type, records):
    """A list or home page named these records' students with their problem: one view row per
    student (S28). `records` are students or records with `audit_student_id`. Within a request the
    rows of every list of the page are written together once the view has answered, in one INSERT;
    outside one, at once."""
    student_ids = {student_id_of(record) for record in records} - {None}
    if not student_ids:
        return
    rows = _student_rows(by=by, action=Action.VIEW, object_type=object_type, object_id="", student_ids=student_ids)
    pending = _shown_rows.get()
    if pending is None:
        AuditEvent.objects.bulk_create(rows, batch_size=1000)
    else:
        pending.extend(rows)
