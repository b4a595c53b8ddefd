"""SPARQL syntax errors a person can act on: the line and column, the line with a caret, and a hint.

pyoxigraph's parser reports where it gave up and what its grammar expected there ("SELCT" gives
"error at 1:10: expected CONSTRUCT"). That place is often past the mistake, and the expected list is a grammar
dump. So the query is read again here, token by token, for the usual mistakes at or before that place: a
misspelt keyword (the nearest SPARQL keyword by edit distance), an undeclared prefix (the PREFIX line to add),
and unbalanced braces, parentheses or brackets. When none is found, the parser's own place is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

# SPARQL 1.1 (and 1.2/RDF-star, which Oxigraph reads) keywords and built-in function names
KEYWORDS = frozenset(
    """
BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK DISTINCT REDUCED AS FROM NAMED WHERE GROUP BY HAVING ORDER ASC DESC
LIMIT OFFSET VALUES UNDEF OPTIONAL UNION MINUS GRAPH SERVICE SILENT BIND FILTER NOT IN EXISTS TRUE FALSE A
LOAD CLEAR DROP CREATE ADD MOVE COPY TO INSERT DELETE DATA WITH USING DEFAULT ALL INTO
COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR
STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE
ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ
NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ISLITERAL
ISNUMERIC REGEX SUBSTR REPLACE TRIPLE SUBJECT PREDICATE OBJECT ISTRIPLE LANGDIR HASLANG HASLANGDIR STRLANGDIR
ADJUST LATERAL
""".split()
)
_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)|\"\"\"(?:[^"\\]|\\.|"(?!""))*(?:\"\"\"|$)
              |'(?:[^'\\\n]|\\.)*(?:'|(?=\n)|$)|"(?:[^"\\\n]|\\.)*(?:"|(?=\n)|$))
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<pname>(?:[A-Za-z][\w.\-]*)?:(?:[\w\-:%.]*[\w\-:%])?)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<bracket>[{}()\[\]])
  | (?P<space>\s+)
  | (?P<other>.)
""",
    re.VERBOSE | re.DOTALL,
)
_CLOSED_STRING = re.compile(
    r"'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|"(?:[^"\\\n]|\\.)*"',
    re.DOTALL,
)
_PAIRS = {"{": "}", "(": ")", "[": "]"}
_OPENERS = {v: k for k, v in _PAIRS.items()}


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    offset: int


@dataclass(frozen=True)
class Problem:
    """A mistake found in the query: where it starts (1-based line and column), how wide it is, and what to do."""

    line: int
    column: int
    width: int
    what: str
    hint: str = ""


def tokens(query: str) -> Iterator[Token]:
    """The query's tokens, comments, strings and IRIs included (so that their content is never read as syntax)."""
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or "other"
        if kind != "space":
            yield Token(kind, m.group(), m.start())


def line_column(query: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters, as pyoxigraph counts them) of ``offset``."""
    line = query.count("\n", 0, offset) + 1
    return line, offset - (query.rfind("\n", 0, offset) + 1) + 1


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, with a swap of two neighbours counted as one edit ("SLEECT")."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def nearest(word: str, choices: frozenset[str] | set[str], preferred: set[str] | None = None) -> str | None:
    """The choice closest to ``word`` (case ignored) within a third of its length, at least one edit; None if
    none is that close. Ties go to ``preferred`` (what the parser expected), then to the shorter, then A-Z."""
    word = word.upper()
    limit = len(word) // 3  # short words have too many neighbours to guess from
    best = sorted((edit_distance(word, c.upper()), c not in (preferred or ()), len(c), c) for c in choices)
    return best[0][3] if best and best[0][0] <= limit else None


def expected_words(message: str) -> set[str]:
    """The keywords in pyoxigraph's "expected one of ..." list (character classes and punctuation left out)."""
    return {w.upper() for w in re.findall(r"(?<![\w'\"])([A-Za-z_]{2,})(?![\w'\"])", message)} & KEYWORDS


def problems(
    query: str, prefixes: Mapping[str, str], expected: set[str] | None = None
) -> list[tuple[int, int, Problem]]:
    """Every mistake found, each with the offset up to which the parser would have read before failing on it
    and a priority among mistakes at the same offset (an open string hides the braces after it)."""
    found: list[tuple[int, int, Problem]] = []
    toks = list(tokens(query))
    declared = set(prefixes)
    stack: list[Token] = []

    def add(rank: int, tok: Token, what: str, hint: str = "", width: int | None = None, priority: int = 1) -> None:
        line, col = line_column(query, tok.offset)
        found.append((rank, priority, Problem(line, col, width or len(tok.text), what, hint)))

    for i, tok in enumerate(toks):
        before = toks[i - 1] if i else None
        if tok.kind == "pname" and before is not None and before.text.upper() == "PREFIX":
            declared.add(tok.text.split(":", 1)[0])
        elif tok.kind == "pname" and not tok.text.startswith("_:"):
            prefix = tok.text.split(":", 1)[0]
            if prefix not in declared:
                add(
                    tok.offset + len(tok.text),
                    tok,
                    f"the prefix {prefix}: is not declared",
                    prefix_hint(prefix, prefixes, declared),
                    len(prefix) + 1,
                )
        elif tok.kind == "word":
            upper = tok.text.upper()
            if before is not None and before.text.upper() == "PREFIX":
                add(
                    tok.offset + len(tok.text),
                    tok,
                    f"a prefix name ends with a colon: PREFIX {tok.text}: <...>",
                    f"write PREFIX {tok.text}: <IRI>",
                )
            elif upper not in KEYWORDS:
                guess = nearest(tok.text, KEYWORDS, expected)
                hint = (
                    f"did you mean {guess}?"
                    if guess
                    else (
                        f"the parser expected {', '.join(sorted(expected))}"
                        if expected
                        else "a name needs a prefix (ng:name), a ? (a variable) or <...> (an IRI)"
                    )
                )
                add(tok.offset + len(tok.text), tok, f"{tok.text} is not a SPARQL keyword", hint)
        elif tok.kind == "bracket":
            if tok.text in _PAIRS:
                stack.append(tok)
            elif not stack:
                add(
                    tok.offset + 1,
                    tok,
                    f"this {tok.text} closes nothing",
                    f"remove it, or add the {_OPENERS[tok.text]} it should close",
                )
            elif stack[-1].text != _OPENERS[tok.text]:
                opener = stack[-1]
                line, col = line_column(query, opener.offset)
                if any(t.text == _OPENERS[tok.text] for t in stack):  # it closes an outer one: the inner is open
                    while stack[-1].text != _OPENERS[tok.text]:
                        stack.pop()
                    stack.pop()
                    add(
                        tok.offset + 1,
                        opener,
                        f"this {opener.text} is not closed before the {tok.text} at "
                        f"line {line_column(query, tok.offset)[0]}, column {line_column(query, tok.offset)[1]}",
                        f"add a {_PAIRS[opener.text]} before that {tok.text}",
                    )
                else:  # a stray closer: the opener stays open for the closer that follows
                    add(
                        tok.offset + 1,
                        tok,
                        f"this {tok.text} does not match the {opener.text} at line {line}, column {col}",
                        f"remove it, or close that {opener.text} with {_PAIRS[opener.text]}",
                    )
            else:
                stack.pop()
        elif tok.kind == "string" and not _CLOSED_STRING.fullmatch(tok.text):
            quote = tok.text[:3] if tok.text[:3] in ("'''", '"""') else tok.text[0]
            add(
                tok.offset + len(tok.text),
                tok,
                "this string is never closed",
                f"end it with {quote}",
                width=1,
                priority=2,
            )
    end = toks[-1].offset + len(toks[-1].text) if toks else 0
    for opener in stack:  # the parser reads to the last token before it misses the closer
        add(end, opener, f"this {opener.text} is never closed", f"add a {_PAIRS[opener.text]} after it", priority=0)
    return found


def prefix_hint(prefix: str, prefixes: Mapping[str, str], declared: set[str]) -> str:
    close = nearest(prefix, set(declared) - {""}) if len(prefix) >= 3 else None
    known = ", ".join(f"{p}:" for p in sorted(prefixes))
    if close is not None:
        return f"did you mean {close}:? (predeclared: {known})"
    return f"add a line  PREFIX {prefix}: <IRI>  at the top, or use one of the predeclared prefixes: {known}"


def diagnose(query: str, message: str, prefixes: Mapping[str, str] | None = None) -> Problem:
    """The mistake behind pyoxigraph's syntax error ``message`` in ``query``: the one found nearest before the
    place the parser gave up, or that place itself with what the parser expected."""
    if prefixes is None:
        from .vocab import PREFIXES  # the predeclared ones, as GraphStore.query and the endpoint use

        prefixes = PREFIXES
    m = _POSITION.search(message)
    detail = (m.group(3) if m else message).strip()
    expected = expected_words(detail)
    if m:
        line, col = int(m.group(1)), int(m.group(2))
        starts = [0] + [i + 1 for i, c in enumerate(query) if c == "\n"]
        at = (starts[line - 1] if line <= len(starts) else len(query)) + col - 1
    else:
        at = len(query) + 1
    seen = [(rank, priority, p) for rank, priority, p in problems(query, prefixes, expected) if rank <= at + 1]
    if seen:
        return max(seen, key=lambda found: found[:2])[2]
    line, col = line_column(query, min(at, len(query)))
    words = sorted(expected)
    # a long list is the grammar's, not advice
    hint = (
        f"expected {' or '.join(words) if len(words) < 3 else 'one of ' + ', '.join(words)} here"
        if 0 < len(words) <= 6
        else ""
    )
    what = "the query ends too early" if at >= len(query) else "the parser cannot read on from here"
    return Problem(line, col, 1, what, hint)


def explain(query: str, error: BaseException | str, prefixes: Mapping[str, str] | None = None) -> str:
    """``SPARQL syntax error at line L, column C: what; hint``, then the line and a caret under the mistake."""
    message = str(error)
    p = diagnose(query, message, prefixes)
    lines = query.split("\n")
    text = lines[p.line - 1].rstrip("\r") if p.line <= len(lines) else ""
    shown = text.expandtabs(1)  # a tab is one column, as the parser counts
    gutter = f"  {p.line} | "
    carets = "^" * max(1, min(p.width, len(shown) - p.column + 1))
    caret = " " * (len(gutter) - 2) + "| " + " " * (p.column - 1) + carets
    head = f"SPARQL syntax error at line {p.line}, column {p.column}: {p.what}" + (f"; {p.hint}" if p.hint else "")
    return f"{head}\n{gutter}{shown}\n{caret}"
