"""Invitation mails hold live links: with DEBUG off they never go to the server log."""

from __future__ import annotations

import stat

from django.core.mail import EmailMessage

from tests.test_deploy import run_django


def test_console_backend_is_refused_in_production(tmp_path):
    result = run_django(tmp_path, "check", SECRET_KEY="x" * 60, DEBUG="0",
                        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "invitation links would be written to the server log" in result.stderr


def test_without_smtp_production_mail_goes_to_private_files(tmp_path):
    code = (
        "from django.conf import settings; from django.core.mail import send_mail; "
        "print(settings.EMAIL_BACKEND); "
        "send_mail('Uitnodiging', 'https://example.org/s/secret-link', 'a@example.org', "
        "['b@example.org'])"
    )
    result = run_django(tmp_path, "shell", "-c", code, SECRET_KEY="x" * 60, DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("olievlek.ops.mail.PrivateFileBackend")
    assert "secret-link" not in result.stdout + result.stderr
    folder = tmp_path / "var" / "mail"
    [message] = folder.iterdir()
    assert "secret-link" in message.read_text()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(message.stat().st_mode) == 0o600


def test_private_file_backend_keeps_the_file_private_under_a_loose_umask(tmp_path):
    import os

    from olievlek.ops.mail import PrivateFileBackend

    old = os.umask(0o000)
    try:
        backend = PrivateFileBackend(file_path=str(tmp_path / "mail"))
        backend.send_messages([EmailMessage("s", "body", "a@example.org", ["b@example.org"])])
    finally:
        os.umask(old)
    [message] = (tmp_path / "mail").iterdir()
    assert stat.S_IMODE(message.stat().st_mode) == 0o600
