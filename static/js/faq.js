// FAQ search as you type. The plain GET form works without this file; this only shows the
// same server-rendered results (escaped, with <mark> highlights) while the visitor types.
(function () {
  "use strict";
  var form = document.querySelector("[data-faq-search]");
  if (!form || !window.fetch) { return; }
  var input = form.querySelector("input[name=q]");
  var onSearchPage = document.getElementById("results") !== null;
  var target = onSearchPage ? document.getElementById("results") : document.querySelector("[data-faq-live]");
  var timer = null;
  var latest = 0;

  function show(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var results = doc.getElementById("results");
    if (!results) { return; }
    if (onSearchPage) {
      target.replaceWith(results);
      target = results;
    } else {
      target.replaceChildren(results);
    }
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    var query = input.value.trim();
    if (query.length < 2) {
      if (!onSearchPage) { target.replaceChildren(); }
      return;
    }
    timer = window.setTimeout(function () {
      var ticket = ++latest;
      var url = form.action + "?partial=1&q=" + encodeURIComponent(query);
      fetch(url, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) { if (ticket === latest && html) { show(html); } })
        .catch(function () { /* the form still works: pressing Enter submits it */ });
    }, 250);
  });
})();
