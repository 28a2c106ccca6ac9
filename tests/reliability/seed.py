"""Content for one reliability scenario, written into the site's own database.

Run by the suite as `python -m tests.reliability.seed` with the site's environment
(DATABASE_URL names the private PostgreSQL), before the servers start; prints what the
test needs to know as one JSON object. PDF_RENDER_AHEAD is off while seeding, so no
render is queued: each scenario decides when PDFs are rendered.
"""

import argparse
import json
import os

import django

from tests import defaults

BIG_PARAGRAPH = (
    "<p>Internal displacement in the context of organised criminal violence is seldom "
    "recognised as such by the states concerned; people leave their homes one family at a "
    "time, rarely in the numbers that draw attention, and the protection they are owed "
    "under the Guiding Principles depends on a recognition that comes late or never.</p>"
)


def big_body(paragraphs: int) -> str:
    sections = []
    for n in range(0, paragraphs, 12):
        sections.append(f"<h2>Section {n // 12 + 1}</h2>" + BIG_PARAGRAPH * 12)
    return "".join(sections)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pieces", type=int, default=4)
    parser.add_argument("--big-paragraphs", type=int, default=0)
    parser.add_argument("--password", required=True)
    options = parser.parse_args()
    os.environ.update(defaults.ENVIRONMENT)  # render-ahead off, as in the tests
    django.setup()

    from django.contrib.auth import get_user_model

    from articles.pdf.content import article_pdf_url
    from tests.factories import make_article, make_volume
    from tests.personas import make_person

    get_user_model().objects.create_superuser(
        "editor@reliability.test", "editor@reliability.test", options.password
    )
    contributor = make_person("author@reliability.test")
    contributor.set_password(options.password)
    contributor.save()
    volume = make_volume()
    pieces = [make_article(volume, references=1) for _ in range(options.pieces)]
    described = [
        {"id": a.pk, "url": a.get_absolute_url(), "pdf": article_pdf_url(a, "en")} for a in pieces
    ]
    result = {
        "editor": "editor@reliability.test",
        "contributor": "author@reliability.test",
        "pieces": described,
        "series_id": volume.series_id,
    }
    if options.big_paragraphs:
        big = make_article(volume, references=3, body_en=big_body(options.big_paragraphs))
        result["big"] = {"id": big.pk, "url": big.get_absolute_url()}
        result["big"]["pdf"] = article_pdf_url(big, "en")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
