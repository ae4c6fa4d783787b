// Core page script, served at /static/app.js. Small on purpose: pages work
// without it; it only adds conveniences and the CSRF header for htmx.
// No inline scripts anywhere, so the CSP can forbid them.
(function () {
  'use strict';

  // Lets CSS tell "script available" apart (e.g. to hide the preferences Apply button).
  document.documentElement.classList.add('js');

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : null;
  }

  function sameOrigin(url) {
    try {
      return new URL(url, location.href).origin === location.origin;
    } catch (e) {
      return false;
    }
  }

  // htmx 4 fires `htmx:config:request` (renamed from htmx 2's camel-case event) before
  // every request, including htmx.ajax(); headers live on
  // event.detail.ctx.request.headers. Forms posted by htmx also carry the
  // hidden _csrf field, but hx-post/hx-delete on buttons and links do not,
  // hence the header. The token never goes to another origin.
  document.addEventListener('htmx:config:request', function (event) {
    var ctx = event.detail && event.detail.ctx;
    var token = csrfToken();
    if (!ctx || !ctx.request || !token) return;
    if (!sameOrigin(ctx.request.action || location.href)) return;
    ctx.request.headers['X-CSRF-Token'] = token;
  });

  // Language and theme apply as soon as they are picked.
  document.addEventListener('change', function (event) {
    var el = event.target;
    if (!(el instanceof HTMLSelectElement)) return;
    var form = el.closest('form[data-autosubmit]');
    if (!form) return;
    if (typeof form.requestSubmit === 'function') form.requestSubmit();
    else form.submit();
  });

  document.addEventListener('click', function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;

    var dismiss = target.closest('[data-dismiss="flash"]');
    if (dismiss) {
      var flash = dismiss.closest('.flash');
      if (flash) flash.remove();
      return;
    }

    // <details> dropdowns (menu, account) stay open until toggled; close them on a click elsewhere.
    document.querySelectorAll('details.dropdown[open]').forEach(function (d) {
      if (!d.contains(target)) d.removeAttribute('open');
    });
  });

  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape') return;
    document.querySelectorAll('details.dropdown[open]').forEach(function (d) {
      var hadFocus = d.contains(document.activeElement);
      d.removeAttribute('open');
      var summary = d.querySelector('summary');
      if (summary && hadFocus) summary.focus();
    });
  });
})();
