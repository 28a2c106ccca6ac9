"""The project's settings, with static files collected into the load benchmark's own folder.

bench_load.py collects static files and writes its same-size comparison files into a
temporary STATIC_ROOT, so that a benchmark run never touches the project's staticfiles/.
"""

import os

from colophon.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
