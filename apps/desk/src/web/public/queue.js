'use strict';
(function () {
  if (!Desk.page('index.html')) return;
  var el = Desk.el;
  var tbody = document.querySelector('#queue tbody');
  var cursor = null;
  var selected = null;
  var me = (Desk.user() || {}).username;
  var OUTCOMES = [
    'NO_FURTHER_ACTION',
    'ADVICE_GIVEN',
    'EARLY_HELP',
    'FAMILY_SUPPORT',
    'STATUTORY_ASSESSMENT',
    'STRATEGY_DISCUSSION',
    'ALLOCATED_TEAM_INFORMED',
    'TRANSFERRED_OUT',
  ];
  var ROUTES = [
    'LOCALITY_ADVICE',
    'LOCALITY_EARLY_HELP',
    'FAMILY_SUPPORT',
    'STATUTORY_ASSESSMENT',
    'ALLOCATED_TEAM',
    'TRANSFER_OUT',
    'DUTY_REVIEW',
  ];

  function query() {
    var f = document.getElementById('filters');
    var q = new URLSearchParams();
    q.set('status', f.status.value);
    ['team', 'level', 'route', 'locality'].forEach(function (k) {
      if (f[k].value.trim()) q.set(k, f[k].value.trim());
    });
    if (f.overdue.checked) q.set('overdue', 'true');
    if (f.mine.checked) q.set('claimedBy', 'me');
    q.set('limit', '200');
    return q;
  }

  function load(append) {
    var q = query();
    if (append && cursor) q.set('after', cursor);
    document.getElementById('queue-error').textContent = '';
    return Desk.api('GET', '/v1/queue?' + q.toString())
      .then(function (res) {
        if (!append) tbody.textContent = '';
        var frag = document.createDocumentFragment();
        res.items.forEach(function (it) {
          frag.append(row(it));
        });
        tbody.append(frag);
        cursor = res.nextCursor;
        document.getElementById('more').hidden = !cursor;
        document.getElementById('count').textContent = '(' + res.total + ')';
      })
      .catch(function (e) {
        document.getElementById('queue-error').textContent = e.message;
      });
  }

  function row(it) {
    var status = [];
    if (it.overdue) status.push(el('span', { class: 'tag overdue', text: 'OVERDUE' }), ' ');
    if (it.claimedBy)
      status.push(
        el('span', {
          class: 'tag held',
          text: it.claimedBy === me ? 'Held by you' : 'Held by ' + it.claimedBy,
        }),
        ' ',
      );
    status.push(it.state);
    var tr = el(
      'tr',
      {
        tabindex: '0',
        'data-contact-id': it.contactId,
        class: it.overdue ? 'overdue' : '',
        onclick: function () {
          open(it.contactId);
        },
        onkeydown: function (e) {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            open(it.contactId);
          }
        },
      },
      [
        el('td', {}, [
          el('strong', { text: Desk.dueIn(it.dueAt) }),
          el('br'),
          el('span', { class: 'muted', text: Desk.when(it.dueAt) }),
        ]),
        el('td', { text: it.priority }),
        el('td', {}, [el('span', { class: 'tag level' + it.needLevel, text: String(it.needLevel) })]),
        el('td', { text: it.route }),
        el('td', { text: it.team || '—' }),
        el('td', { text: it.locality }),
        el('td', { text: it.agency }),
        el('td', {}, status),
      ],
    );
    if (it.contactId === selected) tr.classList.add('selected');
    return tr;
  }

  function open(contactId) {
    selected = contactId;
    history.replaceState(null, '', '#' + contactId);
    Array.prototype.forEach.call(tbody.rows, function (r) {
      r.classList.toggle('selected', r.dataset.contactId === contactId);
    });
    return Desk.api('GET', '/v1/queue/' + contactId)
      .then(function (v) {
        renderItem(v);
      })
      .catch(function (e) {
        Desk.notify(e.message, 'alert');
      });
  }

  function act(method, path, body, done) {
    return Desk.api(method, path, body)
      .then(function () {
        return Promise.all([load(false), open(selected)]).then(function () {
          if (done) Desk.notify(done);
        });
      })
      .catch(function (e) {
        var box = document.getElementById('item-error');
        if (box) box.textContent = e.message;
      });
  }

  function select(id, label, options, value) {
    return el('div', {}, [
      el('label', { for: id, text: label }),
      el(
        'select',
        { id: id },
        options.map(function (o) {
          return el('option', { value: o[0], text: o[1], selected: String(o[0]) === String(value) });
        }),
      ),
    ]);
  }

  function renderItem(v) {
    var it = v.item,
      rec = v.recommendation;
    var held = it.claimedBy === me;
    var body = document.getElementById('item-body');
    body.textContent = '';
    document.getElementById('item').hidden = false;
    body.append(
      el('dl', { class: 'facts' }, [
        el('dt', { text: 'Contact' }),
        el('dd', { text: it.contactId }),
        el('dt', { text: 'Received' }),
        el('dd', { text: Desk.when(it.receivedAt) + ' from ' + it.agency }),
        el('dt', { text: 'Due' }),
        el('dd', {
          text: Desk.when(it.dueAt) + ' (' + Desk.dueIn(it.dueAt) + ')' + (it.overdue ? ' OVERDUE' : ''),
        }),
        el('dt', { text: 'Status' }),
        el('dd', { text: it.state + (it.claimedBy ? ', held by ' + it.claimedBy : ', not held') }),
      ]),
      el('p', {}, [el('a', { href: 'child.html?id=' + it.childId, text: "Open the child's view" })]),
    );
    if (rec) {
      body.append(
        el('h3', { text: 'Recommendation (criteria ' + rec.criteriaVersion + ')' }),
        el('p', {
          text:
            'Level ' +
            rec.needLevel +
            ', ' +
            rec.route +
            ', team ' +
            (rec.team || '—') +
            ', ' +
            rec.priority +
            (rec.strategyDiscussion ? ', strategy discussion' : '') +
            (rec.consentRequired ? ', consent required' : ''),
        }),
        el(
          'ul',
          {},
          rec.reasons.map(function (r) {
            return el('li', { text: r.text });
          }),
        ),
      );
    }
    body.append(el('p', { id: 'item-error', class: 'error', role: 'alert' }));
    var actions = el('div', { class: 'row' });
    if (it.state !== 'closed' && !held)
      actions.append(
        el('button', {
          type: 'button',
          id: 'claim',
          text: 'Claim',
          onclick: function () {
            act('POST', '/v1/queue/' + it.contactId + '/claim', undefined, 'Claimed.');
          },
        }),
      );
    if (held)
      actions.append(
        el('button', {
          type: 'button',
          id: 'release',
          class: 'secondary',
          text: 'Release',
          onclick: function () {
            act('POST', '/v1/queue/' + it.contactId + '/release');
          },
        }),
      );
    if (held && it.state === 'awaiting')
      actions.append(
        el('button', {
          type: 'button',
          id: 'confirm',
          text: 'Confirm recommendation',
          onclick: function () {
            act('POST', '/v1/queue/' + it.contactId + '/confirm', {}, 'Recommendation confirmed.');
          },
        }),
      );
    body.append(actions);

    if (held && it.state === 'awaiting' && rec) {
      var form = el('form', { id: 'override-form', class: 'stack', 'aria-labelledby': 'override-heading' }, [
        el('h3', { id: 'override-heading', text: 'Override' }),
        el('div', { class: 'row' }, [
          select(
            'o-level',
            'Level',
            [
              [1, '1'],
              [2, '2'],
              [3, '3'],
              [4, '4'],
            ],
            rec.needLevel,
          ),
          select(
            'o-route',
            'Route',
            ROUTES.map(function (r) {
              return [r, r];
            }),
            rec.route,
          ),
          el('div', {}, [
            el('label', { for: 'o-team', text: 'Team' }),
            el('input', { id: 'o-team', value: rec.team || '', size: 22 }),
          ]),
        ]),
        el('div', {}, [
          el('label', { for: 'o-reason', text: 'Reason (required)' }),
          el('textarea', { id: 'o-reason', required: true }),
        ]),
        el('button', { type: 'submit', text: 'Override with reason' }),
      ]);
      form.addEventListener('submit', function (e) {
        e.preventDefault();
        var team = document.getElementById('o-team').value.trim();
        act(
          'POST',
          '/v1/queue/' + it.contactId + '/override',
          {
            needLevel: Number(document.getElementById('o-level').value),
            route: document.getElementById('o-route').value,
            team: team || null,
            reason: document.getElementById('o-reason').value,
          },
          'Override recorded.',
        );
      });
      body.append(form);
    }
    if (held && it.state === 'decided') {
      var close = el('form', { id: 'close-form', class: 'stack', 'aria-labelledby': 'close-heading' }, [
        el('h3', { id: 'close-heading', text: 'Close' }),
        select(
          'c-outcome',
          'Outcome',
          OUTCOMES.map(function (o) {
            return [o, o.replace(/_/g, ' ').toLowerCase()];
          }),
          '',
        ),
        el('div', { class: 'row' }, [
          el('input', { type: 'checkbox', id: 'c-nfa' }),
          el('label', { for: 'c-nfa', text: 'CIN census: no further action' }),
        ]),
        el('button', { type: 'submit', text: 'Close item' }),
      ]);
      close.addEventListener('submit', function (e) {
        e.preventDefault();
        act(
          'POST',
          '/v1/queue/' + it.contactId + '/close',
          {
            outcome: document.getElementById('c-outcome').value,
            cinNoFurtherAction: document.getElementById('c-nfa').checked,
          },
          'Item closed.',
        );
      });
      body.append(close);
    }
    if (v.dutyDecisions.length) {
      body.append(
        el('h3', { text: 'Duty decisions' }),
        el(
          'ul',
          {},
          v.dutyDecisions.map(function (d) {
            return el('li', { text: Desk.dutyDecisionText(d) });
          }),
        ),
      );
    }
    var notes = el('form', { id: 'note-form', class: 'stack' }, [
      el('h3', { text: 'Notes' }),
      el(
        'ul',
        {},
        v.notes.map(function (n) {
          return el('li', { text: Desk.when(n.at) + ' ' + n.author + ': ' + n.text });
        }),
      ),
      el('label', { for: 'n-text', text: 'Add a note' }),
      el('textarea', { id: 'n-text' }),
      el('button', { type: 'submit', class: 'secondary', text: 'Add note' }),
    ]);
    notes.addEventListener('submit', function (e) {
      e.preventDefault();
      act(
        'POST',
        '/v1/queue/' + it.contactId + '/notes',
        { text: document.getElementById('n-text').value },
        'Note added.',
      );
    });
    body.append(notes);
  }

  document.getElementById('filters').addEventListener('submit', function (e) {
    e.preventDefault();
    load(false);
  });
  document.getElementById('more').addEventListener('click', function () {
    load(true);
  });
  document.getElementById('claim-next').addEventListener('click', function () {
    var f = document.getElementById('filters');
    Desk.api('POST', '/v1/queue/claim-next', {
      team: f.team.value.trim() || undefined,
      locality: f.locality.value || undefined,
    })
      .then(function (it) {
        return load(false).then(function () {
          return open(it.contactId);
        });
      })
      .catch(function (e) {
        Desk.notify(e.message);
      });
  });
  window.DeskEvents &&
    window.DeskEvents.on(function () {
      load(false);
    });
  load(false).then(function () {
    if (location.hash.length > 1) open(location.hash.slice(1));
  });
})();
