'use strict';
(function () {
  if (!Desk.page('child.html')) return;
  var el = Desk.el;
  var root = document.getElementById('child');

  function person(c) {
    if (!c) return '—';
    return (
      [c.firstName, c.lastName].filter(Boolean).join(' ') +
      ', born ' +
      (c.dateOfBirth || 'expected ' + c.expectedDateOfBirth) +
      (c.nhsNumber ? ', NHS ' + c.nhsNumber : '') +
      (c.upn ? ', UPN ' + c.upn : '') +
      (c.address ? ', ' + c.address.postcode : '')
    );
  }

  function load(id) {
    document.getElementById('child-error').textContent = '';
    history.replaceState(null, '', '?id=' + encodeURIComponent(id));
    return Desk.api('GET', '/v1/children/' + encodeURIComponent(id))
      .then(render)
      .catch(function (e) {
        root.textContent = '';
        document.getElementById('child-error').textContent = e.message;
      });
  }

  function review(childId, contactId, verdict) {
    var reason = document.getElementById('pm-reason-' + contactId).value;
    return Desk.api('POST', '/v1/children/' + childId + '/possible-matches/' + contactId + '/' + verdict, {
      reason: reason || undefined,
    })
      .then(function (r) {
        Desk.notify(
          verdict === 'confirm'
            ? 'Match confirmed: the records are merged and awaiting contacts re-triaged.'
            : 'Match rejected.',
        );
        return load(r.childId);
      })
      .catch(function (e) {
        Desk.notify(e.message, 'alert');
      });
  }

  function render(v) {
    root.textContent = '';
    document.getElementById('child-id').value = v.childId;
    var latest = v.contacts[v.contacts.length - 1];
    root.append(
      el('section', { class: 'panel', 'aria-labelledby': 'who' }, [
        el('h2', { id: 'who', text: latest ? person(latest.child) : 'Child ' + v.childId }),
        el('dl', { class: 'facts' }, [
          el('dt', { text: 'Child id' }),
          el('dd', { text: v.childId }),
          el('dt', { text: 'Contacts' }),
          el('dd', { text: String(v.contacts.length) }),
          el('dt', { text: 'Merged from' }),
          el('dd', { text: v.mergedFrom.join(', ') || 'none' }),
        ]),
      ]),
    );

    if (v.possibleMatches.length) {
      root.append(
        el('section', { class: 'panel', 'aria-labelledby': 'pm' }, [
          el('h2', { id: 'pm', text: 'Possible matches to check' }),
          el(
            'ul',
            { class: 'stack' },
            v.possibleMatches.map(function (p) {
              return el('li', { 'data-contact-id': p.contactId }, [
                el('p', {
                  text:
                    person(p.child) +
                    ' — contact of ' +
                    Desk.when(p.receivedAt) +
                    ' from ' +
                    p.sentBy +
                    ' (' +
                    p.reason +
                    ')',
                }),
                el('label', { for: 'pm-reason-' + p.contactId, text: 'Why (optional)' }),
                el('input', { id: 'pm-reason-' + p.contactId, size: 50 }),
                el('div', { class: 'row' }, [
                  el('button', {
                    type: 'button',
                    class: 'confirm-match',
                    text: 'Same child: merge',
                    onclick: function () {
                      review(v.childId, p.contactId, 'confirm');
                    },
                  }),
                  el('button', {
                    type: 'button',
                    class: 'secondary reject-match',
                    text: 'Not the same child',
                    onclick: function () {
                      review(v.childId, p.contactId, 'reject');
                    },
                  }),
                ]),
              ]);
            }),
          ),
        ]),
      );
    }

    root.append(el('h2', { text: 'Contacts and decisions, oldest first' }));
    v.contacts.forEach(function (c) {
      var sentBy =
        c.sentBy.partner +
        (c.sentBy.organisation ? ' (' + c.sentBy.organisation + ')' : '') +
        (c.sentBy.referrer ? ', ' + c.sentBy.referrer.name + ', ' + c.sentBy.referrer.role : '');
      root.append(
        el('article', { class: 'panel contact', 'aria-label': 'Contact of ' + Desk.when(c.receivedAt) }, [
          el('h3', {
            text:
              Desk.when(c.receivedAt) +
              ' — ' +
              c.agency +
              ' — ' +
              c.status +
              (c.imported ? ' (history import)' : ''),
          }),
          el('dl', { class: 'facts' }, [
            el('dt', { text: 'Sent by' }),
            el('dd', { text: sentBy }),
            el('dt', { text: 'About' }),
            el('dd', { text: person(c.child) }),
            el('dt', { text: 'Indicators' }),
            el('dd', { text: (c.concerns.indicators || []).join(', ') || 'none' }),
            el('dt', { text: 'Summary' }),
            el('dd', { text: c.concerns.summary || '' }),
            el('dt', { text: 'Flags' }),
            el('dd', {
              text:
                (c.concerns.immediateRisk ? 'immediate risk; ' : '') +
                (c.concerns.allegedPerpetratorHasAccess ? 'alleged perpetrator has access; ' : '') +
                'consent ' +
                c.consent,
            }),
            el('dt', { text: 'Desk' }),
            el(
              'dd',
              {},
              c.deskItem
                ? [
                    document.createTextNode(
                      c.deskItem.state +
                        ', level ' +
                        c.deskItem.needLevel +
                        ', ' +
                        c.deskItem.route +
                        ', due ' +
                        Desk.when(c.deskItem.dueAt) +
                        (c.deskItem.overdue ? ' OVERDUE' : '') +
                        (c.deskItem.claimedBy ? ', held by ' + c.deskItem.claimedBy : '') +
                        ' ',
                    ),
                    el('a', { href: 'index.html#' + c.id, text: 'open in queue' }),
                  ]
                : ['—'],
            ),
          ]),
          el('h4', { text: 'Decisions' }),
          el(
            'ol',
            {},
            c.decisions.map(function (d) {
              return el('li', {}, [
                el('p', {
                  text:
                    (d.current ? 'Current: ' : 'Earlier: ') +
                    'level ' +
                    d.needLevel +
                    ', ' +
                    d.route +
                    ', team ' +
                    (d.team || '—') +
                    ', ' +
                    d.priority +
                    ', due ' +
                    Desk.when(d.dueAt) +
                    ' (triaged ' +
                    Desk.when(d.triagedAt) +
                    ', criteria ' +
                    d.criteriaVersion +
                    ', history ' +
                    d.history +
                    ')',
                }),
                el(
                  'ul',
                  {},
                  d.reasons.map(function (r) {
                    return el('li', { text: r.text });
                  }),
                ),
                el('details', {}, [
                  el('summary', { text: 'Picture used, and linked contacts' }),
                  el('pre', {
                    text: JSON.stringify(
                      {
                        picture: d.picture,
                        linkedContactIds: d.linkedContactIds,
                        triggeredBy: d.triggeredBy,
                      },
                      null,
                      2,
                    ),
                  }),
                ]),
              ]);
            }),
          ),
          c.dutyDecisions.length ? el('h4', { text: 'Duty decisions' }) : null,
          c.dutyDecisions.length
            ? el(
                'ul',
                {},
                c.dutyDecisions.map(function (d) {
                  return el('li', { text: Desk.dutyDecisionText(d) });
                }),
              )
            : null,
          c.notes.length ? el('h4', { text: 'Notes' }) : null,
          c.notes.length
            ? el(
                'ul',
                {},
                c.notes.map(function (n) {
                  return el('li', { text: Desk.when(n.at) + ' ' + n.author + ': ' + n.text });
                }),
              )
            : null,
        ]),
      );
    });
  }

  document.getElementById('find').addEventListener('submit', function (e) {
    e.preventDefault();
    load(document.getElementById('child-id').value.trim());
  });
  var id = new URLSearchParams(location.search).get('id');
  if (id) load(id);
})();
