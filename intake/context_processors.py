from .access import can_handle_bk_referrals, can_refer_to_bk


def navigation(request):
    membership = getattr(request, "membership", None)
    return {"nav_bk_inbox": can_handle_bk_referrals(membership), "nav_bk_mine": can_refer_to_bk(membership)}
