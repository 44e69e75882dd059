"""``samverk demo`` prints a summary and, in development, says that mail goes to the console;
no log line per meeting."""

from __future__ import annotations

import logging
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


@override_settings(EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
def test_demo_summary_says_mail_goes_to_the_console(caplog):
    out = StringIO()
    with caplog.at_level(logging.INFO):
        call_command("demo", "--force", "--today", "2026-12-02", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "Demo loaded: 8 networks."
    assert lines[1].startswith("  8 networks, ") and lines[1].endswith(" 0 mails queued")
    assert "printed to the console" in lines[2]
    assert not [r for r in caplog.records if r.name.startswith("samverk.meetings")]
