"""Somebody requests a flood of distinct URLs, each of which the page cache stores.

Redis runs as docs/deploy.md prescribes, with allkeys-lru eviction, so a flood evicts
whatever was least recently used. Before the flood an editor's username is locked out by
failed sign-ins (throttling/login.py). Promised: the lockout still holds after the
flood, whatever the cache had to evict, and pages are still served.

The flood is the audit's 100,000 URLs (RELIABILITY_FLOOD_URLS), against a Redis of
FLOOD_REDIS_MAXMEMORY, about 1 MB above an empty one. Most of them add a parameter their
view does not read, so they are answered from one stored page; one in SEARCH_EVERY is a
search for a new word, a page of its own, of which the page cache stores a bounded
number. Where every distinct URL was stored, as before, this filled the cache many times
over and two sync workers rendered only a few dozen pages a second, so 100,000 took ten
minutes or more; the test records how many times over the cache was filled.
"""

import os
import uuid

import pytest
import requests

from tests.reliability.postgres import NEEDS_POSTGRESQL
from tests.reliability.traffic import fetch, flood, record, sign_in

pytestmark = [pytest.mark.reliability, NEEDS_POSTGRESQL]

FLOOD_URLS = int(os.environ.get("RELIABILITY_FLOOD_URLS", "100000"))
SEARCH_EVERY = 200
FLOOD_REDIS_MAXMEMORY = "2mb"
FAILURES_TO_LOCK = 10  # LOGIN_FAILURES_PER_USER's default


def _flood_paths(count: int, run: str):
    for n in range(count):
        if n % SEARCH_EVERY == 0:
            yield f"/en/search/?q=flood{run}{n}"
        else:
            yield f"/en/topics/?flood={run}-{n}" if n % 2 else f"/en/?x={run}-{n}"


def test_d_a_flood_of_distinct_urls_evicts_no_lockout_and_pages_still_serve(start_site):
    scenario = start_site(pieces=2, redis_maxmemory=FLOOD_REDIS_MAXMEMORY)
    site, editor = scenario.site, scenario.content["editor"]
    base, reader = site.url, requests.Session()
    problems: list[str] = []

    for _ in range(FAILURES_TO_LOCK):
        sign_in(base, editor, "not-the-password")
    locked_before = sign_in(base, editor, scenario.password)
    assert locked_before.status == 200, f"the editor was not locked out: {locked_before}"
    evicted_before = scenario.redis.info()["evicted_keys"]

    seconds, statuses = flood(base, _flood_paths(FLOOD_URLS, uuid.uuid4().hex[:6]))
    info = scenario.redis.info()
    keys = info.get("db0", {}).get("keys", 0)
    evicted = info["evicted_keys"] - evicted_before
    fills = (evicted + keys) / max(keys, 1)
    locked_after = sign_in(base, editor, scenario.password)
    pages = [fetch(reader, base, path) for path in ("/en/", scenario.content["pieces"][0]["url"])]
    record(
        "cache flood",
        {
            "distinct URLs": FLOOD_URLS,
            "took": f"{seconds:.1f}s ({FLOOD_URLS / seconds:.0f}/s)",
            "answers": dict(statuses),
            "Redis maxmemory": FLOOD_REDIS_MAXMEMORY,
            "keys evicted": evicted,
            "keys left": keys,
            "cache filled": f"{fills:.1f} times over",
            "editor's sign-in after the flood": str(locked_after),
        },
    )

    if set(statuses) != {"200"}:
        problems.append(f"flood requests were not all answered: {dict(statuses)}")
    if locked_after.status == 302:
        problems.append("the flood lifted the editor's lockout: the right password got in")
    elif locked_after.status != 200:
        problems.append(f"the locked sign-in answered {locked_after}")
    bad = [str(page) for page in pages if page.status != 200]
    if bad:
        problems.append(f"pages were not served after the flood: {bad}")
    assert not problems, "\n".join(problems)
