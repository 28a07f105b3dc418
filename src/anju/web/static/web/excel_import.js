/* The page of a large Excel import follows the background task writing it: it asks the
 * import's status URL every second, shows the stage, and reloads once the import has
 * finished, to show the result (or the reasons it was refused).
 *
 * Texts come from the server, already in the page's language, and are set as text.
 */
(function () {
  "use strict";

  function update(data) {
    if (data.finished) {
      window.location.reload();
      return;
    }
    var stage = document.getElementById("excel-import-stage");
    if (stage.textContent !== data.stage) {
      stage.textContent = data.stage;
    }
    document.getElementById("excel-import-stalled").hidden = !data.stalled;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("excel-import");
    if (section) {
      window.anjuFollow(section, 1000, update);
    }
  });
})();
