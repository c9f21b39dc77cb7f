// Member directory: results follow the search box and the filters without a page reload.
// The form is a plain GET form, so everything works (and every URL can be shared) without this.
(function () {
  "use strict";
  var form = document.getElementById("directory-form");
  var body = document.getElementById("directory-body");
  if (!form || !body || !window.fetch || !window.URLSearchParams) { return; }
  document.documentElement.classList.add("js-directory");
  var timer = null;
  var controller = null;

  function queryString() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (String(value).trim() !== "") { params.append(name, value); }
    });
    return params.toString();
  }

  function refresh() {
    var query = queryString();
    var url = form.action + (query ? "?" + query : "");
    var focusedId = document.activeElement && body.contains(document.activeElement) ? document.activeElement.id : null;
    if (controller) { controller.abort(); }
    controller = new AbortController();
    var results = body.querySelector(".directory__results");
    if (results) { results.setAttribute("aria-busy", "true"); }
    fetch(url, { headers: { "X-Requested-With": "directory" }, signal: controller.signal, credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected || !(response.ok || response.status === 400)) {
          window.location.href = url;  // signed out, or an error page: let the browser show it
          return null;
        }
        return response.text();
      })
      .then(function (html) {
        if (html === null) { return; }
        body.innerHTML = html;
        window.history.replaceState(null, "", url);
        if (focusedId) {
          var again = document.getElementById(focusedId);
          if (again) { again.focus(); }
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") { window.location.href = url; }
      });
  }

  function soon(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, delay);
  }

  form.addEventListener("input", function (event) {
    if (event.target.name === "q") { soon(250); }
  });
  form.addEventListener("change", function (event) {
    if (event.target.name !== "q") { soon(0); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    soon(0);
  });
})();
