"""Re-encoding an upload at the pixel limit takes a bounded amount of memory.

Each re-encode runs in a fresh Python process, which reads its own peak resident memory
(VmHWM) before and after. Not getrusage's ru_maxrss: Linux carries that over from the
parent through fork and exec, so a child of a large test process starts out "large".
Re-encoding a 40-megapixel picture once took about 550 MB: a decoded copy of every
pixel, then a rotated copy, a byte string and a rebuilt image of the same size.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
# Just under COLOPHON_IMAGE_MAX_PIXELS (40,000,000), in a camera's 3:2.
SIZE = (7744, 5163)
# What re-encoding may add to the process's peak. Decoding a 40-megapixel PNG whole is
# 160 MB (Pillow keeps RGB in four bytes a pixel); a JPEG is decoded at half size.
BOUND_MB = {"JPEG": 150, "PNG": 300}

CHILD = """
import re, sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from colophon.lib.images import reencode_image

def peak_kb():
    with open("/proc/self/status") as status:
        return int(re.search(r"VmHWM:\\s+(\\d+) kB", status.read()).group(1))

data = open(sys.argv[1], "rb").read()
before = peak_kb()
clean = reencode_image(SimpleUploadedFile("upload", data))
added = peak_kb() - before
with Image.open(clean) as image:
    print(added, image.format, *image.size)
"""


def reencode_peak_mb(path: Path) -> tuple[float, str]:
    """Megabytes the re-encode of `path` added to a fresh process's peak, and its output."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "colophon.settings", "SECRET_KEY": "t"}
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    added_kb, result = child.stdout.split(" ", 1)
    return int(added_kb) / 1024, result.strip()


def picture(fmt: str, folder: Path) -> Path:
    """A smooth 40-megapixel colour picture: the file is small, the decoded pixels are not."""
    gradient = Image.linear_gradient("L")
    channels = [
        gradient.resize(SIZE),
        gradient.rotate(90).resize(SIZE),
        gradient.rotate(45).resize(SIZE),
    ]
    path = folder / f"big.{fmt.lower()}"
    Image.merge("RGB", channels).save(path, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    return path


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_re_encoding_a_picture_at_the_pixel_limit_stays_within_a_memory_bound(fmt, tmp_path):
    path = picture(fmt, tmp_path)
    added, result = reencode_peak_mb(path)
    assert added < BOUND_MB[fmt], f"re-encoding took {added:.0f} MB more"
    assert result.split()[:2] == [fmt, "3000"]  # stored at COLOPHON_IMAGE_MAX_SIDE
