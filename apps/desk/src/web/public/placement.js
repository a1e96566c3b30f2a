/* The placement request form and its gatekeeping result (placement-gatekeeping.md). */
'use strict';
(function () {
  var D = window.Desk;
  if (!D || !D.page('placement.html')) return;
  var el = D.el;

  var CHECK_TEXT = {
    fgc_missing:
      'No family group conference was held (or declined by the family) in the 183 days before the request.',
    kinship_not_explored:
      'Kinship care was not explored: no assessment finding no viable family or friends carer in the 365 days before the request.',
    family_support_not_tried:
      'Family support was not tried: none provided (or declined by the family) in the 365 days before the request.',
    in_house_search_missing:
      "The council's own foster carers were not searched: no in-house search finding no match in the 30 days before the request.",
  };
  var OUTCOME_TEXT = {
    CLEARED: 'Cleared: every family-based alternative has been exhausted.',
    HELD_FOR_PANEL: 'Held for panel: family-based alternatives have not been exhausted.',
    RETROSPECTIVE_REVIEW:
      'Emergency: the placement may go ahead; a retrospective review is due within 3 working days.',
  };
  var TYPE_TEXT = {
    in_house_foster: 'In-house foster care',
    ifa_foster: 'Independent fostering agency',
    residential: 'Residential',
    kinship: 'Kinship',
    parent_and_child: 'Parent and child',
    secure: 'Secure',
  };

  function val(id) {
    var v = document.getElementById(id).value.trim();
    return v === '' ? undefined : v;
  }
  function item(status, fields) {
    if (!status) return undefined;
    var o = { status: status };
    Object.keys(fields).forEach(function (k) {
      if (fields[k] !== undefined) o[k] = fields[k];
    });
    return o;
  }

  function body() {
    var evidence = {};
    var fgc = item(val('fgcStatus'), { date: val('fgcDate') });
    var kin = item(val('kinStatus'), { date: val('kinDate') });
    var fs = item(val('fsStatus'), {
      service: val('fsService'),
      from: val('fsFrom'),
      to: val('fsTo'),
      date: val('fsDate'),
    });
    var search = item(val('searchStatus'), { date: val('searchDate') });
    if (fgc) evidence.familyGroupConference = fgc;
    if (kin) evidence.kinshipAssessment = kin;
    if (fs) evidence.familySupport = fs;
    if (search) evidence.inHouseFosterSearch = search;
    var b = {
      child: { id: val('childId') },
      placementType: val('placementType'),
      legalBasis: val('legalBasis'),
      emergency: document.getElementById('emergency').checked,
      evidence: evidence,
    };
    if (val('rbName') || val('rbTeam')) {
      b.requestedBy = { name: val('rbName'), role: val('rbRole') };
      if (val('rbTeam')) b.requestedBy.team = val('rbTeam');
    }
    if (val('reason')) b.reason = val('reason');
    return b;
  }

  function showResult(r) {
    var box = document.getElementById('result');
    box.hidden = false;
    box.replaceChildren();
    var g = r.gatekeeping;
    box.append(
      el('h2', { text: 'Gatekeeping result' }),
      el('p', { class: 'outcome ' + g.outcome, id: 'outcome', 'data-outcome': g.outcome }, [
        document.createTextNode(g.outcome.replace(/_/g, ' ') + ' — ' + OUTCOME_TEXT[g.outcome]),
      ]),
    );
    if (g.failedChecks.length) {
      box.append(
        el('h3', { text: 'What is missing' }),
        el(
          'ul',
          { class: 'failed', id: 'failed-checks' },
          g.failedChecks.map(function (c) {
            return el('li', { 'data-code': c, text: CHECK_TEXT[c] || c });
          }),
        ),
      );
    } else {
      box.append(el('p', { text: 'Every check passed.' }));
    }
    if (g.reviewDueAt)
      box.append(el('p', { text: 'Retrospective review due by ' + D.when(g.reviewDueAt) + '.' }));
    if (r.linkedTo)
      box.append(
        el('p', {
          text:
            'A request for this child and placement type is already held for panel (' +
            r.linkedTo +
            '): this one is linked to it and raises no second alert.',
        }),
      );
    if (r.alerts.length) {
      box.append(
        el('p', {}, [
          document.createTextNode(
            'Alert raised: ' +
              r.alerts
                .map(function (a) {
                  return a.kind.replace(/_/g, ' ').toLowerCase();
                })
                .join(', ') +
              '. ',
          ),
          el('a', { href: 'alerts.html', text: 'See the alert feed' }),
        ]),
      );
    } else if (g.outcome === 'CLEARED') {
      box.append(el('p', { class: 'muted', text: 'No alert: nothing is missing.' }));
    }
    box.append(
      el('p', { class: 'muted', text: 'Request ' + r.id + ', received ' + D.when(r.receivedAt) + '.' }),
    );
    box.focus && box.setAttribute('tabindex', '-1');
    box.focus();
  }

  function showErrors(err) {
    var box = document.getElementById('form-errors');
    box.replaceChildren();
    if (err.errors && err.errors.length) {
      box.append(
        el('p', { text: 'The request was not recorded. Please correct:' }),
        el(
          'ul',
          {},
          err.errors.map(function (e) {
            return el('li', { text: (e.path || 'request') + ': ' + e.message });
          }),
        ),
      );
    } else {
      box.textContent = err.message || String(err);
    }
  }

  function loadRecent() {
    D.api('GET', '/v1/placement-requests?limit=20')
      .then(function (list) {
        var tbody = document.getElementById('recent');
        tbody.replaceChildren.apply(
          tbody,
          list.items.map(function (r) {
            return el('tr', {}, [
              el('td', { text: D.when(r.receivedAt) }),
              el('td', { text: r.id.slice(0, 8) }),
              el('td', { text: TYPE_TEXT[r.placementType] || r.placementType }),
              el('td', { text: r.gatekeeping.outcome.replace(/_/g, ' ') + (r.linkedTo ? ' (linked)' : '') }),
              el('td', { text: r.gatekeeping.failedChecks.join(', ') || '—' }),
              el('td', {
                text:
                  r.alerts
                    .map(function (a) {
                      return a.acknowledgedAt ? 'acknowledged' : a.resolvedAt ? 'resolved' : 'open';
                    })
                    .join(', ') || '—',
              }),
              el('td', {}, [
                el('a', {
                  class: 'open-request govuk-link',
                  href: 'placement.html?request=' + r.id,
                  'data-request-id': r.id,
                  text: 'Open',
                }),
              ]),
            ]);
          }),
        );
      })
      .catch(function () {});
  }

  var params = new URLSearchParams(location.search);
  if (params.get('childId')) document.getElementById('childId').value = params.get('childId');

  document.getElementById('placement-form').addEventListener('submit', function (e) {
    e.preventDefault();
    document.getElementById('form-errors').replaceChildren();
    var button = document.getElementById('submit');
    button.disabled = true;
    D.api('POST', '/v1/placement-requests', body())
      .then(function (r) {
        showResult(r);
        loadRecent();
      })
      .catch(showErrors)
      .then(function () {
        button.disabled = false;
      });
  });
  loadRecent();
})();
