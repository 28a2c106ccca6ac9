"""PostgreSQL stops for ten seconds while readers read and an editor works.

Promised: no request waits past its limit; /healthz says 503 (JSON naming the database)
for as long as the database is away; pages already in the cache are still served; within
DB_RECOVERY_SECONDS of the database's return every page, /healthz and the editor's admin
answer 200 again, and the task worker picks up new work, without anyone restarting
anything; an edit and a draft saved just before the outage are still there, and an edit
tried during it is either refused with an error or stored, never acknowledged and lost.
"""

import time
import uuid

import pytest
import requests

from tests.reliability.people import (
    contributor_session,
    edit_body,
    editor_session,
    open_piece,
    save_draft,
    save_piece,
    stored_bodies,
)
from tests.reliability.postgres import NEEDS_POSTGRESQL
from tests.reliability.traffic import LIMIT, Readers, fetch, record, wait_until

pytestmark = [pytest.mark.reliability, NEEDS_POSTGRESQL]

OUTAGE_SECONDS = 10
# The promise: this long after PostgreSQL accepts connections again, everything answers.
DB_RECOVERY_SECONDS = 10
WORKER_RECOVERY_SECONDS = 30


def _all_answer(site, session, paths) -> bool:
    return all(fetch(session, site.url, path, limit=5).status == 200 for path in paths)


def test_c_a_ten_second_database_outage_under_load_loses_nothing_and_heals_by_itself(
    start_site,
):
    scenario = start_site(pieces=3)
    site, pieces = scenario.site, scenario.content["pieces"]
    base = site.url
    editor, contributor = editor_session(scenario), contributor_session(scenario)
    cached = ["/en/", pieces[0]["url"]]
    for path in cached * 2:  # the second time from the cache
        assert fetch(requests.Session(), base, path).status == 200
    before = f"before-outage-{uuid.uuid4().hex}"
    edited = edit_body(editor, base, pieces[1]["id"], f"<p>Corrected {before}.</p>")
    drafted = save_draft(contributor, base, f"Draft {before}", f"<p>Text {before}.</p>")
    assert (edited.status, drafted.status) == (302, 302), (edited, drafted)

    # The edit's PDFs, and then its volume's and series', are rendered in the background,
    # and each finished render changes the page cache's generation. Pages stored before
    # the last of them are no longer "in the cache", so store them once that is over.
    settled = wait_until(
        lambda: (
            not scenario.query(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE status IN ('READY', 'RUNNING')"
            )[0][0]
        ),
        bound=90,
    )
    assert settled is not None, "the background renders did not finish within 90 s"
    for path in cached * 2:
        assert fetch(requests.Session(), base, path).status == 200

    during = f"during-outage-{uuid.uuid4().hex}"
    opened = open_piece(editor, base, pieces[2]["id"])  # saved during the outage
    # A search for new words each time: a page no cache can have, whichever query
    # parameters it keys pages on.
    paths = [*cached, "/healthz", "/en/search/?q=river{n}"]
    with Readers(base, paths, threads=3) as readers:
        # Every worker reads the generation at least once (PAGE_CACHE_GENERATION_SECONDS).
        time.sleep(2)
        scenario.postgres.stop()
        down = time.monotonic()
        time.sleep(2)
        edit_during = save_piece(editor, base, pieces[2]["id"], opened, f"<p>{during}</p>")
        time.sleep(max(0, OUTAGE_SECONDS - (time.monotonic() - down)))
        up_started = time.monotonic()
        scenario.postgres.start()
        healthz = fetch(requests.Session(), base, "/healthz")  # one answer right after
        probe = requests.Session()
        everything = [*cached, "/healthz", f"/en/search/?q={uuid.uuid4().hex}"]
        recovered = wait_until(
            lambda: (
                _all_answer(site, probe, everything)
                and fetch(editor, base, "/admin/").status == 200
            ),
            bound=DB_RECOVERY_SECONDS + 20,
        )
        time.sleep(1)
    outage = readers.between(down, up_started)
    retry = edit_body(editor, base, pieces[2]["id"], f"<p>{during} retried</p>")
    worker_ok = wait_until(
        lambda: (
            scenario.query(
                "SELECT count(*) FROM articles_pdfrender"
                " WHERE kind = 'article' AND object_id = %s AND status = 'ready'",
                [pieces[2]["id"]],
            )[0][0]
            > 0
        ),
        bound=WORKER_RECOVERY_SECONDS,
    )
    figures = {
        "outage": f"{up_started - down:.1f}s",
        "everything 200 again after": f"{recovered:.1f}s" if recovered is not None else "never",
        "promised": f"{DB_RECOVERY_SECONDS}s",
        "worker rendered new work after": f"{worker_ok:.1f}s" if worker_ok else "never",
        "answers during the outage": {
            kind: readers.summary([a for a in outage if kind in a.path])
            for kind in ("/healthz", "/search/")
        }
        | {"cached": readers.summary([a for a in outage if a.path in cached])},
        "slowest answer": f"{max(a.seconds for a in readers.answers):.1f}s",
        "edit during outage": str(edit_during),
        "first healthz after restart": str(healthz),
        "task worker restarts": site.worker_restarts,
    }
    record("database stopped for 10 s", figures)

    problems = []
    hung = [str(a) for a in readers.answers if a.status is None]
    if hung:
        problems.append(f"requests got no answer within {LIMIT:.0f}s: {hung[:6]}")
    health = [a for a in outage if a.path == "/healthz"]
    wrong = [str(a) for a in health if a.status != 503 or b'"database": "failed"' not in a.body]
    if not health or wrong:
        problems.append(f"/healthz did not answer 503 naming the database: {wrong[:3]}")
    not_served = [str(a) for a in outage if a.path in cached and a.status != 200]
    if not_served:
        problems.append(f"cached pages were not served without the database: {not_served[:4]}")
    if recovered is None or recovered > DB_RECOVERY_SECONDS:
        problems.append(
            f"everything answered again after {recovered}s, not {DB_RECOVERY_SECONDS}s"
        )
    if stored_bodies(scenario, before) != 2:
        problems.append("the edit or the draft saved just before the outage was lost")
    if edit_during.status == 302 and stored_bodies(scenario, during) < 1:
        problems.append("an edit during the outage was acknowledged but not stored")
    if retry.status != 302 or stored_bodies(scenario, f"{during} retried") != 1:
        problems.append(f"the edit retried after the outage was not saved: {retry}")
    if not site.alive()["gunicorn"]:
        problems.append("gunicorn is gone")
    if worker_ok is None:
        problems.append(f"the task worker did no new work within {WORKER_RECOVERY_SECONDS}s")
    assert not problems, "\n".join(problems)
