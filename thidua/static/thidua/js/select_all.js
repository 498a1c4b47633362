/* Thi Đua — "select all" for a list of checkboxes (no inline code: the CSP allows scripts
   from this site only). <input type="checkbox" data-select-all="NAME"> ticks or clears every
   checkbox named NAME in its form, and follows them: ticked when all are, mixed when some
   are. Without scripts the box stays hidden (`hidden` is removed here) and each row is
   ticked on its own. */
(function () {
  "use strict";

  function boxes(master) {
    var form = master.form;
    if (!form) return [];
    var name = master.getAttribute("data-select-all");
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.type === "checkbox" && el.name === name && !el.disabled;
    });
  }

  function follow(master) {
    var all = boxes(master);
    var ticked = all.filter(function (el) { return el.checked; }).length;
    master.checked = all.length > 0 && ticked === all.length;
    master.indeterminate = ticked > 0 && ticked < all.length;
  }

  function masters() {
    return document.querySelectorAll("input[data-select-all]");
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLInputElement) || el.type !== "checkbox") return;
    if (el.hasAttribute("data-select-all")) {
      boxes(el).forEach(function (box) { box.checked = el.checked; });
      el.indeterminate = false;
      return;
    }
    Array.prototype.forEach.call(masters(), function (master) {
      if (master.form === el.form && master.getAttribute("data-select-all") === el.name) {
        follow(master);
      }
    });
  });

  function start() {
    Array.prototype.forEach.call(masters(), function (master) {
      var label = master.closest("[hidden]");
      if (label) label.hidden = false;
      follow(master);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
