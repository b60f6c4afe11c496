"""The authentication backend: Django's ModelBackend, except that the signed-in user is read on
each request together with their active roles, in one query. The membership middleware
(access.current_membership) then reads the roles from the user rather than asking again."""

from django.contrib.auth.backends import ModelBackend

from .access import active_memberships_of


class MembershipBackend(ModelBackend):
    def get_user(self, user_id):
        memberships = active_memberships_of(user_id)
        if not memberships:  # an account with no active role (the platform's administrator, say)
            return super().get_user(user_id)
        user = memberships[0].user
        for membership in memberships:
            membership.user = user  # one user object, whichever role the request acts in
        user.active_memberships = memberships
        return user
