"""Mail leaves through the outbox: after the commit, from the worker, retried while SMTP refuses,
delivered exactly once. Against a real SMTP server (aiosmtpd) and a real `db_worker` process."""

import logging
import smtplib
import socket
import time
from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from outbox.models import Mail, MailStatus
from outbox.services import mail_enqueue, mails_enqueue
from outbox.tasks import (
    KEEP_SENT,
    MAX_ATTEMPTS,
    deliver_mail,
    deliver_mails,
    forget_old_mail,
    refused_for_good,
    requeue_lost_mail,
    retry_delay,
)
from tests.factories import MemberFactory, UserFactory, add_totp
from tests.outbox.conftest import BUSY, run_worker
from tests.production import free_ports

ASK = {"name": "Ada", "email": "ada@example.org", "question": "How do I price an API?"}
PASSWORD = "A-new-Passw0rd-123"


def signup(client, email: str):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


def wait_until_due() -> None:
    due = Mail.objects.filter(status=MailStatus.QUEUED).aggregate(Max("next_attempt_at"))
    time.sleep(max(0.0, (due["next_attempt_at__max"] - timezone.now()).total_seconds()) + 0.2)


@pytest.mark.django_db(transaction=True)
def test_mail_waits_while_smtp_refuses_then_arrives_exactly_once(
    client, settings, smtp_server, database_queue
):
    settings.STAFF_NOTIFICATION_EMAILS = ["staff@example.org"]
    MemberFactory(email="known@example.org")
    # Nothing listens on the SMTP port: every request still answers as usual.
    assert signup(client, "new@example.org").status_code == 302
    assert client.post("/faq/ask/", ASK).status_code == 302
    assert (
        client.post("/accounts/password/reset/", {"email": "known@example.org"}).status_code == 302
    )
    expected = ["ada@example.org", "known@example.org", "new@example.org", "staff@example.org"]
    assert sorted(Mail.objects.values_list("recipients", flat=True)) == expected
    assert DBTaskResult.objects.filter(task_path="outbox.tasks.deliver_mail").count() == 4

    run_worker(smtp_server.port)  # connection refused
    assert set(Mail.objects.values_list("status", "attempts")) == {(MailStatus.QUEUED, 1)}
    assert all(
        "ConnectionRefusedError" in e for e in Mail.objects.values_list("last_error", flat=True)
    )

    wait_until_due()
    smtp_server.start()
    smtp_server.inbox.rcpt_refusal = BUSY
    run_worker(smtp_server.port)  # 451 for every recipient
    assert set(Mail.objects.values_list("status", "attempts")) == {(MailStatus.QUEUED, 2)}
    assert all("451" in e for e in Mail.objects.values_list("last_error", flat=True))
    assert smtp_server.inbox.messages == []

    wait_until_due()
    smtp_server.inbox.rcpt_refusal = None
    run_worker(smtp_server.port)
    assert set(Mail.objects.values_list("status", "attempts")) == {(MailStatus.SENT, 3)}
    assert not any(Mail.objects.values_list("message", flat=True))  # bodies forgotten
    received = sorted(address for to, _ in smtp_server.inbox.messages for address in to)
    assert received == expected

    # Delivery tasks that run again (a lost task queued again, a duplicate) send nothing more.
    for mail_id, attempts in Mail.objects.values_list("pk", "attempts"):
        deliver_mail.enqueue(mail_id, attempts)
        deliver_mail.enqueue(mail_id, attempts + 1)
    run_worker(smtp_server.port)
    assert len(smtp_server.inbox.messages) == 4


@pytest.mark.django_db
def test_signup_answers_at_once_while_smtp_hangs(client, settings, database_queue):
    """The server accepts the connection and never says a word: the request does not wait."""
    with socket.create_server(("127.0.0.1", 0)) as hanging:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": hanging.getsockname()[1], "timeout": 10},
            }
        }
        started = time.monotonic()
        response = signup(client, "patient@example.org")
        elapsed = time.monotonic() - started
        assert response.status_code == 302
        # Half of the SMTP timeout: the request never waited for the server.
        assert elapsed < 5, elapsed
        hanging.setblocking(False)
        with pytest.raises(BlockingIOError):
            hanging.accept()  # nobody even connected
    assert Mail.objects.get().status == MailStatus.QUEUED


def message(to="someone@example.org") -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(subject="Hello", body="Plain", to=[to], reply_to=["r@x.org"])
    email.attach_alternative("<p>Rich</p>", "text/html")
    return email


@pytest.mark.django_db(transaction=True)
def test_a_change_that_rolls_back_sends_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        mail_enqueue(message=message())
        raise RuntimeError
    assert not Mail.objects.exists()
    assert django_mail.outbox == []
    mail_enqueue(message=message())
    [sent] = django_mail.outbox
    assert (sent.subject, sent.body, sent.to, sent.reply_to) == (
        "Hello",
        "Plain",
        ["someone@example.org"],
        ["r@x.org"],
    )
    assert sent.alternatives == [("<p>Rich</p>", "text/html")]
    assert sent.extra_headers["Message-ID"]


@pytest.mark.django_db(transaction=True)
def test_a_lost_delivery_task_is_queued_again_once():
    stored = Mail.from_message(message())
    stored.next_attempt_at = timezone.now() - timedelta(hours=1)  # its task never ran
    stored.save()
    fresh = Mail.from_message(message("fresh@example.org"))
    fresh.save()  # just queued: its task is on its way
    assert requeue_lost_mail.call() == 1
    assert [m.to for m in django_mail.outbox] == [["someone@example.org"]]
    assert requeue_lost_mail.call() == 0
    assert len(django_mail.outbox) == 1


def test_retries_wait_longer_each_time_up_to_an_hour(settings):
    settings.MAIL_RETRY_SECONDS = 30
    delays = [retry_delay(attempt).total_seconds() for attempt in range(1, MAX_ATTEMPTS)]
    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == 3600
    assert sum(delays) > 5 * 3600  # SMTP may be away for hours before anything is given up


def smtp_at(settings, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.fixture
def staff_client(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    add_totp(user)  # staff pages need a second factor on the account
    client.force_login(user)
    return client


@pytest.mark.django_db(transaction=True)
def test_the_last_refused_attempt_gives_up_and_staff_can_send_it_again(staff_client, settings):
    smtp_at(settings, free_ports(1)[0])  # nothing listens there
    stored = Mail.from_message(message())
    stored.attempts = MAX_ATTEMPTS - 1
    stored.save()
    assert deliver_mail.call(stored.pk, MAX_ATTEMPTS) == "failed"
    stored.refresh_from_db()
    assert stored.status == MailStatus.FAILED and "Refused" in stored.last_error

    page = staff_client.get("/admin/outbox/mail/")
    assert "Hello" in page.content.decode()
    assert (
        "Plain" not in staff_client.get(f"/admin/outbox/mail/{stored.pk}/change/").content.decode()
    )
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    response = staff_client.post(
        "/admin/outbox/mail/", {"action": "send_again", "_selected_action": [stored.pk]}
    )
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (MailStatus.SENT, 1)
    assert len(django_mail.outbox) == 1


def next_tries() -> list[list]:
    return list(
        DBTaskResult.objects.filter(task_path="outbox.tasks.deliver_mail").values_list(
            "args_kwargs__args", flat=True
        )
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("step", "answer"),
    [("rcpt", "550 5.1.1 No such mailbox here"), ("data", "554 5.6.0 Message refused")],
)
def test_a_permanent_refusal_gives_the_mail_up_at_once(
    settings, smtp_server, database_queue, caplog, step, answer
):
    smtp_server.start()
    setattr(smtp_server.inbox, f"{step}_refusal", answer)
    smtp_at(settings, smtp_server.port)
    stored = Mail.from_message(message())
    stored.save()
    with caplog.at_level(logging.WARNING, logger="outbox.tasks"):
        assert deliver_mail.call(stored.pk, 1) == "failed"
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (MailStatus.FAILED, 1)
    assert answer.split()[0] in stored.last_error
    assert next_tries() == []  # no further try queued
    logged = [r for r in caplog.records if r.name == "outbox.tasks"]
    assert [(r.levelname, r.getMessage()) for r in logged] == [("ERROR", "mail given up")]
    assert smtp_server.inbox.messages == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", ["rcpt", "data"])
def test_a_temporary_refusal_is_tried_again_later(settings, smtp_server, database_queue, step):
    smtp_server.start()
    setattr(smtp_server.inbox, f"{step}_refusal", BUSY)
    smtp_at(settings, smtp_server.port)
    stored = Mail.from_message(message())
    stored.save()
    assert deliver_mail.call(stored.pk, 1) == "retrying"
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (MailStatus.QUEUED, 1)
    assert "451" in stored.last_error
    assert next_tries() == [[stored.pk, 2]]


@pytest.mark.parametrize(
    ("error", "for_good"),
    [
        (smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"no"), "b@x.org": (553, b"no")}), True),
        (
            smtplib.SMTPRecipientsRefused({"a@x.org": (550, b"no"), "b@x.org": (451, b"busy")}),
            False,
        ),
        (smtplib.SMTPSenderRefused(553, b"sender refused", "from@x.org"), True),
        (smtplib.SMTPDataError(552, b"too big"), True),
        (smtplib.SMTPDataError(452, b"no room now"), False),
        (smtplib.SMTPResponseException(554, b"transaction failed"), True),
        (smtplib.SMTPAuthenticationError(535, b"bad login"), False),  # our settings: staff fix it
        (smtplib.SMTPConnectError(554, b"no service now"), False),
        (smtplib.SMTPServerDisconnected("gone"), False),
        (TimeoutError("timed out"), False),
        (ConnectionRefusedError(111, "refused"), False),
    ],
)
def test_only_a_5xx_about_the_mail_itself_is_permanent(error, for_good):
    assert refused_for_good(error) is for_good


@pytest.mark.django_db
def test_sent_mail_is_forgotten_after_a_week():
    old, recent, waiting = (Mail.from_message(message()) for _ in range(3))
    old.status = recent.status = MailStatus.SENT
    old.sent_at = timezone.now() - KEEP_SENT - timedelta(hours=1)
    recent.sent_at = timezone.now()
    for row in (old, recent, waiting):
        row.save()
    assert forget_old_mail.call() == 1
    assert set(Mail.objects.all()) == {recent, waiting}


@pytest.mark.django_db(transaction=True)
def test_many_mails_are_stored_at_once_and_each_delivered_once():
    mails = mails_enqueue(messages=[message(), message()])
    assert len(mails) == 2 and Mail.objects.filter(status=MailStatus.SENT).count() == 2
    assert len(django_mail.outbox) == 2
    # A second run of the same delivery task sends nothing again.
    assert deliver_mails.call([mail.pk for mail in mails]) == 0
    assert len(django_mail.outbox) == 2
    assert mails_enqueue(messages=[]) == []
