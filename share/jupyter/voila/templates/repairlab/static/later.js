/* Exercises further down a page are made when the learner comes near them.

   In Voilà the kernel sends each exercise after a page's first as one button that makes it when
   pressed (widgets/repairlab/app/later.py), so that the page can be used before the rest is made.
   This script presses such a button when its exercise comes within a screen's height of the
   viewport; and once the page has been usable for a moment, it presses the rest, so that the whole
   page is soon there for searching, printing and screen readers. It presses one button at a time,
   waiting until that exercise is on the page, so that the kernel is never more than one exercise
   behind a learner who has started to work. Where this script does not run, the buttons work by
   hand. */
(function () {
  'use strict';
  var AHEAD = '100%';        // how far beyond the viewport an exercise is made
  var REST_AFTER_MS = 1500;  // once the first button is on the page, wait this long, then make the rest
  var GIVE_UP_MS = 5000;     // an exercise not on the page by then does not hold up the next

  var watched = new WeakSet();
  var queue = [];            // buttons' boxes to press, the nearest first
  var pressing = false;
  var restQueued = false;
  var scanQueued = false;

  function whenIdle(action) {
    if ('requestIdleCallback' in window) window.requestIdleCallback(action, { timeout: 1000 });
    else window.setTimeout(action, 0);
  }

  function waitUntilGone(button, since, then) {
    if (!button.isConnected || Date.now() - since > GIVE_UP_MS) then();
    else window.setTimeout(function () { waitUntilGone(button, since, then); }, 50);
  }

  function pressNext() {
    if (pressing) return;
    var box = queue.shift();
    if (!box) return;
    var button = box.isConnected && box.querySelector(':scope > .widget-button');
    if (!button) { pressNext(); return; }
    pressing = true;
    whenIdle(function () {
      button.click();
      waitUntilGone(button, Date.now(), function () { pressing = false; pressNext(); });
    });
  }

  function add(box, nearFirst) {
    var at = queue.indexOf(box);
    if (at >= 0) {
      if (!nearFirst) return;
      queue.splice(at, 1);
    }
    if (nearFirst) queue.unshift(box); else queue.push(box);
    pressNext();
  }

  var near = 'IntersectionObserver' in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        near.unobserve(entry.target);
        add(entry.target, true);
      }
    });
  }, { rootMargin: AHEAD + ' 0px ' + AHEAD + ' 0px' }) : null;

  function scan() {
    scanQueued = false;
    var boxes = document.querySelectorAll('.rl-later');
    boxes.forEach(function (box) {
      if (watched.has(box)) return;
      watched.add(box);
      if (near) near.observe(box); else add(box, false);
    });
    if (boxes.length > 0 && !restQueued) {
      restQueued = true;
      window.setTimeout(function () {
        document.querySelectorAll('.rl-later').forEach(function (box) { add(box, false); });
      }, REST_AFTER_MS);
    }
  }

  // Widgets are drawn after this script runs; look for new buttons shortly after the page changes.
  new MutationObserver(function () {
    if (!scanQueued) { scanQueued = true; window.setTimeout(scan, 50); }
  }).observe(document.getElementById('rendered_cells') || document.body, { childList: true, subtree: true });
})();
