// Recruiting pipeline board: drag a card to another column to move the application.
// Pages work without this file: every card has a "Move to" form (the keyboard way, and the
// phone's) that posts to the same route. On drop the move is posted with the CSRF header and
// the server's board replaces this one; when the server refuses (or the network fails) the
// card goes back where it was and the reason is shown. Dropping on "Rejected" opens the
// rejection form, because a rejection needs a reason. No inline scripts: CSP forbids them.
(function () {
  'use strict';

  var dragged = null;
  var home = null;
  var homeNext = null;
  // A move made with the keyboard form: once htmx swapped the board, put focus on the result.
  var focusAfterSwap = false;

  function board() {
    return document.getElementById('pipeline-board');
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function columnOf(el) {
    return el instanceof Element ? el.closest('.pipeline-column[data-drop]') : null;
  }

  /** May `card` be dropped on `column`? The server decides again; this only avoids useless requests. */
  function accepts(column, card) {
    if (!column || !card) return false;
    if (column.getAttribute('data-drop') === 'reject') return card.hasAttribute('data-reject');
    var stage = column.getAttribute('data-stage');
    if (stage === card.getAttribute('data-stage')) return false;
    return (' ' + (card.getAttribute('data-moves') || '') + ' ').indexOf(' ' + stage + ' ') >= 0;
  }

  function say(text, kind) {
    var b = board();
    var region = b && b.querySelector('.pipeline-status');
    if (!region) return;
    region.textContent = '';
    var p = document.createElement('p');
    p.className = 'flash flash-' + kind;
    p.setAttribute('tabindex', '-1');
    p.textContent = text;
    region.appendChild(p);
  }

  function focusStatus() {
    var b = board();
    var message = b && b.querySelector('.pipeline-status .flash');
    if (!message) return;
    message.setAttribute('tabindex', '-1');
    message.focus();
  }

  function clearMarks() {
    document.querySelectorAll('.pipeline-column.is-target, .pipeline-column.is-over').forEach(function (col) {
      col.classList.remove('is-target', 'is-over');
    });
  }

  function putBack(card) {
    card.removeAttribute('aria-busy');
    if (home && home.isConnected) home.insertBefore(card, homeNext && homeNext.parentNode === home ? homeNext : null);
    var b = board();
    say((b && b.getAttribute('data-move-error')) || '', 'error');
  }

  /** Replace the board with the server's; false when the answer is not a board (a login page, a proxy error). */
  function swapBoard(html) {
    var template = document.createElement('template');
    template.innerHTML = html.trim();
    var fresh = template.content.querySelector('#pipeline-board');
    var current = board();
    if (!fresh || !current) return false;
    current.replaceWith(fresh);
    if (window.htmx && typeof window.htmx.process === 'function') window.htmx.process(fresh);
    focusStatus();
    return true;
  }

  function move(card, stage) {
    var token = csrfToken();
    var body = new URLSearchParams();
    body.set('stage', stage);
    body.set('_csrf', token);
    card.setAttribute('aria-busy', 'true');
    fetch('/recruiting/applications/' + encodeURIComponent(card.getAttribute('data-app')) + '/move', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'HX-Request': 'true', 'X-CSRF-Token': token, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: body,
    })
      .then(function (res) {
        return res.text().then(function (html) {
          // A refused move (4xx) also answers with the board: unchanged, with the reason.
          if (!swapBoard(html)) putBack(card);
        });
      })
      .catch(function () {
        putBack(card);
      });
  }

  document.addEventListener('dragstart', function (event) {
    var card = event.target instanceof Element ? event.target.closest('.pipeline-card[draggable="true"]') : null;
    if (!card || !event.dataTransfer) return;
    dragged = card;
    home = card.parentNode;
    homeNext = card.nextElementSibling;
    event.dataTransfer.effectAllowed = 'move';
    event.dataTransfer.setData('text/plain', card.getAttribute('data-app') || '');
    card.classList.add('is-dragging');
    document.querySelectorAll('.pipeline-column[data-drop]').forEach(function (col) {
      if (accepts(col, card)) col.classList.add('is-target');
    });
  });

  document.addEventListener('dragend', function () {
    if (dragged) dragged.classList.remove('is-dragging');
    dragged = null;
    clearMarks();
  });

  document.addEventListener('dragover', function (event) {
    var column = columnOf(event.target);
    if (!dragged || !accepts(column, dragged)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    column.classList.add('is-over');
  });

  document.addEventListener('dragleave', function (event) {
    var column = columnOf(event.target);
    if (column && !column.contains(event.relatedTarget)) column.classList.remove('is-over');
  });

  document.addEventListener('drop', function (event) {
    var column = columnOf(event.target);
    var card = dragged;
    if (!card || !accepts(column, card)) return;
    event.preventDefault();
    clearMarks();
    if (column.getAttribute('data-drop') === 'reject') {
      window.location.assign(card.getAttribute('data-reject'));
      return;
    }
    var list = column.querySelector('.pipeline-cards');
    if (list) list.appendChild(card);
    var b = board();
    say((b && b.getAttribute('data-moving')) || '', 'info');
    move(card, column.getAttribute('data-stage'));
  });

  // The keyboard form is sent by htmx (hx-post on the form); afterwards, focus the result message.
  document.addEventListener('htmx:before:request', function (event) {
    var ctx = event.detail && event.detail.ctx;
    var source = ctx && ctx.sourceElement;
    focusAfterSwap = !!(source instanceof Element && source.closest('form.pipeline-move'));
  });
  document.addEventListener('htmx:after:swap', function () {
    if (!focusAfterSwap) return;
    focusAfterSwap = false;
    focusStatus();
  });
})();
