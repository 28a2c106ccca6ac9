from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from articles.models import PdfRender
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("render_pdfs", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_render_pdfs_renders_what_is_missing_and_then_nothing(renders):
    make_article(languages=("en", "es"))
    first = run()
    # A piece in two languages, its volume and its series, each in both languages.
    assert "[1/6] article" in first
    assert (
        first.strip().splitlines()[-1].startswith("Rendered 6 PDF(s), 0 already current, 0 failed")
    )
    assert len(renders) == 6
    second = run("--stale")
    assert second.strip().splitlines()[-1].startswith("Rendered 0 PDF(s), 6 already current")
    assert len(renders) == 6


def test_render_pdfs_all_renders_everything_again(renders):
    make_article()
    run()
    assert run("--all").strip().splitlines()[-1].startswith("Rendered 3 PDF(s)")
    assert len(renders) == 6
    assert PdfRender.objects.filter(status=PdfRender.Status.READY).count() == 3


def test_render_pdfs_exits_non_zero_when_a_render_fails(monkeypatch):
    make_article()

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr("articles.pdf.storage.render_source", broken)
    with pytest.raises(CommandError, match="3 failed"):
        run()


def test_render_pdfs_refuses_both_modes():
    with pytest.raises(CommandError):
        run("--stale", "--all")
