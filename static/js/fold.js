/* Partnerregister: long texts (notes, minutes) folded to a few lines, with a button that opens and closes them.
   The server marks them with {% foldable %} (data-fold, the button's labels in the page's language); a text that fits
   is left alone, and without this script every text is shown in full. */
(function () {
  "use strict";

  var count = 0;

  function fold(box) {
    if (box.hasAttribute("data-fold-ready")) return;
    box.setAttribute("data-fold-ready", "");
    box.classList.add("is-folded");
    if (box.scrollHeight <= box.clientHeight + 8) {
      box.classList.remove("is-folded"); // short enough: nothing to open
      return;
    }
    if (!box.id) box.id = "fold-" + ++count;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-link btn-sm px-0 fold-toggle";
    button.setAttribute("aria-controls", box.id);
    button.setAttribute("aria-expanded", "false");
    button.textContent = box.getAttribute("data-fold-more");
    button.addEventListener("click", function () {
      var open = !box.classList.toggle("is-folded");
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = box.getAttribute(open ? "data-fold-less" : "data-fold-more");
    });
    box.insertAdjacentElement("afterend", button);
  }

  function foldAll(root) {
    (root || document).querySelectorAll("[data-fold]").forEach(fold);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { foldAll(document); });
  } else {
    foldAll(document);
  }
  window.partnerregisterFold = foldAll;
})();
