"""Flash messages in a `__Host-` prefixed cookie over HTTPS, like every other cookie we set.

Django's cookie storage always names its cookie `messages`; a subdomain could then plant or
overwrite it. The session stays the fallback for messages too large for a cookie.
"""

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage


class HostCookieStorage(CookieStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Browsers drop __Host- cookies without Secure, so plain-HTTP development keeps the name.
        self.cookie_name = "__Host-messages" if settings.SESSION_COOKIE_SECURE else "messages"


class MessageStorage(FallbackStorage):
    storage_classes = (HostCookieStorage, SessionStorage)
