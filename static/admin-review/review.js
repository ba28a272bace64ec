// The review screen's keyboard and selection helpers. Every correction also works without this
// script: each is its own form.
(function () {
  "use strict";

  function rawOffset(raw, node, offset) {
    // Characters of the raw text before (node, offset): the text of the <pre> is the raw text itself.
    var range = document.createRange();
    range.setStart(raw, 0);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function onSelect(raw) {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    if (!raw.contains(range.startContainer) || !raw.contains(range.endContainer)) { return; }
    var start = rawOffset(raw, range.startContainer, range.startOffset);
    var end = rawOffset(raw, range.endContainer, range.endOffset);
    if (end <= start) { return; }
    document.getElementById("add-start").value = start;
    document.getElementById("add-end").value = end;
    document.getElementById("selection-preview").textContent = range.toString();
  }

  function statements() { return Array.prototype.slice.call(document.querySelectorAll(".statement")); }

  function move(step) {
    var all = statements();
    if (!all.length) { return; }
    var index = all.indexOf(document.activeElement.closest ? document.activeElement.closest(".statement") : null);
    var next = all[Math.min(all.length - 1, Math.max(0, index + step))];
    next.focus();
    next.scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var raw = document.getElementById("raw-text");
    if (raw) { raw.addEventListener("mouseup", function () { onSelect(raw); }); raw.addEventListener("keyup", function () { onSelect(raw); }); }
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      if (target && /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) { return; }
      if (event.ctrlKey || event.metaKey || event.altKey) { return; }
      var current = target && target.closest ? target.closest(".statement") : null;
      if (event.key === "j") { move(1); event.preventDefault(); }
      else if (event.key === "k") { move(-1); event.preventDefault(); }
      else if (event.key === "r") { var done = document.getElementById("mark-reviewed"); if (done) { done.click(); } }
      else if (current && /^[123]$/.test(event.key)) {
        var button = current.querySelector('.side-button[data-key="' + event.key + '"]');
        if (button) { button.click(); }
      } else if (current && event.key === "a") {
        var accept = current.querySelector("[data-accept]");
        if (accept) { accept.click(); }
      }
    });
  });
}());
