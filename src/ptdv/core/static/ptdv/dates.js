/* PTĐV — the one date input: a text field typed dd/mm/yyyy (or mm/yyyy for a month) with a
   calendar in Vietnamese, whatever the browser's language. No library, no inline script (CSP).
   Inputs opt in with data-date="day" or data-date="month" (see ptdv.core.forms). */
(function () {
  "use strict";
  var MONTHS = ["Tháng 1", "Tháng 2", "Tháng 3", "Tháng 4", "Tháng 5", "Tháng 6",
    "Tháng 7", "Tháng 8", "Tháng 9", "Tháng 10", "Tháng 11", "Tháng 12"];
  var DAYS = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];
  var open = null;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function parse(text, mode) {
    var m = (text || "").trim().match(/^(\d{1,2})[\/.\-](\d{1,2})(?:[\/.\-](\d{4}))?$/);
    if (mode === "month") {
      if (m && !m[3]) { return new Date(+m[2], +m[1] - 1, 1); }
      if (m) { return new Date(+m[3], +m[2] - 1, 1); }
    } else if (m && m[3]) {
      var d = new Date(+m[3], +m[2] - 1, +m[1]);
      if (d.getMonth() === +m[2] - 1) { return d; }
    }
    var iso = (text || "").trim().match(/^(\d{4})-(\d{2})(?:-(\d{2}))?$/);
    if (iso) { return new Date(+iso[1], +iso[2] - 1, iso[3] ? +iso[3] : 1); }
    return null;
  }

  function show(input, d, mode) {
    input.value = mode === "month" ? pad(d.getMonth() + 1) + "/" + d.getFullYear()
      : pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function button(text, label, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (label) { b.setAttribute("aria-label", label); }
    if (cls) { b.className = cls; }
    return b;
  }

  function close() {
    if (open) {
      open.panel.remove();
      open.toggle.setAttribute("aria-expanded", "false");
      open = null;
    }
  }

  function render(state) {
    var panel = state.panel, mode = state.mode, view = state.view;
    var chosen = parse(state.input.value, mode), today = new Date();
    panel.textContent = "";
    var head = document.createElement("div");
    head.className = "dp-head";
    var prev = button("‹", mode === "month" ? "Năm trước" : "Tháng trước");
    var next = button("›", mode === "month" ? "Năm sau" : "Tháng sau");
    var title = document.createElement("span");
    title.className = "dp-title";
    title.setAttribute("aria-live", "polite");
    title.textContent = mode === "month" ? "Năm " + view.getFullYear()
      : MONTHS[view.getMonth()] + " năm " + view.getFullYear();
    prev.addEventListener("click", function () {
      state.view = mode === "month" ? new Date(view.getFullYear() - 1, 0, 1)
        : new Date(view.getFullYear(), view.getMonth() - 1, 1);
      render(state);
    });
    next.addEventListener("click", function () {
      state.view = mode === "month" ? new Date(view.getFullYear() + 1, 0, 1)
        : new Date(view.getFullYear(), view.getMonth() + 1, 1);
      render(state);
    });
    head.append(prev, title, next);
    var years = null;
    if (mode !== "month") {  // a quick jump to a year far away (a birth date)
      years = document.createElement("input");
      years.type = "number";
      years.className = "dp-year";
      years.value = view.getFullYear();
      years.setAttribute("aria-label", "Năm");
      years.addEventListener("change", function () {
        var y = parseInt(years.value, 10);
        if (y > 1900 && y < 2200) { state.view = new Date(y, view.getMonth(), 1); render(state); }
      });
    }
    panel.append(head);
    if (years) { panel.append(years); }
    var grid = document.createElement("div");
    grid.className = mode === "month" ? "dp-grid dp-months" : "dp-grid";
    var pick = function (d) { return function () { show(state.input, d, mode); close(); state.input.focus(); }; };
    if (mode === "month") {
      for (var i = 0; i < 12; i++) {
        var b = button(MONTHS[i], MONTHS[i] + " năm " + view.getFullYear());
        var d = new Date(view.getFullYear(), i, 1);
        if (chosen && chosen.getFullYear() === d.getFullYear() && chosen.getMonth() === i) { b.className = "dp-on"; }
        b.addEventListener("click", pick(d));
        grid.append(b);
      }
    } else {
      DAYS.forEach(function (name) {
        var s = document.createElement("span");
        s.className = "dp-dow";
        s.textContent = name;
        grid.append(s);
      });
      var first = new Date(view.getFullYear(), view.getMonth(), 1);
      var blank = (first.getDay() + 6) % 7;  // weeks start on Monday
      for (var k = 0; k < blank; k++) { grid.append(document.createElement("span")); }
      var last = new Date(view.getFullYear(), view.getMonth() + 1, 0).getDate();
      for (var n = 1; n <= last; n++) {
        var day = new Date(view.getFullYear(), view.getMonth(), n);
        var cell = button(String(n), pad(n) + "/" + pad(view.getMonth() + 1) + "/" + view.getFullYear());
        if (chosen && chosen.getTime() === day.getTime()) { cell.className = "dp-on"; }
        else if (day.toDateString() === today.toDateString()) { cell.className = "dp-today"; }
        cell.addEventListener("click", pick(day));
        grid.append(cell);
      }
    }
    panel.append(grid);
    var foot = document.createElement("div");
    foot.className = "dp-foot";
    var now = button(mode === "month" ? "Tháng này" : "Hôm nay");
    now.addEventListener("click", pick(mode === "month" ? new Date(today.getFullYear(), today.getMonth(), 1)
      : new Date(today.getFullYear(), today.getMonth(), today.getDate())));
    var shut = button("Đóng");
    shut.addEventListener("click", function () { close(); state.input.focus(); });
    foot.append(now, shut);
    panel.append(foot);
  }

  function toggle(input, toggleButton, mode) {
    if (open && open.input === input) { close(); return; }
    close();
    var panel = document.createElement("div");
    panel.className = "datepicker";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", mode === "month" ? "Chọn tháng" : "Chọn ngày");
    var chosen = parse(input.value, mode) || new Date();
    open = { input: input, toggle: toggleButton, panel: panel, mode: mode,
      view: new Date(chosen.getFullYear(), mode === "month" ? 0 : chosen.getMonth(), 1) };
    toggleButton.setAttribute("aria-expanded", "true");
    toggleButton.parentNode.after(panel);
    render(open);
  }

  function enhance(input) {
    if (input.dataset.dateReady) { return; }
    input.dataset.dateReady = "1";
    var mode = input.dataset.date === "month" ? "month" : "day";
    var wrap = document.createElement("span");
    wrap.className = "date-wrap";
    input.parentNode.insertBefore(wrap, input);
    wrap.append(input);
    var b = button("", mode === "month" ? "Chọn tháng trên lịch" : "Chọn ngày trên lịch", "date-toggle");
    b.setAttribute("aria-expanded", "false");
    b.setAttribute("aria-haspopup", "dialog");
    wrap.append(b);
    b.addEventListener("click", function () { toggle(input, b, mode); });
    input.addEventListener("blur", function () {  // 5/3/2024 → 05/03/2024
      var d = parse(input.value, mode);
      if (d && input.value.indexOf("-") < 0) { input.value = mode === "month" ? pad(d.getMonth() + 1) + "/" + d.getFullYear()
        : pad(d.getDate()) + "/" + pad(d.getMonth() + 1) + "/" + d.getFullYear(); }
    });
  }

  function scan(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("input[data-date]").forEach(enhance);
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && open) { var i = open.input; close(); i.focus(); }
  });
  document.addEventListener("click", function (e) {
    if (open && !open.panel.contains(e.target) && e.target !== open.toggle && document.contains(e.target)) { close(); }
  });
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSwap", function (e) { scan(e.target); });
  if (document.readyState !== "loading") { scan(document); }
})();
