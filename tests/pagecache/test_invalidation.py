"""A change readers should see is never hidden by a stored page, for readers or editors."""

from contextlib import suppress

import pytest
from django.db import transaction
from django.test import Client

from articles.models import Article, Authorship
from articles.workflow.deletion import soft_delete
from articles.workflow.steps import publish_language, unpublish_language, unpublish_with_reason
from pagecache.models import Generation
from tests.admin.formdata import get_form_data
from tests.factories import make_article, make_topic
from tests.pagecache.conftest import fetch

pytestmark = pytest.mark.django_db(transaction=True)


def cached(client: Client, path: str) -> bytes:
    """The page, after making sure the cache holds it."""
    fetch(client, path)
    response, status = fetch(client, path)
    assert status == "hit"
    return response.content


def test_publishing_shows_the_piece_at_once(reader, piece):
    draft = make_article(piece.volume, published=(), title_en="Brand new piece")
    assert b"Brand new piece" not in cached(reader, "/en/")
    assert reader.get(draft.get_absolute_url()).status_code == 404
    publish_language(draft, "en")
    response, status = fetch(reader, "/en/")
    assert status == "miss"
    assert b"Brand new piece" in response.content
    assert reader.get(draft.get_absolute_url()).status_code == 200


def test_a_draft_never_appears_and_its_address_is_never_stored(reader, piece):
    draft = make_article(piece.volume, published=(), title_en="Secret draft")
    for path in ["/en/", "/en/articles/", piece.volume.get_absolute_url()]:
        assert b"Secret draft" not in cached(reader, path)
    for _ in range(2):
        response, status = fetch(reader, draft.get_absolute_url())
        assert (response.status_code, status) == (404, None)


def test_editing_a_piece_changes_its_page_at_once(reader, piece):
    cached(reader, piece.get_absolute_url())
    piece.title_en = "A sharper title"
    piece.save()
    response, status = fetch(reader, piece.get_absolute_url())
    assert status == "miss"
    assert b"A sharper title" in response.content


def test_renaming_a_contributor_changes_their_page_and_a_new_byline(reader, piece):
    authorship = piece.authorships.get()
    person = authorship.contributor
    cached(reader, person.get_absolute_url())
    cached(reader, piece.get_absolute_url())
    person.given_name, person.family_name = "Beatriz", "Renamed"
    person.save()
    assert b"Renamed" in fetch(reader, person.get_absolute_url())[0].content
    # Bylines are a snapshot of the name as published; an editor takes a new one.
    authorship.take_snapshot()
    authorship.save()
    assert b"Beatriz Renamed" in fetch(reader, piece.get_absolute_url())[0].content


def test_renaming_a_series_changes_the_pages_that_show_it(reader, piece):
    series = piece.volume.series
    cached(reader, series.get_absolute_url())
    cached(reader, piece.get_absolute_url())
    series.title_en = "A renamed series"
    series.save()
    assert b"A renamed series" in fetch(reader, series.get_absolute_url())[0].content
    assert b"A renamed series" in fetch(reader, piece.get_absolute_url())[0].content


def test_adding_a_topic_changes_the_piece_page(reader, piece):
    cached(reader, piece.get_absolute_url())
    piece.topics.add(make_topic(name_en="Urban violence"))
    assert b"Urban violence" in fetch(reader, piece.get_absolute_url())[0].content


def test_unpublishing_or_withdrawing_removes_the_piece_at_once(reader, piece, superuser):
    other = make_article(piece.volume, title_en="Second piece")
    cached(reader, piece.get_absolute_url())
    cached(reader, other.get_absolute_url())
    home = cached(reader, "/en/")
    assert piece.title.encode() in home
    unpublish_language(piece, "en", by=superuser)
    assert reader.get(piece.get_absolute_url()).status_code == 404
    assert piece.title.encode() not in reader.get("/en/").content
    unpublish_with_reason(other, superuser, {"en": "Published by mistake."})
    gone = reader.get(other.get_absolute_url())
    assert gone.status_code == 410
    assert b"Published by mistake." in gone.content


def test_deleting_a_piece_removes_it_at_once(reader, piece, superuser):
    cached(reader, piece.get_absolute_url())
    soft_delete(piece, by=superuser)
    assert reader.get(piece.get_absolute_url()).status_code == 404


def test_an_editor_sees_their_admin_edit_at_once_and_so_do_readers(reader, piece, superuser):
    before = cached(reader, piece.get_absolute_url())
    assert piece.title.encode() in before
    superuser_client = Client()
    superuser_client.force_login(superuser)
    url = f"/admin/articles/article/{piece.pk}/change/"
    data = get_form_data(superuser_client, url)
    data["title_en"] = "Retitled in the admin"
    assert superuser_client.post(url, data).status_code == 302
    for client in (superuser_client, reader):
        response = client.get(piece.get_absolute_url())
        assert b"Retitled in the admin" in response.content


def test_an_editor_never_gets_a_stored_page(reader, piece, superuser):
    cached(reader, piece.get_absolute_url())
    # A write that bypasses every signal: readers keep the stored page until the next
    # change, but anyone with a session is always served a fresh one.
    Article.objects.filter(pk=piece.pk).update(title_en="Quietly changed")
    superuser_client = Client()
    superuser_client.force_login(superuser)
    assert b"Quietly changed" in superuser_client.get(piece.get_absolute_url()).content
    assert b"Quietly changed" not in reader.get(piece.get_absolute_url()).content
    Authorship.objects.get(article=piece).save()
    assert b"Quietly changed" in reader.get(piece.get_absolute_url()).content


def test_a_transaction_moves_the_generation_once_and_only_if_it_commits(piece):
    number = Generation.objects.get().number
    with transaction.atomic():
        for _ in range(3):
            piece.save()
        piece.authorships.get().save()
    assert Generation.objects.get().number == number + 1
    with suppress(RuntimeError), transaction.atomic():
        piece.save()
        raise RuntimeError("rolled back")
    assert Generation.objects.get().number == number + 1
    with transaction.atomic():
        with suppress(RuntimeError), transaction.atomic():
            piece.save()  # its callback goes with the savepoint...
            raise RuntimeError("savepoint rolled back")
        piece.save()  # ...so this save registers a new one
    assert Generation.objects.get().number == number + 2
