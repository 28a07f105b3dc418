/* Follows a background job for a page: asks the section's status URL (data-status-url)
 * every data-poll-ms milliseconds, hands each answer to the page's ``update`` and stops once
 * an answer says the job has finished. A dropped connection or a restarting server: it asks
 * again, a little later.
 */
(function () {
  "use strict";

  window.anjuFollow = function (section, defaultEvery, update) {
    var url = section.dataset.statusUrl;
    var every = Number(section.dataset.pollMs) || defaultEvery;
    function poll() {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then(function (data) {
          update(data);
          if (!data.finished) {
            window.setTimeout(poll, every);
          }
        })
        .catch(function () {
          window.setTimeout(poll, every * 4);
        });
    }
    poll();
  };
})();
