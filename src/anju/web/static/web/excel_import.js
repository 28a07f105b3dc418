/* The page of a large Excel import follows the background task writing it: it asks the
 * import's status URL every second, shows the stage, and reloads once the import has
 * finished, to show the result (or the reasons it was refused).
 *
 * Texts come from the server, already in the page's language, and are set as text.
 */
(function () {
  "use strict";

  function follow(section) {
    var url = section.dataset.statusUrl;
    var every = Number(section.dataset.pollMs) || 1000;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          if (data.finished) {
            window.location.reload();
            return;
          }
          var stage = document.getElementById("excel-import-stage");
          if (stage.textContent !== data.stage) {
            stage.textContent = data.stage;
          }
          document.getElementById("excel-import-stalled").hidden = !data.stalled;
          window.setTimeout(poll, every);
        })
        .catch(function () {
          // A dropped connection or a restarting server: try again, a little later.
          window.setTimeout(poll, every * 4);
        });
    }
    poll();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("excel-import");
    if (section) {
      follow(section);
    }
  });
})();
