from .access import can_read_experts, can_work_on_referrals


def navigation(request):
    membership = getattr(request, "membership", None)
    return {"nav_experts": can_read_experts(membership), "nav_referrals": can_work_on_referrals(membership)}
