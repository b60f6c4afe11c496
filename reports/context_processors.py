from .access import can_open_reports


def navigation(request):
    return {"nav_reports": can_open_reports(getattr(request, "membership", None))}
