"""Does every regex that reads article text run in linear time? Time each on crafted inputs of size n and 10n.

    python benchmarks/regex_bench.py            # every pattern, worst input each; flags ratios above 20
    python benchmarks/regex_bench.py -n 500 --all

The patterns are collected, not listed: every compiled ``re.Pattern`` held at module level (directly or in a
dict, list or tuple) by the modules that read article text (``graph.ingest``, ``graph.extract`` and its
modules), plus the one-pass date marker. Each runs ``finditer`` over inputs built to make a backtracking engine
work hard (long runs of one character, a word repeated without the context it wants, the pattern's own words
run together). A linear pattern takes about 10 times as long on 10n as on n; a quadratic one about 100.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout's graph, not an installed one

MODULES = ("graph.ingest", "graph.extract")
FLAG = 20.0  # between linear (10) and quadratic (100)
SLOW = 0.05  # seconds: a run at n this slow is not repeated at 10n

# inputs of about n characters, each a unit repeated
UNITS = [
    " ",
    "a",
    "A",
    "1",
    "-",
    "$",
    ".",
    ",",
    "\n",
    "'",
    '"',
    "\u2019",
    "1 ",
    "1,",
    "1.",
    "a-",
    "Aa ",
    "the ",
    "In the ",
    "May ",
    "June 5 ",
    "last year ",
    "1 year ",
    "quarter ",
    "The A ",
    "$1 ",
    "1 - ",
    "\u201c",
    "said ",
    "Mr. A ",
    "A. ",
    "on Monday, June 5, 2020 ",
    "5 p.m. ",
    "x" * 50 + " ",
]


def patterns() -> Iterator[tuple[str, re.Pattern]]:
    """(where, pattern) for every compiled pattern at module level of MODULES and their submodules."""
    seen: set[int] = set()
    for name in _modules():
        module = importlib.import_module(name)
        for attr, value in sorted(vars(module).items()):
            for label, rx in _compiled(f"{name}.{attr}", value):
                if id(rx) not in seen:
                    seen.add(id(rx))
                    yield label, rx
    from graph.extract import timex

    yield "graph.extract.timex.patterns.marker()", timex.marker()


def _modules() -> Iterator[str]:
    for name in MODULES:
        module = importlib.import_module(name)
        yield name
        if hasattr(module, "__path__"):
            for info in pkgutil.walk_packages(module.__path__, prefix=name + "."):
                yield info.name


def _compiled(label: str, value) -> Iterator[tuple[str, re.Pattern]]:
    if isinstance(value, re.Pattern):
        yield label, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, re.Pattern):
                yield f"{label}[{k!r}]", v
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            if isinstance(v, re.Pattern):
                yield f"{label}[{i}]", v


def inputs(rx: re.Pattern, n: int) -> dict[str, str] | dict[str, bytes]:
    """Crafted texts of about ``n`` characters, by name; also the pattern's own words run together."""
    out = {repr(u): (u * (n // len(u) + 1))[:n] for u in UNITS}
    source = rx.pattern if isinstance(rx.pattern, str) else rx.pattern.decode("latin-1")
    words = sorted(set(re.findall(r"[A-Za-z]{3,}", source)), key=len, reverse=True)[:3]
    for w in words:
        out[f"words:{w}"] = ((w + " ") * (n // (len(w) + 1) + 1))[:n]
        out[f"words:{w}-"] = ((w + "-") * (n // (len(w) + 1) + 1))[:n]
    if isinstance(rx.pattern, bytes):  # a pattern on the file's bytes (a feed's root element) reads them encoded
        return {k: v.encode() for k, v in out.items()}
    return out


def seconds(run: Callable[[], object], budget: float = 0.005) -> float:
    """Time of one run, repeated until ``budget`` seconds have passed (the best of three such rounds)."""
    best = float("inf")
    for _ in range(3):
        count, start = 0, time.perf_counter()
        while True:
            run()
            count += 1
            spent = time.perf_counter() - start
            if spent >= budget:
                break
        best = min(best, spent / count)
    return best


def worst(rx: re.Pattern, n: int) -> tuple[float, str, float]:
    """(largest time ratio 10n/n, on which input, time at 10n in seconds). An input whose small run already
    takes over SLOW seconds is not run at 10n (it would take minutes): its ratio is read at n/10 and n."""
    found = (0.0, "", 0.0)
    small, large = inputs(rx, n), inputs(rx, 10 * n)
    for name, text in small.items():
        t1 = seconds(lambda t=text: _count(rx, t), budget=0.0 if _once(rx, text) > SLOW else 0.005)
        big = large[name]
        if t1 > SLOW:
            tenth = inputs(rx, max(1, n // 10))[name]
            t10, t1 = t1, seconds(lambda t=tenth: _count(rx, t))
        else:
            t10 = seconds(lambda t=big: _count(rx, t), budget=0.0)
        if t10 / t1 > found[0]:
            found = (t10 / t1, name, t10)
    return found


def _again(rx: re.Pattern, n: int, name: str) -> tuple[float, str, float]:
    text, big = inputs(rx, n)[name], inputs(rx, 10 * n)[name]
    t1 = seconds(lambda: sum(1 for _ in rx.finditer(text)), budget=0.0 if _once(rx, text) > SLOW else 0.005)
    t10 = seconds(lambda: sum(1 for _ in rx.finditer(big)), budget=0.0)
    return t10 / t1, name, t10


def _count(rx: re.Pattern, text: str) -> int:
    return sum(1 for _ in rx.finditer(text))


def _once(rx: re.Pattern, text: str) -> float:
    start = time.perf_counter()
    sum(1 for _ in rx.finditer(text))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=1000, help="size of the small input (the large is 10n)")
    parser.add_argument("--all", action="store_true", help="print every pattern, not only the flagged ones")
    parser.add_argument("--progress", action="store_true", help="print each pattern's ratio as it is measured")
    args = parser.parse_args(argv)
    rows = []
    for label, rx in patterns():
        row = worst(rx, args.n)
        for _ in range(2):  # a flag is confirmed twice on its input: a busy machine slows single runs
            if row[0] > FLAG:
                row = min(row, _again(rx, args.n, row[1]))
        rows.append((label, *row))
        if args.progress:
            print(f"  {rows[-1][1]:7.1f}  {label}", file=sys.stderr, flush=True)
    flagged = [r for r in rows if r[1] > FLAG]
    print(f"{'ratio':>7}  {'10n time':>9}  {'worst input':<28}  pattern")
    for label, ratio, name, t10 in sorted(rows, key=lambda r: -r[1]):
        if args.all or ratio > FLAG:
            print(f"{ratio:7.1f}  {t10 * 1000:7.2f}ms  {name[:28]:<28}  {label}{'  <-- FLAG' if ratio > FLAG else ''}")
    ratios = sorted(r[1] for r in rows)
    print(
        f"{len(rows)} patterns, n={args.n}: median ratio {ratios[len(ratios) // 2]:.1f}, max {ratios[-1]:.1f}; "
        f"{len(flagged)} above {FLAG:.0f}"
    )
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())
