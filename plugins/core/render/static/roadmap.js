/* Roadmap filters: show only the cards and list rows matching every chosen theme / status / owner
   (and, if ticked, only items past their target). The count is of items (list rows: every item
   once), not of cards. Without JavaScript the form stays hidden and everything shows. */
(function () {
  "use strict";
  function setup() {
    var form = document.querySelector("[data-pb-filters]");
    if (!form || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    form.hidden = false;
    var controls = form.querySelectorAll("[data-filter]");
    var cards = document.querySelectorAll(".pb-card");  // the board and "Recently shipped"
    var rows = document.querySelectorAll(".pb-list-view tr[data-id]");
    var more = document.querySelectorAll("details.pb-more");
    var list = document.querySelector("details.pb-list-view");
    var count = form.querySelector(".pb-filter-count");
    function value(c) { return c.type === "checkbox" ? (c.checked ? c.value : "") : c.value; }
    function apply() {
      var wanted = {};
      controls.forEach(function (c) { if (value(c)) { wanted[c.dataset.filter] = value(c); } });
      var keys = Object.keys(wanted);
      function matches(el) { return keys.every(function (k) { return el.dataset[k] === wanted[k]; }); }
      var items = 0, shownCards = 0;
      rows.forEach(function (row) { var m = matches(row); row.hidden = !m; if (m) { items += 1; } });
      cards.forEach(function (card) { var m = matches(card); card.hidden = !m; if (m) { shownCards += 1; } });
      // A filter shows every match: the folded rest of each column opens, and the list too
      // when some matches have no card (shipped work beyond the recent ones, cancelled items).
      more.forEach(function (d) { d.open = keys.length > 0; });
      if (list && keys.length) { list.open = shownCards < items; }
      if (count) { count.textContent = items + " of " + rows.length + " items"; }
      var params = new URLSearchParams(wanted).toString();
      history.replaceState(null, "", (params ? "?" + params : location.pathname) + location.hash);
    }
    var initial = new URLSearchParams(location.search);
    controls.forEach(function (c) {
      var v = initial.get(c.dataset.filter);
      if (v) { if (c.type === "checkbox") { c.checked = v === c.value; } else { c.value = v; } }
      c.addEventListener("change", apply);
    });
    apply();
    function openTarget() {
      var target = location.hash && document.getElementById(location.hash.slice(1));
      if (target && target.tagName === "DETAILS") { target.open = true; }
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
  }
  if (typeof document$ !== "undefined") { document$.subscribe(setup); }
  else if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", setup); }
  else { setup(); }
})();
