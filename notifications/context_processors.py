def unread(request):
    """The unread count of the header: for a fully verified session acting for an organisation only (one query)."""
    user = getattr(request, "user", None)
    membership = getattr(request, "membership", None)
    if membership is None or user is None or not user.is_authenticated or not user.is_verified():
        return {"notifications_unread": None}
    from notifications.queries import unread_count

    return {"notifications_unread": unread_count(membership)}
