"""tests/tools.py: a missing tool skips a test locally and fails it in CI."""

from __future__ import annotations

import pytest

from tests.tools import executable, fail_if_skipped

NO_SUCH_TOOL = "samverk-no-such-tool"


def test_a_missing_tool_fails_the_test_in_ci(monkeypatch):
    monkeypatch.setenv("SAMVERK_CI", "1")

    with pytest.raises(pytest.fail.Exception, match=r"^pdftotext \(x\) is required in CI"):
        executable(NO_SUCH_TOOL, "pdftotext (x)")


def test_a_missing_tool_skips_the_test_locally(monkeypatch):
    monkeypatch.delenv("SAMVERK_CI", raising=False)

    with pytest.raises(pytest.skip.Exception, match=f"^{NO_SUCH_TOOL} is not available$"):
        executable(NO_SUCH_TOOL)


def test_a_tool_on_the_path_is_found():
    assert executable("sh").endswith("/sh")


def _report(outcome: str, **extra: object) -> pytest.TestReport:
    longrepr = ("test_x.py", 3, "Skipped: no pdftotext") if outcome == "skipped" else None
    report = pytest.TestReport("test_x.py::test_x", ("test_x.py", 3, "test_x"), {}, outcome,
                               longrepr, "call")  # fmt: skip
    for name, value in extra.items():
        setattr(report, name, value)
    return report


def test_in_ci_a_skipped_test_fails_with_the_reason():
    report = _report("skipped")

    fail_if_skipped(report)

    assert report.failed
    assert report.longrepr == (
        "skipped in CI (SAMVERK_CI=1), where no test may skip: Skipped: no pdftotext"
    )


def test_in_ci_passed_tests_and_expected_failures_stay_as_they_are():
    passed, xfailed = _report("passed"), _report("skipped", wasxfail="known bug")

    fail_if_skipped(passed)
    fail_if_skipped(xfailed)

    assert passed.passed
    assert xfailed.skipped
