/*
 * The release explorer (releases/explorer/, made by templates/releases-explorer.md.j2).
 *
 * The notes are data the build writes beside the page (hooks/calico_kb/render/
 * explorer_data.py says the format): a manifest, found by the page's link to it
 * (#kb-explorer-data a), and parts of up to a thousand notes, highest version first.
 * The first part is fetched at once and shows the first pages; the others only when
 * they are needed (a filter, words, a page past the first part) or likely to be (the
 * reader reaches for the filters), so the first load stays small however many notes
 * there are.
 *
 * Filters take several values each: kind, area, product, topic and author (a note
 * matches when it has any of a filter's values, and every filter), a range of
 * versions (by major.minor series) and words (all of them, in the note's title, text,
 * pull requests, authors or version). Each option says how many notes it would show
 * with the other filters as they are, and options that would show none are hidden.
 * The filters and the page live in the address (?kind=bug-fix&kind=feature&area=ebpf
 * &from=3.20&to=3.26&author=felix&text=...&page=2; "q" is left alone: Material's
 * search opens itself for ?q=): every change is a new history entry (typing in the
 * words box, one entry per pause), so Back steps through them, and a shared address
 * opens the same view.
 *
 * Note text is put into the page as text (textContent), never as markup: `backticks`
 * become <code>, lines starting "- " list items, blank lines paragraphs, as on the
 * release pages. No framework: plain DOM. Only the explorer's page loads this file
 * (its front matter's kb_scripts); Material's instant navigation swaps pages without
 * reloading the document, so the setup runs on every page shown (`document$`) and does
 * nothing where there is no explorer.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 50;
  var CHOICES = [
    { key: "kind", label: "Kind", list: "kinds" },
    { key: "area", label: "Area", list: "areas" },
    { key: "product", label: "Product", list: "products" },
    { key: "topic", label: "Topic", list: "topics" }
  ];
  var LIST_KEYS = ["kind", "area", "product", "topic", "author"];
  var TYPING_PAUSE = 800;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function number(n) {
    return n.toLocaleString("en");
  }

  /* The state of the filters, from an address and back. */
  function readState(href) {
    var params = new URL(href).searchParams;
    var state = { from: params.get("from") || "", to: params.get("to") || "", text: params.get("text") || "" };
    LIST_KEYS.forEach(function (key) { state[key] = params.getAll(key).filter(Boolean); });
    state.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
    return state;
  }

  function stateUrl(state) {
    var url = new URL(location.href);
    LIST_KEYS.concat(["from", "to", "text", "page"]).forEach(function (key) { url.searchParams.delete(key); });
    LIST_KEYS.forEach(function (key) {
      state[key].forEach(function (value) { url.searchParams.append(key, value); });
    });
    ["from", "to"].forEach(function (key) { if (state[key]) { url.searchParams.set(key, state[key]); } });
    if (state.text.trim()) { url.searchParams.set("text", state.text.trim()); }
    if (state.page > 1) { url.searchParams.set("page", String(state.page)); }
    return url.href;
  }

  function filtered(state) {
    return LIST_KEYS.some(function (key) { return state[key].length; }) || state.from || state.to ||
      state.text.trim() !== "";
  }

  /* Note text as blocks of text: paragraphs, "- " list items, `code`. */
  function appendInline(parent, text) {
    var parts = text.split(/(`+[^`]+?`+)/);
    parts.forEach(function (part) {
      var code = /^(`+)([^`]+?)\1$/.exec(part);
      parent.appendChild(code ? element("code", null, code[2].trim()) : document.createTextNode(part));
    });
  }

  function appendText(parent, text) {
    text.split("\n\n").forEach(function (block) {
      var paragraph = [];
      var items = [];
      block.split("\n").forEach(function (line) {
        if (line.indexOf("- ") === 0) { items.push([line.slice(2)]); }
        else if (items.length) { items[items.length - 1].push(line); }
        else { paragraph.push(line); }
      });
      if (paragraph.join(" ").trim()) {
        var p = element("p");
        appendInline(p, paragraph.join(" "));
        parent.appendChild(p);
      }
      if (items.length) {
        var list = element("ul");
        items.forEach(function (item) {
          var li = element("li");
          appendInline(li, item.join(" "));
          list.appendChild(li);
        });
        parent.appendChild(list);
      }
    });
  }

  function link(href, text, className) {
    var a = element("a", className, text);
    a.href = href;
    return a;
  }

  function Explorer(intro, manifestUrl) {
    this.intro = intro;
    this.pathname = location.pathname;
    this.manifestUrl = manifestUrl;
    this.notes = [];
    this.partsLoaded = 0;
    this.loadingAll = null;
    this.typing = 0;
  }

  Explorer.prototype.fetchJson = function (url) {
    return fetch(url).then(function (response) {
      if (!response.ok) { throw new Error(url + ": " + response.status); }
      return response.json();
    });
  };

  Explorer.prototype.addPart = function (part) {
    var m = this.manifest;
    part.notes.forEach(function (note) {
      var release = m.releases[note.r];
      note.release = release;
      note.product = m.products[release.product].value;
      note.handles = (note.u || []).map(function (index) { return m.authors[index].handle.toLowerCase(); });
      note.words = [
        note.h || "", note.x, release.title, release.version,
        (note.p || []).map(function (pr) { return pr[0] + " #" + pr[1] + " " + pr[0] + "#" + pr[1]; }).join(" "),
        (note.u || []).map(function (index) { return "@" + m.authors[index].handle; }).join(" ")
      ].join(" ").toLowerCase();
    });
    this.notes = this.notes.concat(part.notes);
    this.partsLoaded += 1;
  };

  /* Every part, fetched once; resolves when all notes are in. */
  Explorer.prototype.loadAll = function () {
    var self = this;
    if (!this.loadingAll) {
      var rest = this.manifest.parts.slice(1).map(function (name) {
        return self.fetchJson(new URL(name, self.manifestUrl).href);
      });
      this.loadingAll = Promise.all(rest).then(function (parts) {
        parts.forEach(function (part) { self.addPart(part); });
      });
    }
    return this.loadingAll;
  };

  Explorer.prototype.complete = function () {
    return this.partsLoaded === this.manifest.parts.length;
  };

  Explorer.prototype.start = function () {
    var self = this;
    return this.fetchJson(this.manifestUrl).then(function (manifest) {
      self.manifest = manifest;
      self.seriesIndex = {};
      manifest.series.forEach(function (series, index) { self.seriesIndex[series] = index; });
      self.authorsByKey = {};
      manifest.authors.forEach(function (author, index) {
        self.authorsByKey[author.handle.toLowerCase()] = { handle: author.handle, index: index, url: author.url };
      });
      self.build();
      return manifest.parts.length ? self.fetchJson(new URL(manifest.parts[0], self.manifestUrl).href) : { notes: [] };
    }).then(function (part) {
      self.addPart(part);
      self.state = readState(location.href);
      self.show(false);
    });
  };

  /* The form, the status line, the list and the pager, below the intro. */
  Explorer.prototype.build = function () {
    var self = this;
    var m = this.manifest;
    var form = element("form", "kb-explorer");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Filter release notes");
    this.form = form;

    var words = element("input");
    words.type = "search";
    words.name = "text";
    words.id = "kb-explorer-text";
    words.autocomplete = "off";
    form.appendChild(this.field("Words", words));
    this.words = words;

    this.groups = {};
    CHOICES.forEach(function (choice) {
      if (m[choice.list].length) { form.appendChild(self.choiceGroup(choice, m[choice.list])); }
    });
    form.appendChild(this.versionRange());
    if (m.authors.length) { form.appendChild(this.authorField()); }

    var submit = element("button", "md-button md-button--primary kb-explorer__apply", "Show notes");
    submit.type = "submit";
    var clear = element("button", "md-button kb-explorer__clear", "Clear filters");
    clear.type = "button";
    var buttons = element("div", "kb-explorer__buttons");
    buttons.appendChild(submit);
    buttons.appendChild(clear);
    form.appendChild(buttons);

    var hint = element("p", "kb-explorer__hint",
      "Choose any number of kinds, areas, products, topics and authors, a range of versions and words: " +
      "the address of the page keeps your choices, so you can share what you found.");
    this.count = element("p", "kb-explorer__count");
    this.count.setAttribute("role", "status");
    this.none = element("p", "kb-explorer__none");
    this.none.hidden = true;
    this.none.appendChild(document.createTextNode("No note matches these filters. "));
    var clearNone = element("button", "md-button", "Clear the filters");
    clearNone.type = "button";
    this.none.appendChild(clearNone);
    this.list = element("ol", "kb-explorer__notes");
    this.list.setAttribute("aria-label", "Release notes, highest version first");
    this.pager = element("nav", "kb-explorer__pager");
    this.pager.setAttribute("aria-label", "Pages of notes");
    this.previous = element("button", "md-button kb-explorer__previous", "Previous page");
    this.previous.type = "button";
    this.next = element("button", "md-button kb-explorer__next", "Next page");
    this.next.type = "button";
    this.pageOf = element("span", "kb-explorer__page");
    this.pager.appendChild(this.previous);
    this.pager.appendChild(this.pageOf);
    this.pager.appendChild(this.next);

    var after = this.intro;
    [hint, form, this.count, this.none, this.list, this.pager].forEach(function (node) {
      after.insertAdjacentElement("afterend", node);
      after = node;
    });

    form.addEventListener("change", function (event) {
      if (event.target === words || event.target === self.authorInput) { return; }
      self.change(self.formState());
    });
    words.addEventListener("input", function () { self.change(self.formState(), true); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (document.activeElement === self.authorInput) { self.addAuthor(); return; }
      self.typing = 0;
      self.change(self.formState());
    });
    /* The reader reaches for the filters: fetch the other parts now. */
    ["focusin", "pointerenter"].forEach(function (type) {
      form.addEventListener(type, function () { self.loadAll(); });
    });
    function clearAll() {
      self.change(readState(location.origin + location.pathname));
    }
    clear.addEventListener("click", clearAll);
    clearNone.addEventListener("click", function () { clearAll(); words.focus(); });
    this.previous.addEventListener("click", function () { self.turn(-1); });
    this.next.addEventListener("click", function () { self.turn(1); });
  };

  Explorer.prototype.field = function (labelText, control) {
    var wrapper = element("div", "kb-explorer__field");
    var label = element("label", null, labelText);
    label.htmlFor = control.id;
    wrapper.appendChild(label);
    wrapper.appendChild(control);
    return wrapper;
  };

  /* A group of checkboxes, one per value, each with its count. */
  Explorer.prototype.choiceGroup = function (choice, values) {
    var details = element("details", "kb-explorer__facet");
    var summary = element("summary", null, choice.label);
    details.appendChild(summary);
    var group = element("div", "kb-explorer__options");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", choice.label);
    var options = {};
    values.forEach(function (item) {
      var label = element("label", "kb-explorer__option");
      var box = element("input");
      box.type = "checkbox";
      box.name = choice.key;
      box.value = item.value;
      var count = element("span", "kb-explorer__n");
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + item.label + " "));
      label.appendChild(count);
      group.appendChild(label);
      options[item.value] = { label: label, box: box, count: count };
    });
    details.appendChild(group);
    this.groups[choice.key] = { details: details, summary: summary, label: choice.label, options: options };
    return details;
  };

  Explorer.prototype.versionRange = function () {
    var self = this;
    var wrapper = element("div", "kb-explorer__range");
    this.range = {};
    [["from", "From version"], ["to", "To version"]].forEach(function (pair) {
      var select = element("select");
      select.name = pair[0];
      select.id = "kb-explorer-" + pair[0];
      select.appendChild(element("option", null, "Any"));
      select.options[0].value = "";
      self.manifest.series.forEach(function (series) {
        var option = element("option", null, series);
        option.value = series;
        select.appendChild(option);
      });
      self.range[pair[0]] = select;
      wrapper.appendChild(self.field(pair[1], select));
    });
    return wrapper;
  };

  /* Authors: type a handle (suggestions come as you type), and each chosen author is
     a button that removes them. */
  Explorer.prototype.authorField = function () {
    var self = this;
    var wrapper = element("div", "kb-explorer__authors");
    var input = element("input");
    input.type = "text";
    input.id = "kb-explorer-author";
    input.autocomplete = "off";
    input.setAttribute("list", "kb-explorer-handles");
    input.setAttribute("spellcheck", "false");
    var datalist = element("datalist");
    datalist.id = "kb-explorer-handles";
    var add = element("button", "md-button kb-explorer__add", "Add author");
    add.type = "button";
    var field = this.field("Author", input);
    field.appendChild(add);
    field.appendChild(datalist);
    this.chosenAuthors = element("ul", "kb-explorer__chosen");
    this.chosenAuthors.setAttribute("aria-label", "Chosen authors");
    wrapper.appendChild(field);
    wrapper.appendChild(this.chosenAuthors);
    this.authorInput = input;
    input.addEventListener("input", function () {
      self.suggest(datalist, input.value);
      if (self.authorsByKey[input.value.replace(/^@/, "").toLowerCase()] &&
          input.value.length > 1 && datalist.options.length === 1) {
        self.addAuthor();
      }
    });
    input.addEventListener("change", function () { self.addAuthor(); });
    add.addEventListener("click", function () { self.addAuthor(); });
    this.chosenAuthors.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-kb-handle]");
      if (!button) { return; }
      var state = self.formState();
      state.author = state.author.filter(function (h) { return h !== button.getAttribute("data-kb-handle"); });
      self.change(state);
    });
    return wrapper;
  };

  Explorer.prototype.suggest = function (datalist, typed) {
    var wanted = typed.replace(/^@/, "").toLowerCase();
    while (datalist.firstChild) { datalist.removeChild(datalist.firstChild); }
    if (!wanted) { return; }
    var counts = this.counts ? this.counts.author : {};
    var found = Object.keys(this.authorsByKey).filter(function (key) { return key.indexOf(wanted) !== -1; });
    found.sort(function (a, b) { return (counts[b] || 0) - (counts[a] || 0) || (a < b ? -1 : 1); });
    var self = this;
    found.slice(0, 12).forEach(function (key) {
      var option = element("option");
      option.value = self.authorsByKey[key].handle;
      datalist.appendChild(option);
    });
  };

  Explorer.prototype.addAuthor = function () {
    var key = this.authorInput.value.replace(/^@/, "").trim().toLowerCase();
    var author = this.authorsByKey[key];
    if (!author) { return; }
    this.authorInput.value = "";
    var state = this.formState();
    if (state.author.indexOf(author.handle) === -1) { state.author.push(author.handle); }
    this.change(state);
  };

  /* The state the controls show (the page goes back to the first). */
  Explorer.prototype.formState = function () {
    var self = this;
    var state = { text: this.words.value, from: this.range.from.value, to: this.range.to.value, page: 1 };
    CHOICES.forEach(function (choice) {
      var group = self.groups[choice.key];
      state[choice.key] = group ? Object.keys(group.options).filter(function (value) {
        return group.options[value].box.checked;
      }) : [];
    });
    state.author = this.state ? this.state.author.slice() : [];
    return state;
  };

  Explorer.prototype.turn = function (step) {
    var state = Object.assign({}, this.state, { page: this.state.page + step });
    this.change(state);
  };

  /* A change of the filters or the page: a new history entry (while typing, one per
     pause), then the notes it shows. */
  Explorer.prototype.change = function (state, typing) {
    var started = performance.now();
    var now = Date.now();
    var href = stateUrl(state);
    if (href !== location.href) {
      if (typing && now - this.typing < TYPING_PAUSE) {
        history.replaceState(history.state, "", href);
      } else {
        history.pushState(null, "", href);
      }
    }
    this.typing = typing ? now : 0;
    this.state = state;
    this.show(false, started);
  };

  /* Show `this.state`: all parts first when it needs them. */
  Explorer.prototype.show = function (fromHistory, started) {
    var self = this;
    started = started || performance.now();
    var needed = filtered(this.state) || this.state.page * PAGE_SIZE > this.notes.length;
    if (needed && !this.complete()) {
      this.count.textContent = "Loading every note…";
      this.loadAll().then(function () { self.render(started); });
      return;
    }
    this.render(started);
  };

  /* Which notes match every filter, and for each filter's values how many notes would
     match with that filter alone left out: the counts beside the options. */
  Explorer.prototype.match = function () {
    var state = this.state;
    var self = this;
    var sets = {};
    LIST_KEYS.forEach(function (key) {
      sets[key] = {};
      state[key].forEach(function (value) { sets[key][key === "author" ? value.toLowerCase() : value] = true; });
    });
    var from = state.from in this.seriesIndex ? this.seriesIndex[state.from] : -1;
    var to = state.to in this.seriesIndex ? this.seriesIndex[state.to] : -1;
    var terms = state.text.toLowerCase().split(/\s+/).filter(Boolean);
    var counts = { kind: {}, area: {}, product: {}, topic: {}, author: {}, series: {} };
    var shown = [];
    var keys = LIST_KEYS.concat(["series"]);
    this.notes.forEach(function (note) {
      var values = {
        kind: [note.k], area: note.a ? [note.a] : [], product: [note.product], topic: note.t || [],
        author: note.handles, series: [self.manifest.series[note.release.series]]
      };
      var series = note.release.series;
      var ok = {
        series: (from === -1 || series <= from) && (to === -1 || series >= to),
        text: terms.every(function (term) { return note.words.indexOf(term) !== -1; })
      };
      LIST_KEYS.forEach(function (key) {
        var wanted = sets[key];
        ok[key] = !state[key].length || values[key].some(function (v) { return wanted[v]; });
      });
      var failed = Object.keys(ok).filter(function (key) { return !ok[key]; });
      if (failed.length === 0) { shown.push(note); }
      if (failed.length > 1) { return; }
      keys.forEach(function (key) {
        if (failed.length === 0 || failed[0] === key) {
          values[key].forEach(function (v) { counts[key][v] = (counts[key][v] || 0) + 1; });
        }
      });
    });
    this.counts = counts;
    return shown;
  };

  Explorer.prototype.render = function (started) {
    var state = this.state;
    var complete = this.complete();
    var shown = complete || filtered(state) ? this.match() : this.notes;
    if (!complete && !filtered(state)) {
      this.counts = Object.assign({}, this.manifest.counts);
      var byKey = {};
      var counted = this.manifest.counts.author;
      Object.keys(counted).forEach(function (handle) { byKey[handle.toLowerCase()] = counted[handle]; });
      this.counts.author = byKey;
    }
    var total = complete || filtered(state) ? shown.length : this.manifest.total;
    var pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (state.page > pages) { state.page = pages; }
    this.restoreControls();
    var first = (state.page - 1) * PAGE_SIZE;
    this.renderNotes(shown.slice(first, first + PAGE_SIZE));
    this.count.textContent = total === 0 ? "" : (filtered(state)
      ? "Showing " + number(first + 1) + "–" + number(Math.min(total, first + PAGE_SIZE)) + " of " +
        number(total) + " matching notes (of " + number(this.manifest.total) + ")."
      : "Showing " + number(first + 1) + "–" + number(Math.min(total, first + PAGE_SIZE)) + " of all " +
        number(total) + " notes.");
    this.none.hidden = total !== 0;
    this.list.hidden = total === 0;
    this.pager.hidden = pages === 1;
    this.pageOf.textContent = "Page " + number(state.page) + " of " + number(pages);
    this.previous.disabled = state.page <= 1;
    this.next.disabled = state.page >= pages;
    this.form.setAttribute("data-kb-render-ms", (performance.now() - started).toFixed(1));
    /* What the list shows, as an address's query: tests wait for it. */
    this.form.setAttribute("data-kb-shown", new URL(stateUrl(state)).search);
  };

  /* The controls as the state says, each option with its count; options that would
     show no note are hidden unless chosen. */
  Explorer.prototype.restoreControls = function () {
    var self = this;
    var state = this.state;
    var counts = this.counts;
    CHOICES.forEach(function (choice) {
      var group = self.groups[choice.key];
      if (!group) { return; }
      var chosen = 0;
      Object.keys(group.options).forEach(function (value) {
        var option = group.options[value];
        var n = counts[choice.key][value] || 0;
        option.box.checked = state[choice.key].indexOf(value) !== -1;
        chosen += option.box.checked ? 1 : 0;
        option.count.textContent = "(" + number(n) + ")";
        option.label.hidden = n === 0 && !option.box.checked;
      });
      group.summary.textContent = group.label + (chosen ? " (" + chosen + " chosen)" : "");
      if (chosen) { group.details.open = true; }
    });
    ["from", "to"].forEach(function (key) {
      var select = self.range[key];
      select.value = state[key] in self.seriesIndex ? state[key] : "";
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value) { option.textContent = option.value + " (" + number(counts.series[option.value] || 0) + ")"; }
      });
    });
    if (this.words.value !== state.text) { this.words.value = state.text; }
    if (this.chosenAuthors) {
      while (this.chosenAuthors.firstChild) { this.chosenAuthors.removeChild(this.chosenAuthors.firstChild); }
      state.author.forEach(function (handle) {
        var item = element("li");
        var button = element("button", "md-button kb-explorer__remove", "@" + handle + " ×");
        button.type = "button";
        button.setAttribute("data-kb-handle", handle);
        button.setAttribute("aria-label", "Remove the author " + handle);
        item.appendChild(button);
        self.chosenAuthors.appendChild(item);
      });
    }
  };

  Explorer.prototype.renderNotes = function (notes) {
    var m = this.manifest;
    var kinds = {};
    var areas = {};
    m.kinds.forEach(function (item) { kinds[item.value] = item.label; });
    m.areas.forEach(function (item) { areas[item.value] = item.label; });
    var topics = {};
    m.topics.forEach(function (item) { topics[item.value] = item; });
    var fragment = document.createDocumentFragment();
    notes.forEach(function (note) {
      var item = element("li", "kb-explorer__note");
      var head = element("p", "kb-explorer__where");
      head.appendChild(link(note.release.url + "#" + note.id, note.release.title));
      head.appendChild(document.createTextNode(" · " + kinds[note.k] + (note.a ? " · " + areas[note.a] : "") +
        (note.s ? " · " + note.s : "")));
      item.appendChild(head);
      if (note.h) { item.appendChild(element("p", "kb-explorer__title", note.h)); }
      appendText(item, note.x);
      if (note.p || note.u || note.t) {
        var credits = element("p", "kb-explorer__credits");
        (note.p || []).forEach(function (pr, index) {
          if (index) { credits.appendChild(document.createTextNode(", ")); }
          credits.appendChild(link("https://github.com/projectcalico/" + pr[0] + "/pull/" + pr[1],
            pr[0] + " #" + pr[1]));
        });
        if (note.u) {
          credits.appendChild(document.createTextNode(note.p ? " · by " : "by "));
          note.u.forEach(function (index, position) {
            if (position) { credits.appendChild(document.createTextNode(", ")); }
            credits.appendChild(link(m.authors[index].url, "@" + m.authors[index].handle));
          });
        }
        (note.t || []).forEach(function (slug) {
          if (topics[slug]) {
            credits.appendChild(document.createTextNode(" "));
            credits.appendChild(link(topics[slug].url, topics[slug].label, "kb-chip"));
          }
        });
        item.appendChild(credits);
      }
      fragment.appendChild(item);
    });
    while (this.list.firstChild) { this.list.removeChild(this.list.firstChild); }
    this.list.appendChild(fragment);
    this.list.start = (this.state.page - 1) * PAGE_SIZE + 1;
  };

  var current = null;

  function setup() {
    var intro = document.getElementById("kb-explorer");
    var data = document.querySelector("#kb-explorer-data a");
    if (!intro || !data || intro.getAttribute("data-kb-ready")) {
      current = null;
      return;
    }
    intro.setAttribute("data-kb-ready", "true");
    var nojs = document.getElementById("kb-explorer-nojs");
    if (nojs) { nojs.hidden = true; }
    current = new Explorer(intro, data.href);
    current.start().catch(function (error) {
      intro.insertAdjacentElement("afterend", element("p", "kb-explorer__none",
        "The notes could not be loaded (" + error.message + "): each release's page lists its notes."));
      if (nojs) { nojs.hidden = false; }
    });
  }

  /* Only the explorer's page loads this file, but instant navigation loads it again on
     each visit: one subscription is enough. */
  if (window.kbExplorerLoaded) {
    return;
  }
  window.kbExplorerLoaded = true;
  /* Back and Forward between two views of the explorer are the explorer's: shown here,
     and kept from Material's instant navigation, which would fetch the page again (this
     file loads before Material's bundle, so this listener comes first). */
  window.addEventListener("popstate", function (event) {
    if (current && current.state && document.getElementById("kb-explorer") === current.intro &&
        location.pathname === current.pathname) {
      event.stopImmediatePropagation();
      current.state = readState(location.href);
      current.typing = 0;
      current.show(true);
    }
  });
  /* This file loads before Material's bundle (overrides/main.html puts it in the
     footer), so `document$` may not exist yet: it does once the document is parsed. */
  function subscribe() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(setup);
      return true;
    }
    return false;
  }
  if (!subscribe()) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", function () {
        if (!subscribe()) { setup(); }
      });
    } else {
      setup();
    }
  }
})();
