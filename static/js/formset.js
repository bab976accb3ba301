/* Partnerregister: add and remove rows of an inline formset ([data-formset], see meeting_inline_formset.html). */
(function () {
  "use strict";

  function addRow(container) {
    var prefix = container.getAttribute("data-prefix");
    var total = container.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = container.querySelector("template[data-formset-template]");
    var body = container.querySelector("[data-formset-body]");
    var index = parseInt(total.value, 10);
    body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
    total.value = String(index + 1);
    var row = body.lastElementChild;
    if (window.partnerregister) window.partnerregister.initAutocomplete(row);
    var first = row.querySelector("textarea, input:not([type=hidden]):not([type=checkbox])");
    if (first) first.focus();
  }

  function removeRow(button) {
    // The row stays in the form with its DELETE box ticked, so the formset's numbering is kept.
    var row = button.closest("[data-formset-row]");
    var remove = row.querySelector('input[type=checkbox][name$="-DELETE"]');
    if (remove) remove.checked = true;
    row.classList.add("d-none");
    var container = button.closest("[data-formset]");
    var add = container && container.querySelector("[data-formset-add]");
    if (add) add.focus();
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-formset-add]");
    if (add) {
      event.preventDefault();
      addRow(add.closest("[data-formset]"));
      return;
    }
    var remove = event.target.closest("[data-formset-remove]");
    if (remove) {
      event.preventDefault();
      removeRow(remove);
    }
  });
})();
