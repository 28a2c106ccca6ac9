"""A NUL character in a reader's query string: an ordinary answer, never a server error.

PostgreSQL refuses NUL in text. The public pages read their parameters through forms
(Django's CharField refuses NUL, choice fields only accept their choices) and pagination
through int(), so these pass; they guard that on PostgreSQL (CI runs both databases).
"""

import pytest

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/en/search/?q=%00",
    "/en/search/?q=cities%00",
    "/en/search/?series=%00",
    "/en/search/?series=displacement%00",
    "/en/search/?topic=idps%00",
    "/en/search/?year=2024%00",
    "/en/search/?q=cities&page=%00",
    "/en/articles/?page=%00",
    "/en/topics/idps/?page=1%00",
    "/en/series/displacement/?page=%00",
    "/en/authors/maria-lopez/?page=%00",
    "/en/feeds/rss/?page=%00",
    "/sitemap.xml?p=%00",
    "/en/accounts/login/?next=%00",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_a_nul_in_a_public_query_string_is_answered_normally(client, library, address):
    assert client.get(address).status_code in {200, 302, 404}
