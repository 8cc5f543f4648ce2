from django.conf import settings


def platform(request):
    from core.formatting import time_zone_label

    return {
        "PLATFORM_NAME": settings.PLATFORM_NAME,
        "SITE_URL": settings.SITE_URL,
        "TIME_ZONE_LABEL": time_zone_label,
    }


def member(request):
    """The header's view of a member's own work on every page, computed only when a template asks."""
    user = getattr(request, "user", None)

    def once(compute):
        cache: list = []

        def value():
            if not cache:
                cache.append(compute())
            return cache[0]

        return value

    from core import home

    return {
        "MY_SHORTCUTS": once(lambda: home.shortcuts_for(user)),
        "UNREAD_COUNT": once(lambda: home.unread_count(user)),
        "UNREAD_URL": once(home.unread_url),
    }
