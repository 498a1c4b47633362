/* Thi Đua — the page behaviours that used to be inline handlers (onchange=, onclick=, hx-on).
   The Content-Security-Policy allows scripts from this site only, never inline code, so
   templates mark elements with data- attributes and this file gives them their behaviour.
   Listeners are delegated from the document, so content swapped in by htmx works too. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLElement)) return;
    // <select data-autosubmit>: choosing an option submits its form (the language switch).
    if (el.hasAttribute("data-autosubmit") && el.form) {
      el.form.submit();
      return;
    }
    // <select data-navigate="../{value}/">: choosing an option opens that address.
    var pattern = el.getAttribute("data-navigate");
    if (pattern !== null) {
      var target = pattern.split("{value}").join(encodeURIComponent(el.value));
      window.location.href = new URL(target, window.location.href).href;
    }
  });

  document.addEventListener("click", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLElement)) return;
    // <button data-print>: print the page.
    if (el.closest("[data-print]")) {
      event.preventDefault();
      window.print();
      return;
    }
    // <input data-select-on-click>: one click selects the whole value (a link to copy).
    if (el.hasAttribute("data-select-on-click") && typeof el.select === "function") {
      el.select();
    }
  });

  // <form hx-post=... data-reset-after-request="X-Header">: clear the form after a
  // successful request, unless the response carries that header (the input was refused and
  // the person should be able to correct it).
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail && event.detail.elt;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-reset-after-request")) {
      return;
    }
    var keepIf = form.getAttribute("data-reset-after-request");
    var xhr = event.detail.xhr;
    if (!event.detail.successful) return;
    if (keepIf && xhr && xhr.getResponseHeader(keepIf)) return;
    form.reset();
  });
})();
