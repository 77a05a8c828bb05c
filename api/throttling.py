"""Throttling: anonymous clients by address, token holders by account.

DRF reads the rates once, when its throttle classes are imported; these read them on every
request (`REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`, set from REGISTRY_ANON_THROTTLE_RATE and
REGISTRY_USER_THROTTLE_RATE), so settings can change them, and a rate of None turns one off.
"""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


class _RateFromSettings:
    scope: str

    def get_rate(self) -> str | None:
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class AnonThrottle(_RateFromSettings, AnonRateThrottle):
    pass


class UserThrottle(_RateFromSettings, UserRateThrottle):
    def get_cache_key(self, request, view) -> str | None:
        # DRF's user throttle counts anonymous clients by address too; here AnonThrottle alone
        # does, so an anonymous client's limit is the anonymous rate and nothing else.
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
