/* Thi Đua — a calendar button beside each day field (thidua.core.widgets.DayInput).
   A day field is a text input showing the page language's format, dd/mm/yyyy in Vietnamese,
   whatever the browser's own locale. <input data-day-input="%d/%m/%Y"
   data-day-picker="label"> gets a button (its aria-label is that label) opening the browser's
   calendar: a native <input type=date>, out of sight, and showPicker(). The day picked is
   written back in the field's format. Without this script, or in a browser without
   showPicker(), the text field alone works: the server reads dd/mm/yyyy and yyyy-mm-dd. */
(function () {
  "use strict";

  function pad(text) {
    return text.length === 1 ? "0" + text : text;
  }

  // "07/12/2026" (or ISO "2026-12-07") in format "%d/%m/%Y" → "2026-12-07"; "" if unreadable.
  function toIso(text, format) {
    var value = text.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
    var order = format.match(/%[dmY]/g) || [];
    var parts = value.split(/[^0-9]+/);
    if (order.length !== 3 || parts.length !== 3) return "";
    var day = {};
    for (var i = 0; i < 3; i++) day[order[i]] = parts[i];
    if (!/^\d{4}$/.test(day["%Y"]) || !day["%m"] || !day["%d"]) return "";
    return day["%Y"] + "-" + pad(day["%m"]) + "-" + pad(day["%d"]);
  }

  // "2026-12-07" → "07/12/2026" in format "%d/%m/%Y".
  function fromIso(iso, format) {
    var p = iso.split("-");
    return format.replace("%Y", p[0]).replace("%m", p[1]).replace("%d", p[2]);
  }

  // A small calendar drawn in SVG (an emoji needs a font many office machines lack).
  function calendarIcon() {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("width", "16");
    svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    var shapes = [
      ["rect", { x: "1.5", y: "3", width: "13", height: "11.5", rx: "1.5" }],
      ["path", { d: "M1.5 6.5h13M5 1.5v3M11 1.5v3M4.5 9h2M9.5 9h2M4.5 11.5h2" }],
    ];
    for (var i = 0; i < shapes.length; i++) {
      var shape = document.createElementNS(ns, shapes[i][0]);
      for (var name in shapes[i][1]) shape.setAttribute(name, shapes[i][1][name]);
      shape.setAttribute("fill", "none");
      shape.setAttribute("stroke", "currentColor");
      shape.setAttribute("stroke-width", "1.3");
      svg.appendChild(shape);
    }
    return svg;
  }

  function enhance(field) {
    if (field.hasAttribute("data-day-ready")) return;
    field.setAttribute("data-day-ready", "");
    var format = field.getAttribute("data-day-input") || "%d/%m/%Y";

    var native = document.createElement("input");
    native.type = "date";
    if (typeof native.showPicker !== "function" || native.type !== "date") return;
    native.tabIndex = -1;
    native.setAttribute("aria-hidden", "true");
    // Out of sight but rendered (showPicker needs a rendered input), under the button.
    native.style.position = "absolute";
    native.style.left = "0";
    native.style.bottom = "0";
    native.style.width = "1px";
    native.style.height = "1px";
    native.style.opacity = "0";
    native.style.pointerEvents = "none";
    native.style.border = "0";
    native.style.padding = "0";

    var button = document.createElement("button");
    button.type = "button";
    button.className = "day-picker";
    button.setAttribute("aria-label", field.getAttribute("data-day-picker") || "");
    button.title = button.getAttribute("aria-label");
    button.appendChild(calendarIcon());
    button.disabled = field.disabled || field.readOnly;
    button.style.lineHeight = "0";
    button.style.padding = ".3rem .4rem";

    var wrap = document.createElement("span");
    wrap.className = "day-input";
    wrap.style.position = "relative";
    wrap.style.display = "inline-flex";
    wrap.style.alignItems = "center";
    wrap.style.gap = ".25rem";
    wrap.style.maxWidth = "100%";
    field.parentNode.insertBefore(wrap, field);
    wrap.appendChild(field);
    wrap.appendChild(button);
    wrap.appendChild(native);

    button.addEventListener("click", function () {
      native.value = toIso(field.value, format);
      try {
        native.showPicker();
      } catch (error) {
        field.focus(); // the picker refused (e.g. inside a cross-origin frame): type the day
      }
    });
    native.addEventListener("change", function () {
      if (!native.value) return;
      field.value = fromIso(native.value, format);
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
      field.focus();
    });
  }

  function enhanceAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var fields = scope.querySelectorAll("input[data-day-input]");
    for (var i = 0; i < fields.length; i++) enhance(fields[i]);
    if (scope.matches && scope.matches("input[data-day-input]")) enhance(scope);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      enhanceAll(document);
    });
  } else {
    enhanceAll(document);
  }
  // Content htmx swaps in (a form coming back with its errors) gets its buttons too.
  document.addEventListener("htmx:load", function (event) {
    enhanceAll(event.detail && event.detail.elt);
  });
})();
