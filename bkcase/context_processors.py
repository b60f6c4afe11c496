from . import access


def membership(request):
    m = getattr(request, "membership", None)
    return {
        "membership": m,
        "school": m.school if m else None,
        "other_memberships": getattr(request, "other_memberships", ()),
        "nav_students": access.can_read_students(m),
        "nav_cases": access.can_own_cases(m),
        "nav_school": access.can_manage_school(m),
        "nav_access_log": access.can_read_access_log(m),
        "nav_classes": access.can_manage_classes(m),
        "nav_roster_import": access.can_import_roster(m),
    }
