/* Roadmap filters: show only the cards matching every chosen theme / status / owner.
   Without JavaScript the form stays hidden and every card shows. */
(function () {
  "use strict";
  function setup() {
    var form = document.querySelector("[data-pb-filters]");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    var selects = form.querySelectorAll("select[data-filter]");
    var cards = document.querySelectorAll(".pb-card");  // the board and "Recently shipped"
    var count = form.querySelector(".pb-filter-count");
    function apply() {
      var wanted = {};
      selects.forEach(function (s) { if (s.value) { wanted[s.dataset.filter] = s.value; } });
      var shown = 0;
      cards.forEach(function (card) {
        var match = Object.keys(wanted).every(function (k) { return card.dataset[k] === wanted[k]; });
        card.hidden = !match;
        if (match) { shown += 1; }
      });
      if (count) { count.textContent = shown + " of " + cards.length + " items"; }
      var params = new URLSearchParams(wanted).toString();
      history.replaceState(null, "", params ? "?" + params : location.pathname);
    }
    var initial = new URLSearchParams(location.search);
    selects.forEach(function (s) {
      var value = initial.get(s.dataset.filter);
      if (value) { s.value = value; }
      s.addEventListener("change", apply);
    });
    apply();
  }
  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
