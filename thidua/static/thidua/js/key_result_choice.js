/* Thi Đua — a giao ban assignment's key result follows the goal chosen (no inline code: the
   CSP allows scripts from this site only). In a form with <select name="goal"> and
   <select name="key_result"> whose options carry data-goal (the goal of each key result):
   choosing a goal offers only its key results (a key result of another goal is cleared);
   choosing a key result with no goal chosen chooses its goal. Without scripts every key
   result stays offered under its goal's heading and the service refuses a mismatch. */
(function () {
  "use strict";

  function selects(form) {
    return {
      goal: form.querySelector("select[name='goal']"),
      keyResult: form.querySelector("select[name='key_result']"),
    };
  }

  function follow(goal, keyResult) {
    var chosen = goal.value;
    Array.prototype.forEach.call(keyResult.options, function (option) {
      var of = option.getAttribute("data-goal");
      if (!of) return;
      option.hidden = Boolean(chosen) && of !== chosen;
      option.disabled = option.hidden;
      if (option.hidden && option.selected) keyResult.value = "";
    });
    Array.prototype.forEach.call(keyResult.querySelectorAll("optgroup"), function (group) {
      group.hidden = Array.prototype.every.call(group.children, function (o) { return o.hidden; });
    });
  }

  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.form || (el.name !== "goal" && el.name !== "key_result")) return;
    var s = selects(el.form);
    if (!s.goal || !s.keyResult) return;
    if (el === s.keyResult && !s.goal.value && el.selectedOptions.length) {
      var of = el.selectedOptions[0].getAttribute("data-goal");
      if (of && s.goal.querySelector("option[value='" + of + "']")) s.goal.value = of;
    }
    follow(s.goal, s.keyResult);
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[name='key_result']").forEach(function (keyResult) {
      var s = keyResult.form ? selects(keyResult.form) : null;
      if (s && s.goal) follow(s.goal, keyResult);
    });
  });
})();
