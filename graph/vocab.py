"""The project's vocabulary: standard namespaces plus the few terms newsgraph mints itself.

Every ``NG`` term is declared in ``ontology/newsgraph.ttl`` and every term declared there is listed
here; ``tests/test_vocab.py`` checks both ways.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

# the ontology, shapes, gazetteer and named queries: the package data graph.ontology (ontology/ in a checkout)
ONTOLOGY_DIR = Path(str(resources.files("graph.ontology")))

BASE = "https://w3id.org/newsgraph/"
ID = Namespace(BASE + "id/")  # minted resources: articles, entities, variables, roles

SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
ITSRDF = Namespace("http://www.w3.org/2005/11/its/rdf#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SH = Namespace("http://www.w3.org/ns/shacl#")
WD = Namespace("http://www.wikidata.org/entity/")

# The shared named graphs, derived at the end of every build from all article graphs (graph/derive/).
ENTITIES_GRAPH = BASE + "graph/entities"  # one node per entity across articles
CLAIMS_GRAPH = BASE + "graph/claims"  # stories, measured variables and comparisons of figure claims
EVENTS_GRAPH = BASE + "graph/events"  # one schema:Event per event across its reports
SHARED_GRAPHS = (ENTITIES_GRAPH, CLAIMS_GRAPH, EVENTS_GRAPH)

PREFIXES = {
    "ng": BASE + "ns#",
    "id": str(ID),
    "schema": str(SCHEMA),
    "prov": str(PROV),
    "nif": str(NIF),
    "itsrdf": str(ITSRDF),
    "skos": str(SKOS),
    "org": str(ORG),
    "time": str(TIME),
    "xsd": str(XSD),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "wd": str(WD),
}


class NG(DefinedNamespace):
    """newsgraph's own terms, only where no standard vocabulary has one."""

    _fail = True
    _NS = Namespace(BASE + "ns#")

    # classes
    Policy: URIRef  # a named policy or programme ("zero tolerance")
    Mention: URIRef  # an entity mention: a text span that denotes an entity
    FigureClaim: URIRef  # a claim that states a figure
    QuoteClaim: URIRef  # a claim that reports what someone said
    DateMention: URIRef  # a date expression with its normalised value
    MeasuredVariable: URIRef  # what a figure measures ("children separated")
    Bound: URIRef  # how a figure's value limits the truth
    Comparison: URIRef  # the result of comparing two figure claims on one variable
    Event: URIRef  # something that happened, with actor, object and time
    # bounds (instances of ng:Bound)
    exact: URIRef
    lower: URIRef
    upper: URIRef
    approx: URIRef
    # properties
    bound: URIRef  # figure value -> ng:Bound
    quantity: URIRef  # figure claim -> schema:QuantitativeValue
    measures: URIRef  # quantitative value -> ng:MeasuredVariable
    asOf: URIRef  # figure claim -> the date it holds for
    sentence: URIRef  # claim or mention -> the sentence span it was read from
    speakerText: URIRef  # quote or figure -> speaker as written, when no entity resolved
    reportingVerb: URIRef  # quote -> lemma of the reporting verb ("say")
    recipient: URIRef  # quote -> who it was said to ("The Associated Press")
    quoteKind: URIRef  # quote -> "direct" | "reported"
    isoValue: URIRef  # date mention -> ISO 8601 value at its own granularity
    granularity: URIRef  # date mention -> "day" | "week" | "month" | "quarter" | "year"
    entityType: URIRef  # entity -> "Person" | "Organization" | "Place" | "Policy"
    contentHash: URIRef  # article -> sha256 of its text, for incremental builds
    sourceFile: URIRef  # article -> the file (and line) it was read from
    comparedClaim: URIRef  # comparison -> a claim compared
    agreement: URIRef  # comparison -> "agree" | "disagree" | "undetermined"
    reason: URIRef  # comparison -> why they agree or disagree
    disagreesWith: URIRef  # figure claim -> figure claim, symmetric
    predicate: URIRef  # event -> normalised predicate lemma ("pull out")
    relation: URIRef  # event -> typed relation ("rescinded")
    actor: URIRef  # event -> acting entity
    object: URIRef  # event -> entity acted upon
    objectText: URIRef  # event -> object as written
    eventTime: URIRef  # event -> date mention
    negated: URIRef  # event -> true when the text negates it
    modality: URIRef  # event -> "would", "plan", ...
    mentionedIn: URIRef  # event -> an article that reports it
    actorText: URIRef  # event -> actor as written ("the federal government")
    participant: URIRef  # event -> an entity named in its actor or object phrase
    eventMention: URIRef  # event across articles -> one article's report of it (an ng:Event)
    groupKey: URIRef  # event report -> "kind<TAB>key" a report of the same event would share (an index)
    measureKey: URIRef  # quantitative value -> comparable "kind:what" ("count:killed", "money:stolen")
    scope: URIRef  # figure claim -> a place (or, for an age, a person) its clause restricts it to
    scopeDate: URIRef  # figure claim -> the month or year of the event it counts (a background event)
    storyVariable: URIRef  # figure claim -> the variable it is compared on across the articles of one story
    story: URIRef  # measured variable -> an article of the story it belongs to
