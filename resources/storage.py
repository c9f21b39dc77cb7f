"""The private storage of resource files and covers (a folder or an S3 bucket): nothing here
builds a public URL."""

import re

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

ALIAS = "private"

# What a stored name may look like: the relative paths that `resource_file_path` and
# `resource_cover_path` produce. Anything else (absolute, `..`, backslashes, odd characters)
# is refused before the storage is even asked.
SAFE_NAME = re.compile(
    r"^(files/[0-9a-f]{32}/[a-z]+\.[a-z0-9]{1,5}|covers/[0-9a-f]{32}\.[a-z]{3,4})$"
)


class PrivateStorage(LazyObject):
    """`storages["private"]`, resolved on first use and again after STORAGES changes (tests)."""

    def _setup(self) -> None:
        self._wrapped = storages[ALIAS]


_private = PrivateStorage()


def private_storage() -> Storage:
    """The storage callable of the resource file fields (keeps the alias out of migrations)."""
    return _private


@receiver(setting_changed)
def _reset_private_storage(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty


def is_safe_name(name: str) -> bool:
    return bool(name) and SAFE_NAME.fullmatch(name) is not None
