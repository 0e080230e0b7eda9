/* The 404 page offers the words of the missing address as a search:
   /releases/calico-v3-23/ -> "releases calico v3.23". Kept out of the template so that
   the built site holds no inline script of our own. */
(function () {
  var script = document.currentScript;
  var base = script ? script.getAttribute("data-base") || "" : "";
  var input = document.getElementById("kb-not-found-query");
  if (!input || input.value) { return; }
  var path = decodeURIComponent(location.pathname);
  if (base && base !== "/" && path.indexOf(base) === 0) { path = path.slice(base.length); }
  var words = path.split(/[^A-Za-z0-9.]+/).filter(function (w) { return w && !/^index\.html?$/.test(w); });
  input.value = words.join(" ");
})();
