from .access import current_membership


class MembershipMiddleware:
    """Attach the signed-in user's role in their school to the request (request.membership)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = current_membership(request)
        return self.get_response(request)
