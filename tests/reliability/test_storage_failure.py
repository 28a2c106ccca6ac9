"""Media storage refuses every write for a while (a full disk, a bucket gone read-only).

The servers' storage raises ENOSPC on each write while a flag file exists
(tests/reliability/flaky_storage.py). Promised: a contributor's submission gets a clear
error instead of a 500 and loses no text (it is stored, or handed back in the form); an
editor's edit, which writes no file, is saved; a PDF that cannot be stored fails cleanly
(a 503 with Retry-After, its row marked failed rather than left "rendering"); /healthz
names the storage; and once writes work again the site recovers by itself within
STORAGE_RECOVERY_SECONDS: uploads work and the PDFs are served.
"""

import json
import time
import uuid

import pytest
import requests
from django_tasks_db.models import DBTaskResult

from tests.reliability.people import (
    contributor_session,
    edit_body,
    editor_session,
    save_draft,
    stored_bodies,
)
from tests.reliability.postgres import NEEDS_POSTGRESQL
from tests.reliability.traffic import LIMIT, fetch, record, wait_until

pytestmark = [pytest.mark.reliability, NEEDS_POSTGRESQL]

STORAGE_RECOVERY_SECONDS = 20
SETTLE_SECONDS = 20


def _is_pdf(answer) -> bool:
    return answer.status == 200 and answer.body.startswith(b"%PDF")


def _stuck_renders(scenario) -> list[tuple]:
    return scenario.query(
        "SELECT kind, object_id, status FROM articles_pdfrender WHERE status = 'rendering'"
    )


def _queue_busy(scenario) -> bool:
    table = DBTaskResult._meta.db_table
    sql = f"SELECT count(*) FROM {table} WHERE status IN ('READY', 'RUNNING')"  # noqa: S608
    return bool(scenario.query(sql)[0][0])


def test_b_failing_storage_writes_give_clear_errors_lose_no_text_and_heal_by_themselves(
    start_site, tmp_path
):
    flag = tmp_path / "storage-is-full"
    scenario = start_site(pieces=3, STORAGE_FAILURE_FLAG=str(flag))
    site, pieces = scenario.site, scenario.content["pieces"]
    base, reader = site.url, requests.Session()
    editor, contributor = editor_session(scenario), contributor_session(scenario)
    problems: list[str] = []
    marker = uuid.uuid4().hex

    flag.touch()
    failed_at = time.monotonic()
    health = fetch(reader, base, "/healthz")
    upload = save_draft(contributor, base, f"With image {marker}", f"<p>{marker} one</p>", True)
    text_only = save_draft(contributor, base, f"Text only {marker}", f"<p>{marker} two</p>")
    edit = edit_body(editor, base, pieces[1]["id"], f"<p>Corrected {marker} three</p>")
    pdf = fetch(reader, base, pieces[0]["pdf"])
    settled = wait_until(
        lambda: not _stuck_renders(scenario) and not _queue_busy(scenario), SETTLE_SECONDS
    )
    stuck = _stuck_renders(scenario)
    rows_during = scenario.query("SELECT kind, object_id, status FROM articles_pdfrender")

    if health.status != 503 or json.loads(health.body or b"{}").get("storage") != "failed":
        problems.append(f"/healthz did not report the storage: {health} {health.body[:80]!r}")
    # A clear error: the form again (4xx) or "try again later" (503), not a crash or a hang.
    if upload.status is None or upload.status == 500 or upload.status > 503:
        problems.append(f"a submission with an image got {upload}, not a clear error")
    handed_back = upload.status != 302 and marker.encode() in upload.body
    if not handed_back and stored_bodies(scenario, f"{marker} one") == 0:
        problems.append("the submission's text was neither stored nor handed back")
    if text_only.status != 302 or stored_bodies(scenario, f"{marker} two") != 1:
        problems.append(f"a submission without a file was not saved: {text_only}")
    if edit.status != 302 or stored_bodies(scenario, f"{marker} three") != 1:
        problems.append(f"an editor's edit was not saved: {edit}")
    if not (pdf.status == 503 and pdf.retry_after):
        problems.append(f"a PDF that cannot be stored answered {pdf}, not 503 + Retry-After")
    if stuck:
        problems.append(f"renders left 'rendering' after failing to store: {stuck}")

    flag.unlink()
    healed_at = time.monotonic()

    def healed() -> bool:
        return (
            fetch(reader, base, "/healthz").status == 200
            and _is_pdf(fetch(reader, base, pieces[0]["pdf"]))
            and _is_pdf(fetch(reader, base, pieces[1]["pdf"]))
        )

    recovered = wait_until(healed, bound=STORAGE_RECOVERY_SECONDS + 30, interval=1)
    upload_after = save_draft(contributor, base, f"After {marker}", f"<p>{marker} four</p>", True)
    if recovered is None or recovered > STORAGE_RECOVERY_SECONDS:
        last = [str(fetch(reader, base, p, limit=LIMIT)) for p in ("/healthz", pieces[0]["pdf"])]
        problems.append(
            f"not healed within {STORAGE_RECOVERY_SECONDS}s of the storage's return "
            f"(took {recovered}); now: {last}"
        )
    if upload_after.status != 302 or stored_bodies(scenario, f"{marker} four") != 1:
        problems.append(f"an upload after the storage returned failed: {upload_after}")
    record(
        "storage writes failing",
        {
            "failure lasted": f"{healed_at - failed_at:.1f}s",
            "healed after": f"{recovered:.1f}s" if recovered is not None else "never",
            "promised": f"{STORAGE_RECOVERY_SECONDS}s",
            "queue settled during the failure after": settled,
            "answers": {
                "healthz": str(health),
                "submission with image": str(upload),
                "submission without": str(text_only),
                "editor's edit": str(edit),
                "PDF": f"{pdf} Retry-After {pdf.retry_after}",
            },
            "render rows during": rows_during,
        },
    )
    assert not problems, "\n".join(problems)
