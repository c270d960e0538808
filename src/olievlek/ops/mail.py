"""Where e-mail goes when no SMTP server is configured in production.

Invitation mails hold live personal links. The console backend would put them in the server
log, which is often shipped to a log service and read by more people than the database is.
Without ``EMAIL_HOST`` (and with ``DEBUG`` off) they are written instead to one file per
message under ``var/mail/`` that only the server's own user can read (folder 0700, files
0600); settings refuse the console backend outright when ``DEBUG`` is off.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.mail.backends.filebased import EmailBackend


class PrivateFileBackend(EmailBackend):
    def __init__(self, *args, file_path=None, **kwargs):
        path = file_path or getattr(settings, "EMAIL_FILE_PATH", None)
        if path:
            os.makedirs(path, mode=0o700, exist_ok=True)
            os.chmod(path, 0o700)
        super().__init__(*args, file_path=file_path, **kwargs)

    def open(self):
        if self.stream is None:
            fd = os.open(self._get_filename(), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            self.stream = os.fdopen(fd, "ab")
            return True
        return False
