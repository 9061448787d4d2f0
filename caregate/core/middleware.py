"""Show times in the site's own time zone; they are stored in UTC."""

import zoneinfo

from django.conf import settings
from django.utils import timezone


class SiteTimezoneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.zone = zoneinfo.ZoneInfo(settings.SITE_TIME_ZONE)

    def __call__(self, request):
        timezone.activate(self.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
