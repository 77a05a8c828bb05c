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
    pass
