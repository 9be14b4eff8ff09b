/* Styrgraf SPARQL editor: Ctrl+Enter (Cmd+Enter on a Mac) runs the query, Tab indents.
   Optional: without JavaScript the form works with its button. No dependencies. */
(function () {
  "use strict";
  var area = document.getElementById("query");
  var form = document.getElementById("sparql-form");
  if (!area || !form) { return; }
  area.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      return;
    }
    // Tab inserts two spaces, but Escape first lets Tab leave the field as usual, so the
    // editor is never a keyboard trap.
    if (event.key === "Tab" && !event.shiftKey && area.dataset.indent === "on") {
      event.preventDefault();
      var start = area.selectionStart;
      area.setRangeText("  ", start, area.selectionEnd, "end");
    }
    if (event.key === "Escape") { area.dataset.indent = "off"; }
  });
  area.addEventListener("focus", function () { area.dataset.indent = "on"; });
})();
