/* Partnerregister: autocomplete for every [data-autocomplete-url] select (Tom Select, from the npm registry). */
(function () {
  "use strict";

  function initAutocomplete(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var url = select.getAttribute("data-autocomplete-url");
    new TomSelect(select, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      maxOptions: 20,
      loadThrottle: 250,
      placeholder: select.getAttribute("data-placeholder") || "",
      plugins: select.multiple ? ["remove_button"] : [],
      load: function (query, callback) {
        var self = this;
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (json) {
            // An answer to an earlier query (e.g. the preload) that arrives after the user typed more is dropped.
            if (query !== self.inputValue()) return callback();
            // Offer the server's matches for this query (and keep the chosen items): with no client-side search,
            // the options of an earlier query would otherwise fill the list and hide the matches.
            self.clearOptions();
            callback(json.results);
          })
          .catch(function () { callback(); });
      },
      shouldLoad: function () { return true; },
      preload: "focus",
      render: {
        no_results: function () {
          return '<div class="no-results">' + (document.documentElement.lang === "da" ? "Ingen resultater" : "No results") + "</div>";
        },
      },
    });
  }

  function initAll(root) {
    (root || document).querySelectorAll("select[data-autocomplete-url]").forEach(initAutocomplete);
  }

  document.addEventListener("DOMContentLoaded", function () { initAll(document); });
  window.partnerregister = { initAutocomplete: initAll };
})();
