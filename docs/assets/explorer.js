/*
 * The release explorer (releases/explorer/, made by templates/releases-explorer.md.j2).
 *
 * Without JavaScript the page is the complete table of release notes. This
 * script adds filters above it: product, version, kind, area, topic and words. The
 * filters live in the query string (?product=...&version=...&kind=...&area=...&topic=...
 * &text=...), so a filtered view can be shared, and a reload restores it. ("q" is
 * left alone: Material's search opens itself for ?q=.)
 *
 * Material's instant navigation swaps pages without running scripts again, so the
 * setup runs on every page through Material's `document$` observable and does
 * nothing on pages without the explorer. No framework: plain DOM.
 */
(function () {
  "use strict";

  var FACETS = [
    { key: "product", column: "product", label: "Product" },
    { key: "version", column: "version", label: "Version" },
    { key: "kind", column: "kind", label: "Kind" },
    { key: "area", column: "area", label: "Area" },
    { key: "topic", column: "topics", label: "Topic" }
  ];
  var TEXT_KEY = "text";

  function cellText(cell) {
    return cell.textContent.replace(/\s+/g, " ").trim();
  }

  /* A topic's slug is the last segment of its chip's address: ../../topics/vpp/ -> vpp. */
  function topicSlug(href) {
    var parts = new URL(href, location.href).pathname.split("/").filter(Boolean);
    return parts[parts.length - 1] || "";
  }

  /* Each row's values per facet: [{value, label}], from the cells under each heading. */
  function readRows(table) {
    var columns = {};
    table.querySelectorAll("thead th").forEach(function (th, index) {
      columns[cellText(th).toLowerCase()] = index;
    });
    return Array.prototype.map.call(table.querySelectorAll("tbody tr"), function (tr) {
      var cells = tr.children;
      var values = {};
      FACETS.forEach(function (facet) {
        var cell = cells[columns[facet.column]];
        if (!cell) {
          values[facet.key] = [];
        } else if (facet.key === "topic") {
          values[facet.key] = Array.prototype.map.call(cell.querySelectorAll("a"), function (a) {
            return { value: topicSlug(a.href), label: cellText(a) };
          });
        } else {
          values[facet.key] = [{ value: cellText(cell), label: cellText(cell) }];
        }
      });
      return { element: tr, values: values, text: cellText(tr).toLowerCase() };
    });
  }

  function options(rows, facet) {
    var seen = {};
    var found = [];
    rows.forEach(function (row) {
      row.values[facet.key].forEach(function (item) {
        if (item.value && !seen[item.value]) {
          seen[item.value] = true;
          found.push(item);
        }
      });
    });
    if (facet.key === "topic" || facet.key === "area") {
      found.sort(function (a, b) { return a.label.localeCompare(b.label); });
    }
    return found;
  }

  function field(id, labelText, control) {
    var wrapper = document.createElement("div");
    wrapper.className = "kb-explorer__field";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = labelText;
    control.id = id;
    wrapper.appendChild(label);
    wrapper.appendChild(control);
    return wrapper;
  }

  function select(facet, items) {
    var control = document.createElement("select");
    control.name = facet.key;
    var all = document.createElement("option");
    all.value = "";
    all.textContent = "All";
    control.appendChild(all);
    items.forEach(function (item) {
      var option = document.createElement("option");
      option.value = item.value;
      option.textContent = item.label;
      control.appendChild(option);
    });
    return control;
  }

  /* Set a select to a value from the address, adding an option for a value the table
     no longer has, so that a stale shared link shows no rows rather than all of them. */
  function choose(control, value) {
    if (value && !Array.prototype.some.call(control.options, function (o) { return o.value === value; })) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value;
      control.appendChild(option);
    }
    control.value = value;
  }

  function setup() {
    var intro = document.getElementById("kb-explorer");
    if (!intro || intro.getAttribute("data-kb-ready")) {
      return;
    }
    var table = null;
    for (var node = intro.nextElementSibling; node && !table; node = node.nextElementSibling) {
      table = node.matches("table") ? node : node.querySelector("table");
    }
    if (!table) {
      return;
    }
    intro.setAttribute("data-kb-ready", "true");
    var rows = readRows(table);

    var form = document.createElement("form");
    form.className = "kb-explorer";
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter release notes");
    var controls = {};
    FACETS.forEach(function (facet) {
      controls[facet.key] = select(facet, options(rows, facet));
      form.appendChild(field("kb-explorer-" + facet.key, facet.label, controls[facet.key]));
    });
    var words = document.createElement("input");
    words.type = "search";
    words.name = TEXT_KEY;
    words.autocomplete = "off";
    form.appendChild(field("kb-explorer-" + TEXT_KEY, "Words", words));
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "md-button kb-explorer__clear";
    clear.textContent = "Clear filters";
    form.appendChild(clear);
    var count = document.createElement("p");
    count.className = "kb-explorer__count";
    count.setAttribute("role", "status");
    /* Said only where the filters exist: without JavaScript the page is the whole table. */
    var hint = document.createElement("p");
    hint.className = "kb-explorer__hint";
    hint.textContent = "Narrow the table by product, version, kind, area, topic or words: " +
      "the address of the page keeps your filters, so you can share what you found.";
    var none = document.createElement("p");
    none.className = "kb-explorer__none";
    none.hidden = true;
    none.appendChild(document.createTextNode("No note matches these filters. "));
    var clearNone = document.createElement("button");
    clearNone.type = "button";
    clearNone.className = "md-button";
    clearNone.textContent = "Clear the filters";
    none.appendChild(clearNone);
    intro.insertAdjacentElement("afterend", none);
    intro.insertAdjacentElement("afterend", count);
    intro.insertAdjacentElement("afterend", form);
    intro.insertAdjacentElement("afterend", hint);

    function apply(updateAddress) {
      var terms = words.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var visible = FACETS.every(function (facet) {
          var wanted = controls[facet.key].value;
          return !wanted || row.values[facet.key].some(function (item) { return item.value === wanted; });
        }) && terms.every(function (term) { return row.text.indexOf(term) !== -1; });
        row.element.hidden = !visible;
        shown += visible ? 1 : 0;
      });
      count.textContent = shown === rows.length
        ? "Showing all " + rows.length + " notes."
        : "Showing " + shown + " of " + rows.length + " notes.";
      none.hidden = shown !== 0;
      table.hidden = shown === 0;
      if (updateAddress) {
        var url = new URL(location.href);
        FACETS.forEach(function (facet) {
          var value = controls[facet.key].value;
          if (value) { url.searchParams.set(facet.key, value); } else { url.searchParams.delete(facet.key); }
        });
        var text = words.value.trim();
        if (text) { url.searchParams.set(TEXT_KEY, text); } else { url.searchParams.delete(TEXT_KEY); }
        history.replaceState(history.state, "", url.href);
      }
    }

    var params = new URL(location.href).searchParams;
    FACETS.forEach(function (facet) {
      choose(controls[facet.key], params.get(facet.key) || "");
    });
    words.value = params.get(TEXT_KEY) || "";

    form.addEventListener("change", function () { apply(true); });
    words.addEventListener("input", function () { apply(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    function clearAll() {
      FACETS.forEach(function (facet) { controls[facet.key].value = ""; });
      words.value = "";
      apply(true);
    }
    clear.addEventListener("click", clearAll);
    clearNone.addEventListener("click", function () {
      clearAll();
      words.focus();
    });
    apply(false);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
