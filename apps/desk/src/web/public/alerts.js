/* The alert feed: live over server-sent events, unacknowledged count, acknowledgement, delivery status. */
'use strict';
(function () {
  var D = window.Desk;
  if (!D || !D.page('alerts.html')) return;
  var el = D.el;
  var MANAGERS = ['duty_manager', 'manager', 'head_of_service', 'admin'];
  var CHANNEL = { in_app: 'In-app', webhook: 'Webhook', email: 'E-mail' };
  var alerts = new Map();
  var role = (D.user() || {}).role;

  function setCount(n) {
    document.getElementById('unacknowledged-count').textContent = n + ' unacknowledged';
    document.title = (n ? '(' + n + ') ' : '') + 'Alerts: duty desk';
  }

  function deliveryList(a) {
    if (!a.deliveries.length)
      return el('p', { class: 'deliveries muted', text: 'Delivery: not yet planned.' });
    return el('details', { class: 'deliveries', open: a.deliveryStatus.failed > 0 ? true : null }, [
      el('summary', {
        text:
          'Delivery: ' +
          a.deliveryStatus.delivered +
          ' delivered' +
          (a.deliveryStatus.pending + a.deliveryStatus.retrying
            ? ', ' + (a.deliveryStatus.pending + a.deliveryStatus.retrying) + ' in progress'
            : '') +
          (a.deliveryStatus.failed ? ', ' + a.deliveryStatus.failed + ' FAILED' : ''),
      }),
      el(
        'ul',
        {},
        a.deliveries.map(function (d) {
          return el('li', { 'data-channel': d.channel }, [
            document.createTextNode(
              (CHANNEL[d.channel] || d.channel) + ' to ' + d.recipient.replace(/^role:/, '') + ': ',
            ),
            el('span', {
              class: 'st-' + d.status,
              text: d.status === 'failed' ? 'failed for good' : d.status,
            }),
            document.createTextNode(
              ' (' +
                d.attempts +
                ' attempt' +
                (d.attempts === 1 ? '' : 's') +
                (d.deliveredAt ? ', ' + D.when(d.deliveredAt) : '') +
                (d.lastError ? ', last error: ' + d.lastError : '') +
                ')',
            ),
          ]);
        }),
      ),
    ]);
  }

  function render(a) {
    var card = el(
      'article',
      {
        class: 'panel alert-item' + (a.acknowledgedAt ? ' acknowledged' : ''),
        id: 'alert-' + a.id,
        'data-kind': a.kind,
      },
      [
        el('h2', { text: a.title }),
        el('p', {
          class: 'muted',
          text:
            a.kind.replace(/_/g, ' ') +
            ' · raised ' +
            D.when(a.raisedAt) +
            ' · for ' +
            a.recipientRoles.join(', ').replace(/_/g, ' '),
        }),
        el('pre', { text: a.body }),
      ],
    );
    if (a.relatedAlertId)
      card.append(
        el('p', {}, [
          document.createTextNode('Escalation of '),
          el('a', { href: '#alert-' + a.relatedAlertId, text: 'an earlier alert' }),
        ]),
      );
    if (a.subjectType === 'placement_request')
      card.append(
        el('p', {}, [
          el('a', {
            href: 'placement.html?request=' + a.subjectId,
            text: 'Placement request ' + a.subjectId.slice(0, 8),
          }),
        ]),
      );
    if (a.resolvedAt)
      card.append(el('p', { class: 'resolved', 'data-resolved-at': a.resolvedAt, text: a.resolution }));
    if (a.acknowledgedAt) {
      card.append(
        el('p', {
          class: 'ack',
          text:
            'Acknowledged by ' +
            a.acknowledgedBy +
            ', ' +
            D.when(a.acknowledgedAt) +
            ': “' +
            a.acknowledgementNote +
            '”',
        }),
      );
    } else if (MANAGERS.indexOf(role) >= 0) {
      var noteId = 'note-' + a.id;
      var error = el('p', { class: 'error', role: 'alert' });
      card.append(
        el(
          'form',
          {
            class: 'row ack-form',
            onsubmit: function (e) {
              e.preventDefault();
              var note = document.getElementById(noteId).value;
              D.api('POST', '/v1/alerts/' + a.id + '/acknowledge', { note: note })
                .then(function (updated) {
                  upsert(updated);
                  refreshCount();
                })
                .catch(function (err) {
                  error.textContent = err.message;
                });
            },
          },
          [
            el('label', { for: noteId, text: 'Note' }),
            el('input', { id: noteId, required: true, maxlength: '2000', size: '50' }),
            el('button', { type: 'submit', text: 'Acknowledge' }),
          ],
        ),
        error,
      );
    }
    card.append(deliveryList(a));
    return card;
  }

  function upsert(a) {
    alerts.set(a.id, a);
    var feed = document.getElementById('feed');
    var existing = document.getElementById('alert-' + a.id);
    var only = document.getElementById('only-open').checked;
    if (only && a.acknowledgedAt) {
      if (existing) existing.remove();
      return;
    }
    var card = render(a);
    if (existing) existing.replaceWith(card);
    else feed.prepend(card);
  }

  function refreshCount() {
    D.api('GET', '/v1/alerts?limit=1')
      .then(function (f) {
        setCount(f.unacknowledged);
      })
      .catch(function () {});
  }

  function load() {
    var only = document.getElementById('only-open').checked;
    D.api('GET', '/v1/alerts' + (only ? '?unacknowledged=true' : ''))
      .then(function (f) {
        setCount(f.unacknowledged);
        document.getElementById('feed').replaceChildren();
        f.items.slice().reverse().forEach(upsert);
        if (!f.items.length)
          document
            .getElementById('feed')
            .append(el('p', { class: 'muted', id: 'empty', text: 'No alerts.' }));
      })
      .catch(function (e) {
        document.getElementById('feed-error').textContent = e.message;
      });
  }

  /** Live over the page's one stream (app.js opens it with a single-use ticket). */
  function connect() {
    var state = document.getElementById('stream-state');
    var reconnecting = false;
    D.live.on('open', function () {
      state.textContent = '· live';
      // Anything missed while the stream was down.
      if (reconnecting) load();
      reconnecting = false;
    });
    D.live.on('error', function () {
      state.textContent = '· reconnecting…';
      reconnecting = true;
    });
    D.live.on('feed', function (f) {
      setCount(f.unacknowledged);
    });
    D.live.on('alert', function (data) {
      var empty = document.getElementById('empty');
      if (empty) empty.remove();
      var isNew = !alerts.has(data.alert.id);
      upsert(data.alert);
      setCount(data.unacknowledged);
      if (isNew && data.type === 'alert.delivered')
        D.notify('New alert: ' + data.alert.title, 'alert', {
          href: '#alert-' + data.alert.id,
          text: 'Show it',
        });
    });
  }

  document.getElementById('only-open').addEventListener('change', load);
  load();
  connect();
})();
