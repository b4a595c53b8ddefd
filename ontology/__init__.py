"""newsgraph's ontology, SHACL shapes, gazetteer and named SPARQL queries, installed as the data package
``graph.ontology`` (read through ``importlib.resources``, so an installed wheel finds them too)."""
