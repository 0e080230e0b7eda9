/* The search worker of Material's search dialog, answered from Pagefind's index.

   Material runs its search in a web worker named in its configuration
   (overrides/main.html points it here) and talks to it in messages: SETUP (0) with
   search/search_index.json, to which the worker answers READY (1); QUERY (2) with the
   words typed, to which it answers RESULT (3) with the results to show. Material keeps
   everything else: the dialog, its keys (/, s, arrows, Enter, Esc), ?q= and the
   highlighting of the words on the page a result opens.

   The index is Pagefind's (hooks/calico_kb/site/search.py writes it into pagefind/):
   split into small files, so a query loads only the part of the index its words need
   and the records of the results shown (MAX_RESULTS), whatever the size of the site.
   Pagefind is loaded at the first query, not when a page opens. The index is written
   in parts (search.py says why), listed in pagefind/parts.json: the first part is
   Pagefind's own bundle, the others are merged into it (Pagefind's mergeIndex), and a
   query is answered from all of them, best first. Each result is the
   page (its title, the passage that matches, its kind as a tag) and, folded under it,
   the sections of the page that match. */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var MAX_RESULTS = 20;
var MAX_SECTIONS = 5;

var OPTIONS = { excerptLength: 24 };

var pagefind = null;
var latest = 0;

function loadPagefind() {
  if (!pagefind) {
    var base = new URL("../pagefind/", self.location.href);
    var parts = fetch(new URL("parts.json", base).href, { cache: "no-cache" }).then(function (response) {
      if (!response.ok) { throw new Error("search index: pagefind/parts.json " + response.status); }
      return response.json();
    });
    pagefind = Promise.all([import(new URL("pagefind.js", base).href), parts]).then(function (loaded) {
      var module = loaded[0];
      return module.options(OPTIONS).then(function () {
        // Options given to Pagefind apply to its own bundle only: each part gets them too.
        return Promise.all(loaded[1].parts.map(function (part) {
          return module.mergeIndex(new URL(part, base).href, OPTIONS);
        }));
      }).then(function () { return module; });
    });
  }
  return pagefind;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
  });
}

/* The words of the query, as Material lists them under a result ("missing: ..."):
   Pagefind finds pages with every word, so every word is found. */
function queryTerms(query) {
  var terms = {};
  query.split(/[\s\-]+/).filter(Boolean).forEach(function (word) { terms[word] = true; });
  return terms;
}

function sections(page, score, terms) {
  return (page.sub_results || [])
    .filter(function (section) { return section.anchor && section.anchor.element !== "h1" && section.url !== page.url; })
    .slice(0, MAX_SECTIONS)
    .map(function (section) {
      return { location: section.url, title: escapeHtml(section.title), text: section.excerpt, score: score / 2, terms: terms };
    });
}

function resultItem(page, score, terms) {
  var item = {
    location: page.url,
    title: escapeHtml(page.meta.title || page.url),
    text: page.excerpt,
    score: score,
    terms: terms
  };
  if (page.meta.kind) { item.tags = [escapeHtml(page.meta.kind)]; }
  return [item].concat(sections(page, score, terms));
}

/* The results of `query`, or null when a later query was asked meanwhile (typing asks
   at every key): the records of results nobody will see are not loaded. */
function answer(query, asked) {
  if (!query.trim()) { return Promise.resolve({ items: [] }); }
  return loadPagefind().then(function (module) {
    return module.search(query);
  }).then(function (search) {
    if (asked !== latest) { return null; }
    var shown = search.results.slice(0, MAX_RESULTS);
    return Promise.all(shown.map(function (result) { return result.data(); })).then(function (pages) {
      var terms = queryTerms(query);
      return {
        items: pages.map(function (page, i) { return resultItem(page, shown[i].score, terms); }),
        total: search.results.length
      };
    });
  });
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message.type === SETUP) {
    self.postMessage({ type: READY });
  } else if (message.type === QUERY) {
    var asked = ++latest;
    answer(message.data, asked).then(function (result) {
      if (result && asked === latest) { self.postMessage({ type: RESULT, data: result }); }
    });
  }
});
