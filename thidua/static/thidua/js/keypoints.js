/* Thi Đua — the Party key-point editor (party/resolution.html): each point's box grows with
   its text and shows a live count under it: the characters the app counts (whitespace runs
   collapsed, as party.services does before checking the limit) out of the limit, and how many
   SMS the point would take, counted as thidua/messaging/sms.py counts (NFC; GSM-7 160/153
   septets, the extension characters taking two; otherwise UCS-2 70/67 UTF-16 units; a
   character never straddles two parts), with the count without diacritics.
   The CSP allows no inline script: the template gives the limit and the translated sentences
   in data- attributes of the form (data-max, data-msg-*), the boxes carry data-sms-count. */
(function () {
  "use strict";

  var GSM7_BASIC =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var GSM7_EXTENSION = "^{}\\[~]|€\f";
  var GSM7_SINGLE = 160, GSM7_PART = 153, UCS2_SINGLE = 70, UCS2_PART = 67;
  var STAND_INS = {
    "đ": "d", "Đ": "D", "‘": "'", "’": "'", "“": '"', "”": '"',
    "–": "-", "—": "-", "…": "...", "\u00a0": " ", "\t": " "
  };

  function chars(text) {
    return Array.from(text);
  }

  function pack(weights, single, part) {
    var total = weights.reduce(function (a, b) { return a + b; }, 0);
    if (total === 0) return 0;
    if (total <= single) return 1;
    var parts = 1, used = 0;
    weights.forEach(function (w) {
      if (used + w > part) { parts += 1; used = 0; }
      used += w;
    });
    return parts;
  }

  function smsParts(text) {
    var list = chars(text.normalize("NFC"));
    var gsm = list.every(function (c) {
      return GSM7_BASIC.indexOf(c) >= 0 || GSM7_EXTENSION.indexOf(c) >= 0;
    });
    if (gsm) {
      var septets = list.map(function (c) { return GSM7_EXTENSION.indexOf(c) >= 0 ? 2 : 1; });
      return { encoding: "GSM-7", parts: pack(septets, GSM7_SINGLE, GSM7_PART),
               single: GSM7_SINGLE, part: GSM7_PART };
    }
    var units = list.map(function (c) { return c.codePointAt(0) > 0xffff ? 2 : 1; });
    return { encoding: "UCS-2", parts: pack(units, UCS2_SINGLE, UCS2_PART),
             single: UCS2_SINGLE, part: UCS2_PART };
  }

  function stripDiacritics(text) {
    var swapped = chars(text.normalize("NFC")).map(function (c) {
      return Object.prototype.hasOwnProperty.call(STAND_INS, c) ? STAND_INS[c] : c;
    }).join("");
    return swapped.normalize("NFD").replace(/\p{Mn}/gu, "").normalize("NFC");
  }

  // The text the app keeps: runs of whitespace made one space, ends trimmed.
  function collapsed(text) {
    return text.split(/\s+/).filter(Boolean).join(" ");
  }

  function fill(template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : whole;
    });
  }

  function grow(box) {
    box.style.height = "auto";
    box.style.height = box.scrollHeight + 2 + "px";
  }

  function update(box) {
    var form = box.closest("[data-max]");
    var counter = document.getElementById(box.id + "-count");
    if (!form || !counter) return;
    var msg = function (name) { return form.getAttribute("data-msg-" + name) || ""; };
    var max = parseInt(form.getAttribute("data-max"), 10);
    var text = collapsed(box.value);
    var used = chars(text).length;
    var sentences = [fill(msg("count"), { used: used, max: max })];
    counter.classList.remove("split", "over");
    if (used === 0) {
      sentences.push(msg("empty"));
    } else if (used > max) {
      counter.classList.add("over");
      sentences.push(fill(msg("over"), { over: used - max, max: max }));
    } else {
      var sms = smsParts(text);
      if (sms.parts > 1) {
        counter.classList.add("split");
        sentences.push(fill(msg("split"), { parts: sms.parts, encoding: sms.encoding, per: sms.part }));
      } else {
        sentences.push(fill(msg("one"), { encoding: sms.encoding, single: sms.single }));
      }
      if (sms.encoding === "UCS-2") {
        var plain = smsParts(stripDiacritics(text));
        sentences.push(fill(msg("plain"), { parts: plain.parts }));
      }
    }
    counter.textContent = sentences.join(" · ");
  }

  function setUp(box) {
    var counter = document.getElementById(box.id + "-count");
    if (counter && !box.hasAttribute("aria-describedby")) {
      box.setAttribute("aria-describedby", counter.id);
    }
    update(box);
    grow(box);
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (box instanceof HTMLTextAreaElement && box.hasAttribute("data-sms-count")) {
      update(box);
      grow(box);
    }
  });

  function start() {
    document.querySelectorAll("textarea[data-sms-count]").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
