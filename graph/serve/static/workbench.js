/* newsgraph's SPARQL workbench: YASGUI on this server's /sparql, with no request to any other host.
   YASGUI's remote features are turned off here: LOV class/property autocompletion, prefix.cc, the endpoint
   catalogue (DBpedia, Wikidata), CORS probes and share links read from the URL. The page's
   Content-Security-Policy backs this up: the browser itself refuses any other host. */
(function () {
  "use strict";
  var status = document.getElementById("workbench-status");
  var Yasgui = window.Yasgui && (window.Yasgui.Yasqe ? window.Yasgui : window.Yasgui.default);
  if (!Yasgui) {
    status.textContent = "The workbench script did not load; use the plain form at /query?simple=1.";
    return;
  }
  var endpoint = new URL("/sparql", window.location.href).href;
  var FIRST = "SELECT DISTINCT ?name ?type WHERE {\n  ?e skos:prefLabel ?name ; ng:entityType ?type .\n}\n" +
              "ORDER BY ?name\nLIMIT 50\n";

  function offline(prefixes) {  // before the first editor is made: YASGUI reads these defaults then
    var Yasqe = Yasgui.Yasqe;
    var lines = Object.keys(prefixes).sort().map(function (p) { return p + ": <" + prefixes[p] + ">"; });
    // our own prefixes for "PREFIX " completion, instead of the bundled or prefix.cc list
    Yasqe.forkAutocompleter("prefixes", {
      name: "newsgraphPrefixes", persistenceId: null,
      get: function () { return Promise.resolve(lines); }
    }, false);
    // YASGUI merges arrays by index, so the defaults are replaced in place: no "class" or "property" (LOV)
    var completers = Yasqe.defaults.autocompleters;
    completers.splice(0, completers.length, "variables", "newsgraphPrefixes");
    Yasqe.defaults.prefixCcApi = null;
    Yasgui.defaults.endpointCatalogueOptions.getData = function () { return [{ endpoint: endpoint }]; };
    Yasgui.defaults.corsProxy = undefined;
    predeclare(Yasqe, prefixes);
  }

  // The endpoint predeclares our prefixes; the editor's own syntax check is told so, or it marks ng:x as an error.
  function predeclare(Yasqe, prefixes) {
    var factory = Yasqe.modes && Yasqe.modes.sparql11;
    if (!factory) { return; }
    Yasqe.defineMode("sparql11", function (config, parserConfig) {
      var mode = factory(config, parserConfig), startState = mode.startState;
      mode.startState = function () {
        var state = startState.apply(this, arguments);
        Object.keys(prefixes).forEach(function (p) { state.prefixes[p] = prefixes[p]; });
        return state;
      };
      return mode;
    });
  }

  function start(data) {
    offline(data.prefixes);
    var yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: function () { return endpoint; }, method: "POST" },  // a function: fixed
      copyEndpointOnNewTab: false,
      populateFromUrl: false,
      autoAddOnInit: false,
      persistenceId: "newsgraph-workbench",
      tabName: "Query",
      yasqe: { value: FIRST },
      yasr: { prefixes: data.prefixes, defaultPlugin: "table" }
    });
    if (!yasgui.persistentConfig.getTabs().length) {  // first visit: one tab per named query
      yasgui.addTab(true, { name: "entities", yasqe: { value: FIRST } });
      data.queries.forEach(function (q) {
        yasgui.addTab(false, { name: q.name, yasqe: { value: q.query } });
      });
    }
    window.newsgraphWorkbench = yasgui;
    status.textContent = "";
  }

  fetch(new URL("/query/examples.json", window.location.href).href)
    .then(function (r) {
      if (!r.ok) { throw new Error("/query/examples.json answered " + r.status); }
      return r.json();
    })
    .then(start)
    .catch(function (e) {
      status.textContent = "The workbench could not start (" + e.message + "); use the plain form at /query?simple=1.";
    });
})();
