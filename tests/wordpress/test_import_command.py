import json

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from tests.wordpress.importing import blog
from wordpress.importing import pieces
from wordpress.importing.mapping import load_mapping
from wordpress.importing.report import Report

pytestmark = pytest.mark.django_db


def test_the_command_imports_prints_the_report_and_saves_it_beside_the_export(tmp_path, capsys):
    export = blog().write(tmp_path / "site.xml")

    call_command("import_wordpress", str(export))

    out = capsys.readouterr().out
    assert Article.objects.count() == 2
    assert out.strip().splitlines()[-1].startswith("2 new, 0 updated, 0 unchanged, 0 failed")
    saved = (tmp_path / "site.import-report.txt").read_text()
    assert "Redirects (" in saved


def test_a_dry_run_prints_the_default_mapping_and_writes_nothing(tmp_path, capsys):
    export = blog().write(tmp_path / "site.xml")

    call_command(
        "import_wordpress", str(export), "--dry-run", "--report", str(tmp_path / "r.json")
    )

    out = capsys.readouterr().out
    assert "The mapping this run used" in out
    assert Article.objects.count() == 0
    report = Report.from_json(json.loads((tmp_path / "r.json").read_text()))
    assert report.dry_run and report.counts["pieces"] == {"new": 2}


def test_write_mapping_writes_the_mapping_and_imports_nothing(tmp_path):
    export = blog().write(tmp_path / "site.xml")

    call_command("import_wordpress", str(export), "--write-mapping", str(tmp_path / "m.toml"))

    written = (tmp_path / "m.toml").read_text()
    assert "displacement" in written and "2 posts" in written
    assert Article.objects.count() == 0
    assert load_mapping(tmp_path / "m.toml").categories["displacement"].becomes == "series"


def test_a_failed_post_makes_the_command_fail_after_the_others_are_imported(tmp_path, monkeypatch):
    export = blog().write(tmp_path / "site.xml")

    def broken(tally, item, article, language):
        raise RuntimeError("broken")

    monkeypatch.setattr(pieces, "_workflow", broken)

    with pytest.raises(CommandError, match="2 failed"):
        call_command("import_wordpress", str(export))
    assert (tmp_path / "site.import-report.txt").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [("not xml at all", "site.xml"), ("<rss><channel></channel></rss>", "site.xml")],
)
def test_an_unreadable_export_fails_with_a_message_naming_it(tmp_path, content, message):
    export = tmp_path / "site.xml"
    export.write_text(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_wordpress", str(export))


def test_a_bad_date_for_since_is_refused(tmp_path):
    export = blog().write(tmp_path / "site.xml")

    with pytest.raises(CommandError, match="--since"):
        call_command("import_wordpress", str(export), "--since", "yesterday")


def test_since_leaves_out_older_posts(tmp_path):
    export = blog().write(tmp_path / "site.xml")

    call_command("import_wordpress", str(export), "--since", "2023-05-01")

    assert list(Article.objects.values_list("slug", flat=True)) == ["post-11"]


@pytest.mark.parametrize("where", ["missing/folder/mapping.toml", "."])
def test_a_mapping_that_cannot_be_written_is_refused_with_its_path(tmp_path, where):
    export = blog().write(tmp_path / "site.xml")
    target = tmp_path / where

    with pytest.raises(CommandError, match="--write-mapping"):
        call_command("import_wordpress", str(export), "--write-mapping", str(target))


def test_a_report_in_a_folder_that_does_not_exist_is_refused_before_importing(tmp_path):
    export = blog().write(tmp_path / "site.xml")

    with pytest.raises(CommandError, match="--report"):
        call_command("import_wordpress", str(export), "--report", str(tmp_path / "no/r.txt"))
    assert not Article.objects.exists()


def test_the_printed_report_links_each_piece_by_its_full_admin_address(tmp_path, settings):
    settings.SITE_URL = "https://series.example.org"
    export = blog().write(tmp_path / "site.xml")

    call_command("import_wordpress", str(export), "--report", str(tmp_path / "r.json"))

    report = Report.from_json(json.loads((tmp_path / "r.json").read_text()))
    piece = Article.objects.get(title_en="Crossing the line")
    assert report.posts[0].admin_url == (
        f"https://series.example.org/admin/articles/article/{piece.pk}/change/"
    )


def test_the_summary_ends_the_output_once(tmp_path, capsys):
    export = blog().write(tmp_path / "site.xml")

    call_command("import_wordpress", str(export), "--dry-run")

    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].startswith("Dry run (nothing written): 2 new")
    assert lines.count(lines[-1]) == 1
    assert any(line.startswith("Report saved to ") for line in lines)
