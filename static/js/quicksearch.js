/* Partnerregister: the quick search of the top bar, a WAI-ARIA combobox (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
   While the user types, the search's best hits per kind are asked from data-quick-search-url (JSON, the same search as
   the search page) after a short pause and shown grouped by kind in a listbox under the box. Down/Up move through the
   hits (the focus stays in the box, aria-activedescendant names the hit), Enter opens the chosen hit (or, with none
   chosen, the full search page: the form is sent as without this script), Escape closes the list (and, closed,
   empties the box), Tab leaves it. The texts come from the page in its language (data-text-*). */
(function () {
  "use strict";

  var DEBOUNCE_MS = 180;
  var MIN_LENGTH = 2;

  function init(input) {
    var form = input.form;
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById(input.getAttribute("data-status"));
    if (!form || !list || !status) return;
    var url = input.getAttribute("data-quick-search-url");
    var timer = null;
    var controller = null;
    var asked = ""; // the query whose answer is shown
    var options = [];
    var active = -1;

    function text(name, value) {
      return (input.getAttribute("data-text-" + name) || "").replace(/\{(query|count)\}/, value);
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      setActive(-1);
    }

    function open() {
      if (!list.childElementCount) return;
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function setActive(index) {
      if (active >= 0 && options[active]) {
        options[active].classList.remove("active");
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (active >= 0 && options[active]) {
        var option = options[active];
        option.classList.add("active");
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(option) {
      window.location.assign(option.getAttribute("data-href"));
    }

    function option(id, title, detail, href) {
      var item = document.createElement("li");
      item.id = id;
      item.className = "quick-search-option";
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-href", href);
      var name = document.createElement("span");
      name.className = "quick-search-title";
      name.textContent = title;
      item.appendChild(name);
      if (detail) {
        var more = document.createElement("span");
        more.className = "quick-search-detail";
        more.textContent = detail;
        item.appendChild(more);
      }
      item.addEventListener("mousedown", function (event) {
        event.preventDefault(); // keep the focus in the box
      });
      item.addEventListener("click", function () {
        go(item);
      });
      return item;
    }

    function show(data) {
      list.textContent = "";
      options = [];
      active = -1;
      var hits = 0;
      data.groups.forEach(function (group, g) {
        var box = document.createElement("li");
        box.setAttribute("role", "presentation");
        var heading = document.createElement("div");
        heading.id = input.id + "-group-" + g;
        heading.className = "quick-search-group";
        heading.setAttribute("role", "presentation");
        heading.textContent = group.label;
        var items = document.createElement("ul");
        items.setAttribute("role", "group");
        items.setAttribute("aria-labelledby", heading.id);
        group.hits.forEach(function (hit, h) {
          var item = option(input.id + "-option-" + g + "-" + h, hit.title, hit.detail, hit.url || data.search_url);
          item.setAttribute("aria-label", hit.title + (hit.detail ? ", " + hit.detail : "") + " (" + group.label + ")");
          items.appendChild(item);
          options.push(item);
          hits += 1;
        });
        box.appendChild(heading);
        box.appendChild(items);
        list.appendChild(box);
      });
      var all = option(input.id + "-option-all", hits ? text("all", data.query) : text("none", data.query), "", data.search_url);
      all.classList.add("quick-search-all");
      var last = document.createElement("li");
      last.setAttribute("role", "presentation");
      var rest = document.createElement("ul");
      rest.setAttribute("role", "group");
      rest.appendChild(all);
      last.appendChild(rest);
      list.appendChild(last);
      options.push(all);
      status.textContent = hits ? text("count", String(hits)) : text("none", data.query);
      open();
    }

    function ask() {
      var query = input.value.trim();
      if (query.length < MIN_LENGTH) {
        asked = "";
        list.textContent = "";
        options = [];
        status.textContent = "";
        close();
        return;
      }
      if (query === asked) {
        open();
        return;
      }
      if (controller) controller.abort();
      controller = new AbortController();
      fetch(url + "?" + new URLSearchParams({ q: query }), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          if (input.value.trim() !== query) return; // typed on meanwhile: a newer answer follows
          asked = query;
          show(data);
        })
        .catch(function (error) {
          if (error.name !== "AbortError") close(); // the search page still works: Enter sends the form
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) {
          open();
          if (list.hidden) return;
        }
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        var next = active + step;
        if (next >= options.length) next = 0;
        if (next < 0) next = options.length - 1;
        setActive(next);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0 && options[active]) {
          event.preventDefault();
          go(options[active]);
        }
        // otherwise the form goes to the full search page
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          asked = "";
        }
      } else if (event.key === "Home" || event.key === "End") {
        if (!list.hidden) setActive(-1); // the keys move the cursor in the box again
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });

    input.addEventListener("focus", function () {
      if (asked && input.value.trim() === asked) open();
    });
  }

  function start() {
    document.querySelectorAll("input[data-quick-search-url]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
