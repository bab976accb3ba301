/* Partnerregister: autocomplete for every [data-autocomplete-url] select (Tom Select, from the npm registry). */
(function () {
  "use strict";

  function feedback(select, message) {
    // One message under the field (e.g. why a tag could not be created), removed again on the next attempt.
    var wrapper = select.tomselect ? select.tomselect.wrapper : select;
    var box = wrapper.parentNode.querySelector("[data-create-feedback]");
    if (!message) {
      if (box) box.remove();
      return;
    }
    if (!box) {
      box = document.createElement("div");
      box.className = "invalid-feedback d-block";
      box.setAttribute("role", "alert");
      box.setAttribute("data-create-feedback", "");
      wrapper.insertAdjacentElement("afterend", box);
    }
    box.textContent = message;
  }

  function csrfToken(form) {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) return field.value;
    var cookie = document.cookie.split("; ").filter(function (c) { return c.indexOf("csrftoken=") === 0; })[0];
    return cookie ? decodeURIComponent(cookie.slice("csrftoken=".length)) : "";
  }

  // In a form that saves (method post), a typed name that matches none can be created on the spot: the server
  // creates it (or answers the one of that name) and it is chosen. Lists' filter forms (method get) never create.
  function creation(select) {
    var url = select.getAttribute("data-create-url");
    var form = select.form;
    if (!url || !form || form.method !== "post") return {};
    var label = select.getAttribute("data-create-label") || "Create";
    var failed = select.getAttribute("data-create-error") || "";
    return {
      create: function (input, callback) {
        var body = new FormData();
        body.append("name", input.trim());
        feedback(select, "");
        fetch(url, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(form), "X-Requested-With": "XMLHttpRequest" },
        })
          .then(function (response) {
            return response.json()
              .catch(function () { return {}; })
              .then(function (json) { return { ok: response.ok, json: json }; });
          })
          .then(function (answer) {
            if (answer.ok && answer.json.value) return callback(answer.json);
            feedback(select, answer.json.error || failed);
            callback();
          })
          .catch(function () { feedback(select, failed); callback(); });
      },
      // Offered only when no suggestion has exactly that name (in any case): that one is chosen instead.
      createFilter: function (input) {
        var wanted = input.trim().toLowerCase();
        var options = this.options;
        return wanted.length > 0 && !Object.keys(options).some(function (key) {
          return String(options[key].text).trim().toLowerCase() === wanted;
        });
      },
      option_create: function (data, escape) {
        return '<div class="create">' + escape(label) + " “<strong>" + escape(data.input.trim()) + "</strong>”</div>";
      },
    };
  }

  // data-autocomplete-forward='{"param": "field"}': each question also sends the values chosen in that other field
  // of the form (a meeting's contacts: its organisations, whose people the server then suggests first).
  function forwardedFields(select) {
    var spec = select.getAttribute("data-autocomplete-forward");
    if (!spec || !select.form) return [];
    var map = JSON.parse(spec);
    return Object.keys(map).map(function (param) {
      return { param: param, field: select.form.elements.namedItem(map[param]) };
    }).filter(function (entry) { return entry.field && entry.field.options; });
  }

  function forwardedQuery(fields) {
    var parts = [];
    fields.forEach(function (entry) {
      Array.prototype.forEach.call(entry.field.options, function (option) {
        if (option.selected && option.value) {
          parts.push(encodeURIComponent(entry.param) + "=" + encodeURIComponent(option.value));
        }
      });
    });
    return parts.length ? "&" + parts.join("&") : "";
  }

  function initAutocomplete(select) {
    if (select.tomselect || typeof TomSelect === "undefined") return;
    var url = select.getAttribute("data-autocomplete-url");
    // A list's filter may choose retired tags and themes too (to find the records that still have them).
    if (select.form && select.form.method === "get") {
      url += (url.indexOf("?") === -1 ? "?" : "&") + "retired=1";
    }
    var forwarded = forwardedFields(select);
    var settings = {
      valueField: "value",
      labelField: "text",
      searchField: [],
      // Groups (e.g. "Personer hos …" first) in the order the server gives them.
      lockOptgroupOrder: true,
      maxOptions: 20,
      loadThrottle: 250,
      placeholder: select.getAttribute("data-placeholder") || "",
      plugins: select.multiple ? ["remove_button"] : [],
      load: function (query, callback) {
        var self = this;
        var sep = url.indexOf("?") === -1 ? "?" : "&";
        fetch(url + sep + "q=" + encodeURIComponent(query) + forwardedQuery(forwarded), { credentials: "same-origin" })
          .then(function (response) { return response.json(); })
          .then(function (json) {
            // An answer to an earlier query (e.g. the preload) that arrives after the user typed more is dropped.
            if (query !== self.inputValue()) return callback();
            // Offer the server's matches for this query (and keep the chosen items): with no client-side search,
            // the options of an earlier query would otherwise fill the list and hide the matches.
            self.clearOptions();
            callback(json.results, json.groups || []);
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
    };
    var create = creation(select);
    if (create.create) {
      settings.create = create.create;
      settings.createFilter = create.createFilter;
      settings.render.option_create = create.option_create;
    }
    var control = new TomSelect(select, settings);
    // When a forwarded field changes, the suggestions answered for its old values are forgotten: the next question
    // (or the preload on the next focus) asks again.
    forwarded.forEach(function (entry) {
      entry.field.addEventListener("change", function () {
        control.clearOptions();
        control.wrapper.classList.remove("preloaded");
        if (control.isFocused) control.preload();
      });
    });
  }

  function initAll(root) {
    (root || document).querySelectorAll("select[data-autocomplete-url]").forEach(initAutocomplete);
  }

  // A create form's one-time token (submission_token) is remembered in this tab when the form is sent. Brought back
  // with the browser's Back, the page may be fetched anew (with a new token) while the browser fills the fields in
  // again: then the sent token is put back, so Gem sends it again and the server refuses to save the same twice.
  function keepSubmissionTokens(root) {
    var navigation = window.performance && performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var back = navigation && navigation.type === "back_forward";
    root.querySelectorAll("form input[type=hidden][name=submission_token]").forEach(function (input) {
      var key = "submission_token " + location.pathname + location.search;
      try {
        var sent = window.sessionStorage.getItem(key);
        if (back && sent) input.value = sent;
        input.form.addEventListener("submit", function () { window.sessionStorage.setItem(key, input.value); });
      } catch (error) {
        // No storage (e.g. blocked): the form keeps the token it came with.
      }
    });
  }

  // "Select all" in a table's header (the event's invitations) ticks the rows of the page.
  document.addEventListener("change", function (event) {
    var all = event.target.closest("[data-select-all]");
    if (!all) return;
    document.querySelectorAll('input[name="' + all.dataset.selectAll + '"][form]').forEach(function (box) {
      box.checked = all.checked;
    });
  });

  document.addEventListener("DOMContentLoaded", function () {
    keepSubmissionTokens(document);
    initAll(document);
  });
  window.partnerregister = { initAutocomplete: initAll };
})();
