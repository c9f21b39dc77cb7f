// Skills field: the <datalist> suggests whole values, which only helps for the first skill.
// Rewrite its options as "what you typed so far, + suggestion" so every skill after a comma
// gets suggestions too. Without JavaScript the field still works (first skill suggested).
(function () {
  "use strict";
  document.querySelectorAll("input[list]").forEach(function (input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var skills = Array.prototype.map.call(list.options, function (o) { return o.value; });
    function refresh() {
      var value = input.value;
      var cut = value.lastIndexOf(",");
      var prefix = cut === -1 ? "" : value.slice(0, cut + 1).replace(/\s*$/, " ");
      var chosen = prefix.split(",").map(function (s) { return s.trim().toLowerCase(); });
      var fragment = document.createDocumentFragment();
      skills.forEach(function (skill) {
        if (chosen.indexOf(skill) !== -1) { return; }
        var option = document.createElement("option");
        option.value = prefix + skill;
        fragment.appendChild(option);
      });
      list.replaceChildren(fragment);
    }
    input.addEventListener("input", refresh);
    input.addEventListener("focus", refresh);
  });
})();
