"""Footnote conversion time (colophon.lib.foreign_notes.inline_notes), and how it grows.

Prints, for a 300 KB body in pandoc's shape (1,000 notes) and for shapes built to make a
careless converter quadratic, the median time of inline_notes, the time of the sanitiser's
nh3 pass over the same input for scale, and the ratio between the time at twice the size
and at the size (about 2 means linear). Run with
`SECRET_KEY=x .venv/bin/python tests/bench/bench_notes.py`; not collected by pytest.
"""

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import nh3

from colophon.lib.foreign_notes import inline_notes

PARAGRAPH = (
    "<p>Families leave at night, and <em>most</em> return within a year; the law has not "
    'caught up.<a href="#fn{n}" class="footnote-ref" id="fnref{n}"\nrole="doc-noteref">'
    "<sup>{n}</sup></a> Municipal registers record the departures late or not at all.</p>\n"
)
NOTE = (
    '<li id="fn{n}"><p>Interview {n} with a <em>community leader</em>, 2023.<a href="#fnref{n}"'
    '\nclass="footnote-back" role="doc-backlink">↩︎</a></p></li>\n'
)


def pandoc(n: int) -> str:
    text = "".join(PARAGRAPH.format(n=i) for i in range(1, n + 1))
    notes = "".join(NOTE.format(n=i) for i in range(1, n + 1))
    return f'{text}<section id="footnotes" role="doc-endnotes"><hr />\n<ol>{notes}</ol></section>'


def one_shared_wrapper(n: int) -> str:
    """Every note a paragraph of one shared <div>: each note's wrapper test sees them all."""
    text = "".join(f'<p>t<a href="#n{i}" id="r{i}">{i}</a></p>' for i in range(n))
    notes = "".join(f'<p><a href="#r{i}" id="n{i}">{i}</a> note {i}</p>' for i in range(n))
    return f"{text}<div>{notes}</div>"


def one_target(n: int) -> str:
    """Many links to one element, none of them a call."""
    links = "".join(f'<a href="#t" id="a{i}">1</a>' for i in range(n))
    back = "".join(f'<a href="#a{i}">b</a>' for i in range(n))
    return f'<p id="t">x</p>{links}<p>{back}</p>'


def median(work: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    shapes = {"pandoc": pandoc, "one shared wrapper": one_shared_wrapper, "one target": one_target}
    sizes = {"pandoc": 1000, "one shared wrapper": 4000, "one target": 8000}
    for name, build in shapes.items():
        body, double = build(sizes[name]), build(2 * sizes[name])
        seconds = median(lambda body=body: inline_notes(body))
        nh3_seconds = median(lambda body=body: nh3.clean(body))
        growth = median(lambda double=double: inline_notes(double)) / seconds
        print(
            f"{name}: {len(body) / 1000:.0f} KB in {seconds * 1000:.0f} ms "
            f"(nh3.clean {nh3_seconds * 1000:.0f} ms, ratio {seconds / nh3_seconds:.1f}); "
            f"twice the size takes {growth:.1f} times as long"
        )


if __name__ == "__main__":
    main()
