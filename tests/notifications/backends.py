"""Mail backends that fail as real servers do, for the outbox's tests."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Refuses (or times out) the next `failures` sends, then delivers into django.core.mail.outbox."""

    failures = 0
    error = "refused"

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            if FlakyBackend.error == "timeout":
                raise TimeoutError("timed out")
            raise smtplib.SMTPRecipientsRefused({"alice@exemple.test": (550, b"no such user alice@exemple.test")})
        return super().send_messages(messages)
