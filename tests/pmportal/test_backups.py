"""The backup drill: back up, lose data, restore, and prove nothing is missing."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from members.models import User
from pmportal.backups import backup_verify
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_and_restore_bring_back_rows_and_files(tmp_path, client):
    UserFactory.create_batch(3)
    member = UserFactory(email="keeper@example.org")
    avatar = settings.MEDIA_ROOT / "avatars" / "keeper.png"
    avatar.parent.mkdir(parents=True)
    avatar.write_bytes(b"\x89PNG\r\n\x1a\n" + b"pixels" * 1000)

    out = StringIO()
    call_command("backup", to=str(tmp_path / "backups"), stdout=out)
    assert "Backup written to" in out.getvalue()
    (folder,) = (tmp_path / "backups").iterdir()
    assert backup_verify(source=folder) == []

    # Disaster: rows and files lost after the backup.
    User.objects.exclude(pk=member.pk).delete()
    avatar.unlink()
    assert backup_verify(source=folder)

    out = StringIO()
    call_command("restore", str(folder), yes=True, stdout=out)
    assert "row counts and checksums match" in out.getvalue()
    assert User.objects.count() == 4
    assert avatar.read_bytes().startswith(b"\x89PNG")
    # The restored member can sign in again.
    assert client.login(email="keeper@example.org", password="correct horse battery staple")


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not a backup folder"):
        call_command("restore", str(tmp_path), yes=True)
