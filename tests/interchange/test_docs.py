"""docs/interchange.md and the JSON Schema are the public contract: keep them truthful."""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from jsonschema import Draft202012Validator

from articles.interchange.common import load_schema, schema_errors
from articles.models import Article
from tests.factories import image_bytes

pytestmark = pytest.mark.django_db

DOCS = Path(settings.BASE_DIR) / "docs" / "interchange.md"


def example() -> dict:
    text = DOCS.read_text(encoding="utf-8").split("## Example", 1)[1]
    return json.loads(re.search(r"```json\n(.*?)```", text, re.DOTALL).group(1))


def test_the_schema_is_a_valid_draft_2020_12_schema():
    Draft202012Validator.check_schema(load_schema())
    assert load_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_documented_example_follows_the_schema():
    assert schema_errors(example()) == []


def test_the_documented_example_imports(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "fence.jpg").write_bytes(image_bytes("JPEG"))
    (tmp_path / "example.json").write_text(json.dumps(example()), encoding="utf-8")
    out = StringIO()
    call_command("import_articles", str(tmp_path / "example.json"), stdout=out)
    assert out.getvalue().startswith("Imported 1 article (1 new, 0 updated), 1 series, ")
    assert Article.objects.get().published_languages() == ["en", "es"]


def test_the_schema_accepts_any_well_formed_language_code_for_the_importer_to_judge():
    doc = example()
    doc["articles"][0]["title"]["pt-br"] = "Lacunas de proteção"
    assert schema_errors(doc) == []
    doc["articles"][0]["title"]["Portuguese"] = "x"
    assert len(schema_errors(doc)) == 1
