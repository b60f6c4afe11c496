from .access import can_read_experts


def navigation(request):
    return {"nav_experts": can_read_experts(getattr(request, "membership", None))}
