"""Numbers in text: value, scale, currency, percent and unit of measure, found by pattern before any parse.

A number is a core (digits in Western or Indian grouping, or number words: "twenty-three", "a dozen",
"three quarters") read with what is written around it: a scale ("2.5 million", "$1.2bn", "110 b. Euro",
"35 lakh"), a currency before or after it in any notation ("¥3.2bn", "Rs 40,000", "30bn euros", "115USD",
"100元", "usd$ 15", "thirteen dollars forty five"), a percent sign or "percentage points", or a unit of
measure ("5.8-magnitude", "gusts of 90 km/h", "a 3-inch", "-5 degree fahrenheit", "29 years old"). The
currency and unit forms are data: ``lexicons/currencies.tsv`` and ``lexicons/units.tsv``, read once.
Two numbers joined as a range ("10-20 years", "between 200 and 300 people", "5.25% to 5.50%") share the
unit, the low end read as a lower bound and the high end as an upper one.

One file of about 460 lines: the patterns are built from one another (a core, then what may stand around it)
and the reader uses all of them on each candidate, so splitting them apart would only add imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .lexicon import rows


@dataclass(frozen=True)
class NumberMatch:
    """A number found in the text before reading it in context."""

    start: int
    end: int
    value: float
    currency: str | None
    percent: str | None
    vague: bool
    worded: bool  # spelled out ("three", "a dozen") rather than digits
    scaled: bool
    measure: str | None = None  # unit of measure: "kilometre", "year", "degree fahrenheit"
    kind: str | None = None  # "time" for a duration, "age" for an age, "unit" for other measures
    range_bound: str | None = None  # "lower" / "upper" for the two ends of a range
    hyphen_range: bool = False  # one end of "10-20 years": the pair may be masked as a code otherwise


def _alternation(forms) -> str:
    return "|".join(re.escape(f) for f in sorted(set(forms), key=lambda f: (-len(f), f)))


# ---------------------------------------------------------------- lexicons

CURRENCY_PRE: dict[str, tuple[str, float]] = {}
CURRENCY_PRE_ATTACHED: dict[str, tuple[str, float]] = {}  # "R26 million", "e75m": only with a scale
CURRENCY_POST: dict[str, tuple[str, float]] = {}
for _form, _code, _where, _scale in rows("currencies.tsv"):
    _entry = (_code, float(_scale))
    if _where in ("pre", "both"):
        CURRENCY_PRE[_form.lower()] = _entry
    if _where == "pre!":
        CURRENCY_PRE_ATTACHED[_form.lower()] = _entry
    if _where in ("post", "both"):
        CURRENCY_POST[_form.lower()] = _entry

UNIT_POST: dict[str, str] = {}
UNIT_ATTACHED: dict[str, str] = {}
UNIT_PRE: dict[str, str] = {}
for _form, _unit, _where in rows("units.tsv"):
    if _where in ("post", "both"):
        UNIT_POST[_form.lower()] = _unit
    if _where == "attached":
        UNIT_ATTACHED[_form.lower()] = _unit
    if _where in ("pre", "both"):
        UNIT_PRE[_form.lower()] = _unit
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}

WORD_VALUES = {w: int(v) for w, v, kind in rows("number_words.tsv") if kind == "unit"}
WORD_SCALES = {w: float(v) for w, v, kind in rows("number_words.tsv") if kind == "scale"}
SCALES = {
    **WORD_SCALES,
    "lakh": 1e5,
    "lakhs": 1e5,
    "crore": 1e7,
    "crores": 1e7,
    "k": 1e3,
    "m": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "mio": 1e6,
    "b": 1e9,
    "b.": 1e9,
    "bn": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}
SHORT_SCALES = {"k", "m", "b"}  # "5m" is metres unless it is money
VAGUE = {w: float(v) for w, v, kind in rows("number_words.tsv") if kind == "vague"}  # "dozens": at least 12

# ---------------------------------------------------------------- patterns

_WORD = r"(?:" + _alternation(list(WORD_VALUES) + list(WORD_SCALES) + ["dozen"]) + r")(?![a-z])"
_WORDS = _WORD + r"(?:(?:\s+|-)" + _WORD + r"|\s+and(?=\s+" + _WORD + r"))*"
_DIGITS = (
    r"\d+\s[1-9]/[1-9]\d?(?![\d/])"  # mixed fraction: 10 1/2
    r"|\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?(?!,?\d)"  # Indian grouping: 12,34,567.89
    r"|\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!,?\d)"
    r"|\d{1,3}(?:, 000)+(?!\d)"  # tokenised text: "80, 000"
    r"|\d+(?:\.\d+)?|\.\d+"
)
_FRACTION = (
    r"(?:(?:one|two|three|a)\s+quarters?|half(?:\s+a)?)(?=[\s-]+(?:hundred|thousand|million|billion|trillion)\b)"
)
CORE_RE = re.compile(
    r"(?<![\d.,_@#])"  # a number after a letter is read only after a currency or unit: "Dh4,275", "magnitude-5.2"
    r"(?:(?<![A-Za-z])(?P<vague>(?:tens|hundreds|thousands|millions|dozens|scores)\s+of\s+(?:thousands|millions|billions))"
    r"|(?:(?<![^\s(\[])(?<!\d\s)(?P<sign>[-\u2212](?=\.?\d)))?(?P<digits>" + _DIGITS + r")"
    r"|(?<![A-Za-z])(?P<frac>" + _FRACTION + r")"
    r"|(?<![A-Za-z-])(?P<article>(?:an?|half\s+an?)[\s-]+(?:hundred|thousand|million|billion|trillion|dozen)(?![a-z]))"
    r"|(?<![A-Za-z])(?P<words>" + _WORDS + r")"
    r"|(?<![A-Za-z])(?P<unitart>an?)(?=\s+(?:"
    + _alternation(
        sorted(TIME_UNITS) + ["mile", "kilometre", "kilometer", "metre", "meter", "foot", "inch", "ton", "tonne"]
    )
    + r")\b))",
    re.IGNORECASE,
)
SCALE_RE = re.compile(
    r"(?:\s?|\s?-\s?)(?P<s>hundred|thousand|million|billion|trillion|lakhs?|crores?|bn|bln|mn|mln|"
    r"mio|tn|trn)(?![a-z])|\s(?P<bdot>b\.)(?=\s)|(?P<short>[kmb])(?![a-z0-9²³/])",
    re.I,
)
PERCENT_RE = re.compile(r"\s?(?:(?P<pct>%|percent(?!\w)|per\s?cent(?!\w)|pct\b)|(?P<pts>percentage\s+points?\b))", re.I)
CUR_POST_RE = re.compile(r"(?:\s?-\s?|\s?)(?P<c>" + _alternation(CURRENCY_POST) + r")(?![a-z0-9])", re.I)
CUR_PRE_RE = re.compile(r"(?:^|(?<=[^A-Za-z$]))(?P<c>" + _alternation(CURRENCY_PRE) + r")\s?$", re.I)
CUR_PRE_ATTACHED_RE = re.compile(r"(?:^|(?<=[^\w$]))(?P<c>" + _alternation(CURRENCY_PRE_ATTACHED) + r")$", re.I)
UNIT_POST_RE = re.compile(
    r"(?:\s?-\s?|\s?)(?P<open>[(\[{<])?(?P<u>" + _alternation(UNIT_POST) + r")(?P<close>[)\]}>])?"
    r"(?![a-z0-9])",
    re.I,
)
UNIT_ATTACHED_RE = re.compile(r"(?P<u>" + _alternation(UNIT_ATTACHED) + r")(?![a-z0-9])", re.I)
UNIT_PRE_RE = re.compile(r"(?:^|(?<=[^\w]))(?P<u>" + _alternation(UNIT_PRE) + r")(?:\s?-\s?|\s)(?:of\s+)?$", re.I)
# (?<!\s) before a leading \s+ (here, in AGE_OLD_RE and CENTS_RE): a match starts where a run of spaces starts,
# not again at each of its spaces; the same matches, and a long run is scanned in linear time, not quadratic
PER_UNIT_RE = re.compile(
    r"(?:\s?/\s?|(?<!\s)\s+(?:per|an?)\s+)(?P<d>hour|hr|h|second|sec|s|day|year|annum|gram|gramme|"
    r"g|kg|litre|liter|l)(?![a-z])",
    re.I,
)
QUALIFIED_RE = re.compile(
    r"(?<![A-Za-z])(?:(?:more|less|fewer)\s+than|nearly|almost|about|over|under|around|"
    r"roughly|just|within|up\s+to)\s$",
    re.I,
)
MINUS_BEFORE_RE = re.compile(r"(?<!plus or )(?<![A-Za-z])minus\s$", re.I)  # "plus or minus 4" is no sign
AGE_BEFORE_RE = re.compile(r"(?:^|(?<=\W))(?:aged|age|ages|age of|aged between)\s+$", re.I)
AGE_OLD_RE = re.compile(r"(?:\s?-\s?|\s)old(?![a-z])|(?<!\s)\s+of\s+age\b", re.I)
CENTS_RE = re.compile(r"(?<!\s)(?:\s+and)?\s+(?P<n>\d{1,2}|" + _WORDS + r")(?:\s+(?P<unit>cents?|pence|p)\b)?", re.I)
CENTS_END_RE = re.compile(r"(?:(?<!\s)\s*)?(?:[.,;:!?)]|more\b|$)")
RATIO_RE = re.compile(
    r"(?<![\w.,])(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:in|out\s+of)\s+"
    r"(\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|hundred|thousand)(?![\w,])",
    re.I,
)
RANGE_JOIN_RE = re.compile(r"^\s?(?P<j>-|–|—|to|or|and|through)\s?$", re.I)
MINOR_UNITS = {"USc", "GBp"}


def words_value(raw: str) -> float | None:
    """The value of number words: "twenty-three" 23, "one hundred and five" 105, "two million" 2e6."""
    total, current, seen = 0.0, 0.0, False
    for w in re.split(r"[\s-]+", raw.lower()):
        if w == "and" or not w:
            continue
        if w in WORD_VALUES:
            current += WORD_VALUES[w]
        elif w == "dozen":
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in WORD_SCALES:
            total += (current or 1) * WORD_SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def number_value(raw: str) -> float | None:
    t = re.sub(r"\s+", " ", raw.lower()).strip()
    mixed = re.fullmatch(r"(\d+) (\d+)/(\d+)", t)
    if mixed:
        return int(mixed[1]) + int(mixed[2]) / int(mixed[3])
    if re.search(r"\d", t):
        try:
            return float(t.replace(",", "").replace(" ", ""))
        except ValueError:
            return None
    art = re.match(r"(half\s+an?|an?)[\s-]+(?=[a-z])", t)
    if art:
        rest = words_value(t[art.end() :])
        return None if rest is None else rest * (0.5 if art[1].startswith("half") else 1.0)
    if t in ("a", "an"):
        return 1.0
    if t.startswith("half"):
        return 0.5
    m = re.fullmatch(r"(one|two|three|a) quarters?", t)
    if m:
        return 0.25 * (1 if m[1] in ("a", "one") else WORD_VALUES[m[1]])
    return words_value(t)


# ---------------------------------------------------------------- finding


def find_numbers(text: str):
    """Every number-like expression, left to right, with its value already scaled. "1 in 4" is one figure,
    a percentage (25). The two ends of a range come marked with their bound."""
    ratios = []
    out = []
    for m in RATIO_RE.finditer(text):
        a, b = number_value(m[1]), number_value(m[2])
        if a and b and a < b:
            ratios.append((m.start(), m.end()))
            out.append(NumberMatch(m.start(), m.end(), round(100 * a / b, 2), None, "percent", False, False, False))
    last_end = -1
    for m in candidates(text):
        if m.start() < last_end or any(s <= m.start() < e for s, e in ratios):
            continue
        n = read_number(text, m, last_end)
        if n is not None:
            out.append(n)
            last_end = n.end
    out.sort(key=lambda n: (n.start, n.end))
    return iter(join_ranges(text, out))


_CANDIDATE_RE = re.compile(r"[A-Za-z]+|[-\u2212]?\.?\d[\d,.]*")
_STARTERS = set(WORD_VALUES) | set(WORD_SCALES) | set(VAGUE) | {"dozen", "a", "an", "half"}


def candidates(text: str):
    """Core matches, tried only where a number can start (a digit, a sign, or a number word): scanning the
    whole text with the core pattern costs several times more."""
    for c in _CANDIDATE_RE.finditer(text):
        if c[0][0].isalpha() and c[0].lower() not in _STARTERS:
            continue
        m = CORE_RE.match(text, c.start())
        if m is None and c[0][0] in "-\u2212":
            m = CORE_RE.match(text, c.start() + 1)
        if m is not None:
            yield m


def read_number(text: str, m, last_end: int = -1) -> NumberMatch | None:
    """The number at a core match with what is written before and after it."""
    if m["vague"]:
        parts = m["vague"].lower().split()
        value = VAGUE[parts[0]] * VAGUE[parts[-1]]
        end = m.end()
        cur = CUR_POST_RE.match(text, end)
        currency = None
        if cur and cur["c"].lower() not in UNIT_ATTACHED:
            currency, end = CURRENCY_POST[cur["c"].lower()][0], cur.end()
        return NumberMatch(m.start(), end, value, currency, None, True, True, True)
    if m["unitart"]:
        # "less than a minute", "more than a year": one unit, said with a qualifier; a bare "a day" is no figure
        if not QUALIFIED_RE.search(text, max(0, m.start() - 12), m.start()):
            return None
        u = UNIT_POST_RE.match(text, m.end())
        if u is None:
            return None  # "a  minute": the lookahead takes a run of spaces, the unit pattern one
        unit = UNIT_POST[u["u"].lower()]
        return NumberMatch(
            m.start(), u.end(), 1.0, None, None, False, True, False, unit, "time" if unit in TIME_UNITS else "unit"
        )
    raw = m["digits"] or m["frac"] or m["words"] or m["article"]
    pos = m.end()
    if m["words"]:
        cut = re.search(r"(?<!hundred)(?<!thousand)(?<!million)(?<!billion)(?<!trillion)\s+and\s", raw, re.I)
        if cut:  # "two and three points" are two numbers; "one hundred and five" is one
            raw = raw[: cut.start()]
            pos = m.start() + len(raw)
    parsed = number_value(raw)
    if parsed is None:
        return None
    value = parsed
    minus = MINUS_BEFORE_RE.search(text, max(0, m.start() - 8), m.start()) if m["digits"] else None
    if m["sign"] or minus:
        value = -value
    worded = not m["digits"]
    start = minus.start() if minus else m.start()
    if m["words"] and raw.lower() in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
        # a bare scale word counts only as a modifier: "million-member", "a thousand" (with its article)
        if not re.match(r"-[a-z]", text[pos : pos + 2], re.I):
            return None
        scaled_word = True
    else:
        scaled_word = False
    # currency or unit before the number
    currency = measure = None
    cscale = 1.0
    before = text[max(0, start - 12, last_end) : start]
    pre = CUR_PRE_RE.search(before)
    glued = bool(m["digits"]) and before[-1:].isalpha()  # "A320", "F35", unless "Dh4,275", "USD50"
    if m["digits"] and re.search(r"[A-Za-z]\w*-$", before) and not UNIT_PRE_RE.search(before):
        return None  # "COVID-19", "F-35", "scp-173"
    age = AGE_BEFORE_RE.search(before) if m["digits"] or m["words"] else None
    if pre and m["digits"]:
        currency, cscale = CURRENCY_PRE[pre["c"].lower()]
        start -= len(before) - pre.start("c")
    else:
        att = CUR_PRE_ATTACHED_RE.search(before) if m["digits"] else None
        if att and start - len(att["c"]) >= 0 and SCALE_RE.match(text, pos):
            currency, cscale = CURRENCY_PRE_ATTACHED[att["c"].lower()]
            start -= len(att["c"])
        else:
            upre = UNIT_PRE_RE.search(text[max(0, start - 14) : start])
            if upre and m["digits"]:
                measure = UNIT_PRE[upre["u"].lower()]
                start -= len(text[max(0, start - 14) : start]) - upre.start("u")
    if glued and currency is None:
        return None
    # scale: "2.5 million", "$1.2bn", "110 b. Euro", "35 lakh", "2 mn-euro"
    scaled = scaled_word
    s = SCALE_RE.match(text, pos)
    if s:
        word = (s["s"] or s["bdot"] or s["short"]).lower()
        # "$5m", "2m euros": a short scale needs money on one side; otherwise "5m" is five metres
        if not s["short"] or (m["digits"] and (currency or CUR_POST_RE.match(text, s.end()))):
            value *= SCALES[word]
            scaled, pos = True, s.end()
            if word == "hundred":  # "two hundred thousand" in digits and words: "2 hundred thousand"
                s = SCALE_RE.match(text, pos)
                if s and s["s"] and s["s"].lower() in ("thousand", "million", "billion"):
                    value *= SCALES[s["s"].lower()]
                    pos = s.end()
    percent = None
    p = PERCENT_RE.match(text, pos)
    if p and not currency:
        percent = "percentage points" if p["pts"] else "percent"
        pos = p.end()
    if currency and pre is not None:
        again = CUR_POST_RE.match(text, pos)  # "$249 USD", "$9.99 US dollars": the currency said twice
        if again and CURRENCY_POST[again["c"].lower()][0] == currency and again["c"] != "$":
            pos = again.end()
    if not percent and not currency:
        c = CUR_POST_RE.match(text, pos)
        if c and not (len(c["c"]) == 1 and c["c"].isalpha() and c.start("c") != pos):
            currency, cscale = CURRENCY_POST[c["c"].lower()]
            pos = c.end()
            s = SCALE_RE.match(text, pos)  # "75 USD million"
            if s and s["s"] and not scaled:
                value *= SCALES[s["s"].lower()]
                scaled, pos = True, s.end()
            elif currency not in MINOR_UNITS and not scaled and float(value).is_integer():
                cents = CENTS_RE.match(text, pos)  # "thirteen dollars forty five", "3 dollars 50 cents"
                if cents:
                    sub = number_value(cents["n"])
                    if (
                        sub is not None
                        and 0 < sub < 100
                        and float(sub).is_integer()
                        and (cents["unit"] or CENTS_END_RE.match(text, cents.end()))
                    ):
                        value += sub / 100
                        pos = cents.end()
    if cscale != 1.0:
        value *= cscale
        scaled = True
    kind = None
    if age and not percent and not currency and not UNIT_POST_RE.match(text, pos):
        measure = "year"  # "aged 24", "a man of age 87"
    if not percent and not currency and measure is None:
        u = UNIT_ATTACHED_RE.match(text, pos) if m["digits"] else None
        if u and len(u["u"]) == 1 and u["u"].islower() == (u["u"] in "cfCF"):
            u = None  # "3G", "4K" are names, not grams; "15C" is a temperature, "15c" is not
        if u:
            measure, pos = UNIT_ATTACHED[u["u"].lower()], u.end()
        else:
            u = UNIT_POST_RE.match(text, pos)
            if u and (u["open"] is None) == (u["close"] is None):
                form = u["u"].lower()
                spaced = u.start("u") != pos
                if len(form) == 1 and form.isalpha() and not u["u"].islower():
                    pass  # "5 M", "3D": not a unit
                elif not (
                    spaced
                    and len(form) == 1
                    and form.isalpha()
                    and not re.match(r"\s*(?:x\b|\d|$|[.,;)])", text[u.end() :])
                ):
                    measure, pos = UNIT_POST[form], u.end()
    if measure is not None:
        per = PER_UNIT_RE.match(text, pos)
        if per and measure not in TIME_UNITS and measure != "times":
            measure, pos = f"{measure} per {per['d'].lower()}", per.end()
        if age:
            kind = "age"
        elif measure in TIME_UNITS:
            kind = "time"
            old = AGE_OLD_RE.match(text, pos)
            if old:
                kind, pos = "age", old.end()
        elif measure == "year of age":
            kind, measure = "age", "year"
        else:
            kind = "unit"
    end = pos
    while end > start and text[end - 1].isspace():
        end -= 1
    return NumberMatch(start, end, value, currency, percent, False, worded, scaled, measure, kind)


def a_bare(n: NumberMatch) -> bool:
    return not (n.currency or n.percent or n.measure)


def join_ranges(text: str, numbers: list[NumberMatch]) -> list[NumberMatch]:
    """Two numbers joined as a range share the unit: "10-20 years", "between 200 and 300", "5.25% to 5.50%",
    "100 or 200"; the low end is a lower bound and the high end an upper one. "from 115 to 97" and "rose 15% to
    $415.9 million" are no ranges."""
    out = list(numbers)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.range_bound or a.vague or b.vague:
            continue
        j = RANGE_JOIN_RE.match(text[a.end : b.start])
        if not j:
            continue
        join = j["j"].lower()
        before = text[max(0, a.start - 12) : a.start].lower()
        between = re.search(r"\bbetween\s+$", before) is not None
        if join == "and" and not between and not (a.worded and b.worded and a_bare(a)):
            continue  # "two and three jobs" is a range; "1.83 and 2 GHz", "5% and 7%" are two figures
        if re.search(r"\bfrom\s+$", before) or (join != "-" and re.search(r"\b(?:to|from)\s+$", before)):
            continue
        a_unit = (a.currency, a.percent, a.measure)
        b_unit = (b.currency, b.percent, b.measure)
        if a.kind == "age" and b_unit == (None, None, None) and join != "and":
            b = replace(b, measure=a.measure, kind="age")  # "ages 55 to 65"
            b_unit = a_unit
        if a_unit != (None, None, None) and a_unit != b_unit:
            continue
        if join == "-" and (
            a.worded or b.worded or text[a.end : b.start] != "-" and a_unit == b_unit == (None, None, None)
        ):
            continue  # "4 - 5.6" in a lens name
        value = a.value
        if not a.scaled and b.scaled and a_unit == (None, None, None) and b.value >= 1000 * value > 0:
            # "between 2 and 3 million": the low end takes the high end's scale
            value *= next(s for s in (1e12, 1e9, 1e6, 1e3) if value * s <= b.value)
        if not value < b.value:
            continue
        out[i] = replace(
            a,
            value=value,
            currency=b.currency,
            percent=b.percent,
            measure=b.measure,
            kind=b.kind,
            scaled=a.scaled or b.scaled,
            range_bound="lower",
            hyphen_range=join == "-",
        )
        out[i + 1] = replace(b, range_bound="upper", hyphen_range=join == "-")
    return out
