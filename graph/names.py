"""Name shapes and keys: the slug an entity IRI is minted from, legal designators, initials and acronyms.

Extraction, resolution and the RDF mapping all read names this way, so it lives below all three.
"""

from __future__ import annotations

import re
import unicodedata

STOP_INITIALS = {"of", "the", "and", "for", "on", "in", "&", "to", "a", "an", "de", "du", "des", "la", "le"}


# trailing words that name a company's legal form or trade, not the company itself
DESIGNATORS = {
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "plc",
    "nv",
    "sa",
    "ag",
    "gmbh",
    "se",
    "spa",
    "bv",
    "ab",
    "asa",
    "holdings",
    "holding",
    "group",
    "computer",
    "computers",
    "airlines",
    "airways",
}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-': the stable part of an IRI."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[\u2019']", "", s)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "x"


def type_prefix(etype: str) -> str:
    return {"Person": "person", "Organization": "org", "Place": "place", "Policy": "policy"}.get(etype, "thing")


def strip_designators(name: str) -> str:
    """ "Apple Computer, Inc." -> "Apple"; never strips a name down to nothing."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower().replace(".", "") in DESIGNATORS:
        words.pop()
    return " ".join(words)


def name_key(etype: str, name: str) -> str:
    """The key a name gets when no rule knows better: type prefix plus slug ("org/american-civil-liberties-union")."""
    if etype == "Organization":
        name = strip_designators(name).replace("&", " and ")
    return f"{type_prefix(etype)}/{slug(name)}"


def initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", strip_designators(name)) if w.lower() not in STOP_INITIALS]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def stop_initials(name: str) -> str:
    """Initials that keep small words in lower case: "Bank of England" -> "BoE"; "" when there is no small word."""
    words = re.findall(r"[A-Za-z][\w'-]*", strip_designators(name))
    if len(words) < 3 or not any(w.lower() in STOP_INITIALS for w in words[1:-1]) or words[0].lower() in STOP_INITIALS:
        return ""
    return "".join(w[0].lower() if w.lower() in STOP_INITIALS else w[0].upper() for w in words)


def is_mixed_acronym(name: str) -> bool:
    """ "BoE", "DoJ", "MoD": capitals with the small words' initials in lower case between them."""
    return (
        3 <= len(name) <= 7
        and re.fullmatch(r"[A-Z](?:[a-z]?[A-Z])+", name) is not None
        and any(c.islower() for c in name)
    )


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "").replace("&", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def has_digit(name: str) -> bool:
    return any(c.isdigit() for c in name)
