"""The backup drill under load: members keep editing their profiles on two app servers while
`backup_create` runs; then disaster, restore, compare row counts and file checksums, sign in as
a member and download a file. RTO and RPO are printed."""

import hashlib
import sys
import threading
import time

import pytest
from benchlib import Visitor
from django.core.files.base import ContentFile

from members.models import Profile
from pmportal.backups import backup_create, backup_restore
from resources.models import Resource
from tests.factories import ResourceFactory
from tests.ops.test_scale_out import PASSWORD, member

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("shared_cache_cleared"),
]


def test_backup_under_load_restores_whole_and_serves_again(
    app_servers, shared_media, tmp_path, capsys
):
    (first, second), media_root = app_servers
    pdf = b"%PDF-1.4\n" + b"restored " * 4000 + b"\n%%EOF\n"
    resource = ResourceFactory(slug="drill-ebook", file=None)
    resource.file.save("upload.pdf", ContentFile(pdf), save=True)
    emails = [f"drill-{n}@example.org" for n in range(3)]
    for email in emails:
        member(email)

    acked: dict[str, list[tuple[int, float]]] = {email: [] for email in emails}
    stop = threading.Event()

    def edit_profile(number: int) -> None:
        email = emails[number]
        visitor = Visitor((first, second)[number % 2], f"10.5.0.{number + 1}")
        assert visitor.sign_in(email, PASSWORD).status == 302
        sequence = 0
        while not stop.is_set():
            sequence += 1
            answer = visitor.post_form(
                "/members/me/", {"display_name": f"Drill {number}", "headline": f"drill-{sequence}"}
            )
            if answer.status == 302:
                acked[email].append((sequence, time.monotonic()))

    writers = [threading.Thread(target=edit_profile, args=(n,)) for n in range(len(emails))]
    for writer in writers:
        writer.start()
    # The backup starts once every member has had an edit acknowledged (signing in costs a
    # PBKDF2 check, seconds on a busy machine), so the drill always runs under load.
    deadline = time.monotonic() + 60
    while not all(acked.values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    backup_started = time.monotonic()
    backup = backup_create(destination=tmp_path / "backups")
    backup_finished = time.monotonic()
    time.sleep(1.0)
    stop.set()
    for writer in writers:
        writer.join()

    # Disaster: the members' rows and the file are gone.
    Profile.objects.filter(user__email__in=emails).update(headline="")
    Resource.objects.filter(pk=resource.pk).delete()
    (media_root / "resources" / resource.file.name).unlink(missing_ok=True)  # if not already

    restore_started = time.monotonic()
    restored = backup_restore(source=backup.folder)  # raises unless counts and checksums match
    browser = Visitor(second, "10.5.0.9")
    assert browser.sign_in(emails[0], PASSWORD).status == 302
    download = browser.get("/resources/drill-ebook/download/", keep=True)
    rto = time.monotonic() - restore_started
    assert download.status == 200
    assert hashlib.sha256(download.body).hexdigest() == hashlib.sha256(pdf).hexdigest()

    # Every edit acknowledged before the backup began is in it; what came after is the RPO.
    after_snapshot = 0
    for email, edits in acked.items():
        before = [sequence for sequence, at in edits if at < backup_started]
        stored = Profile.objects.get(user__email=email).headline
        stored_sequence = int(stored.removeprefix("drill-")) if stored else 0
        assert before, "the load ran before the backup"
        assert stored_sequence >= max(before)
        after_snapshot += sum(1 for sequence, _ in edits if sequence > stored_sequence)
    with capsys.disabled():
        sys.stdout.write(
            f"\n[backup drill] {sum(map(len, acked.values()))} profile edits acknowledged under "
            f"load; backup {backup_finished - backup_started:.2f} s ({backup.files} files); "
            f"RPO: the backup's start ({after_snapshot} acknowledged edits came later and are "
            f"not in it); RTO: {rto:.2f} s (restore {restored.seconds:.2f} s, then a member "
            "signed in and downloaded)\n"
        )
