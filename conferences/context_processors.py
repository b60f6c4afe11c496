from .access import can_list_conferences


def navigation(request):
    return {"nav_conferences": can_list_conferences(getattr(request, "membership", None))}
