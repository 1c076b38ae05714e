// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // htmx requests carry the page's CSRF token in a header as well as in the form.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrf_token]");
    if (token) {
      event.detail.headers["X-CSRFToken"] = token.value;
    }
  });

  // After htmx swaps in a region, move focus where a person needs to read next
  // (an error summary, a confirmation), so screen readers announce it; but only when
  // the swap took away what had focus (the button pressed, the link followed). A person
  // still in a filter or a search box stays there, and hears the news from the region's
  // aria-live instead.
  document.addEventListener("htmx:afterSettle", function () {
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) {
      return;
    }
    var target = document.querySelector("[data-focus-on-load]");
    if (target) {
      target.focus();
    }
  });

  // On a full page load, an error summary takes focus too, or else what the page
  // marked as the news (a calculator's result), which also scrolls it into view.
  document.addEventListener("DOMContentLoaded", function () {
    var target = document.querySelector(".error-summary[data-focus-on-load]") ||
      document.querySelector("[data-focus-on-load]");
    if (target) {
      target.focus();
    }
  });

  // "Print" buttons need a script, so they stay hidden without one.
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  });
})();

// Staff pages: the "you will be signed out" notice waits quietly until the last
// five minutes, then stands out. Without this file it is always shown, calmly.
(function () {
  "use strict";
  var WARN_BEFORE_SECONDS = 300;
  document.addEventListener("DOMContentLoaded", function () {
    var notice = document.querySelector("[data-session-notice]");
    if (!notice) {
      return;
    }
    var secondsLeft = parseInt(notice.getAttribute("data-seconds-left"), 10);
    if (isNaN(secondsLeft) || secondsLeft <= WARN_BEFORE_SECONDS) {
      notice.classList.add("session-notice--warning");
      return;
    }
    notice.classList.add("session-notice--waiting");
    window.setTimeout(function () {
      notice.classList.remove("session-notice--waiting");
      notice.classList.add("session-notice--warning");
      notice.setAttribute("role", "alert");
    }, (secondsLeft - WARN_BEFORE_SECONDS) * 1000);
  });
})();

// The shared kiosk PC: after a quiet while, ask whether the person is still
// there; a minute later, clear everything ("Finish and clear") for the next one.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    if (!body.hasAttribute("data-kiosk")) {
      return;
    }
    var warnAfter = parseInt(body.getAttribute("data-kiosk-warn"), 10) * 1000;
    var clearAfter = parseInt(body.getAttribute("data-kiosk-clear"), 10) * 1000;
    var warning = document.querySelector(".kiosk-warning");
    var finish = document.getElementById("kiosk-finish");
    var warnTimer, clearTimer, returnFocusTo;

    function start() {
      window.clearTimeout(warnTimer);
      window.clearTimeout(clearTimer);
      warnTimer = window.setTimeout(warn, warnAfter);
      clearTimer = window.setTimeout(function () {
        finish.elements.reason.value = "timeout";
        finish.submit();
      }, clearAfter);
    }
    // While the warning is up, the page behind it is inert: Tab stays in the warning,
    // as it would in a modal dialog, and Escape answers it like its button.
    function setBehindInert(inert) {
      Array.prototype.forEach.call(body.children, function (element) {
        if (element !== warning) {
          element.inert = inert;
        }
      });
    }
    function warn() {
      returnFocusTo = document.activeElement;
      setBehindInert(true);
      warning.hidden = false;
      warning.focus();
    }
    function stay() {
      warning.hidden = true;
      setBehindInert(false);
      if (returnFocusTo && returnFocusTo.focus) {
        returnFocusTo.focus();
      }
      start();
    }
    warning.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        stay();
      }
    });
    ["keydown", "pointerdown", "input", "scroll", "touchstart"].forEach(function (name) {
      document.addEventListener(name, function () {
        if (warning.hidden) {
          start();
        }
      }, { passive: true, capture: true });
    });
    warning.querySelector("[data-kiosk-stay]").addEventListener("click", stay);
    start();
  });
})();
