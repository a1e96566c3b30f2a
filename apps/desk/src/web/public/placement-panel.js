/* The placement panel on the placement page (placement-gatekeeping.md, "The placement panel"): the panel's list
 * for its chairs, a request with its checks, evidence, actions and a timeline of what happened to it, and the
 * forms for the panel's decision, new evidence and what finally happened. No inline script. */
'use strict';
(function () {
  var D = window.Desk;
  if (!D || !document.getElementById('request-view')) return;
  var el = D.el;
  var who = D.user() || {};
  var CHAIRS = ['manager', 'head_of_service'];
  var UPDATERS = ['social_worker', 'manager', 'head_of_service'];
  var isChair = CHAIRS.indexOf(who.role) >= 0;

  var TYPE_TEXT = {
    in_house_foster: 'In-house foster care',
    ifa_foster: 'Independent fostering agency',
    residential: 'Residential',
    kinship: 'Kinship',
    parent_and_child: 'Parent and child',
    secure: 'Secure',
  };
  var ACTION_TEXT = {
    convene_fgc: 'Convene a family group conference',
    kinship_assessment: 'Kinship assessment',
    family_support: 'Family support',
    in_house_search: 'In-house foster carer search',
    other: 'Other',
  };
  /** What a passed check means, in words (the API's text says what a failed one lacks). */
  var PASSED_TEXT = {
    fgc_missing:
      'A family group conference was held (or declined by the family) in the 183 days before the request.',
    kinship_not_explored:
      'Kinship care was explored: no viable family or friends carer in the 365 days before the request, or one found for a kinship placement.',
    family_support_not_tried:
      'Family support was tried (or declined), or the child needed immediate protection.',
    in_house_search_missing:
      "The council's own foster carers were searched in the 30 days before the request.",
  };
  var STATUS_TEXT = {
    held: 'Held for panel',
    under_review: 'Awaiting retrospective review',
    cleared: 'Cleared',
    linked: 'Linked to an open request',
    approved: 'Approved by the panel',
    declined: 'Declined by the panel',
  };

  function $(id) {
    return document.getElementById(id);
  }
  function words(code) {
    return String(code).replace(/_/g, ' ');
  }
  function val(id) {
    var v = $(id).value.trim();
    return v === '' ? undefined : v;
  }
  function tag(outcome) {
    var cls =
      outcome === 'CLEARED'
        ? 'govuk-tag'
        : outcome === 'HELD_FOR_PANEL'
          ? 'govuk-tag govuk-tag--red'
          : 'govuk-tag govuk-tag--orange';
    return el('strong', { class: cls, id: 'request-outcome', 'data-outcome': outcome, text: words(outcome) });
  }

  // ------------------------------------------------------------------ the panel's list

  function loadPanel() {
    if (!isChair) return Promise.resolve();
    $('panel-section').hidden = false;
    return D.api('GET', '/v1/placement-panel').then(function (r) {
      var body = $('panel-list').querySelector('tbody');
      body.replaceChildren.apply(
        body,
        r.items.map(function (i) {
          return el('tr', { class: 'govuk-table__row', 'data-request-id': i.id }, [
            el('td', { class: 'govuk-table__cell', text: D.when(i.receivedAt) }),
            el('td', {
              class: 'govuk-table__cell waiting',
              text: i.waitingDays ? i.waitingDays + ' days' : i.waitingHours + ' h',
            }),
            el('td', { class: 'govuk-table__cell', text: TYPE_TEXT[i.placementType] || i.placementType }),
            el('td', { class: 'govuk-table__cell' }, [
              tag(i.outcome),
              i.returnedAt ? el('span', { class: 'hint', text: ' back from deferral' }) : null,
              i.reviewDueAt
                ? el('div', { class: 'hint', text: 'review due ' + D.when(i.reviewDueAt) })
                : null,
            ]),
            el('td', { class: 'govuk-table__cell' }, [
              el(
                'ul',
                { class: 'govuk-list lacks' },
                i.lacks.map(function (l) {
                  return el('li', { 'data-code': l.code, text: l.text });
                }),
              ),
            ]),
            el('td', {
              class: 'govuk-table__cell',
              text:
                i.openDecisions.length +
                ' open decision(s), ' +
                i.earlierRequests.length +
                ' earlier request(s)',
            }),
            el('td', { class: 'govuk-table__cell' }, [
              el('a', {
                class: 'govuk-link open-request',
                href: 'placement.html?request=' + i.id,
                text: 'Open',
              }),
            ]),
          ]);
        }),
      );
      $('panel-empty').hidden = r.items.length > 0;
      $('panel-section').setAttribute('data-loaded', 'true');
    });
  }

  // ------------------------------------------------------------------ one request

  var current = null;

  function showErrors(err) {
    var box = $('request-errors');
    box.replaceChildren();
    if (!err) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    box.append(el('h3', { class: 'govuk-error-summary__title', text: 'There is a problem' }));
    if (err.errors && err.errors.length) {
      box.append(
        el(
          'ul',
          { class: 'govuk-list govuk-error-summary__list' },
          err.errors.map(function (e) {
            return el('li', { text: (e.path || 'request') + ': ' + e.message });
          }),
        ),
      );
    } else box.append(el('p', { text: err.message || String(err) }));
  }

  function summaryRow(list, term, text) {
    list.append(el('dt', { text: term }), el('dd', { text: text }));
  }

  function evidenceText(item, key) {
    if (!item) return 'Not recorded';
    var parts = [words(item.status)];
    if (item.date) parts.push(item.date);
    if (key === 'familySupport') {
      if (item.service) parts.push(item.service);
      if (item.from) parts.push('from ' + item.from + (item.to ? ' to ' + item.to : ' (still going on)'));
    }
    return parts.join(', ');
  }

  function render(t) {
    var r = t.request;
    current = r;
    $('request-view').hidden = false;
    $('request-view').setAttribute('data-request-id', r.id);
    $('request-title').textContent = 'Placement request ' + r.id.slice(0, 8);
    var status = $('request-status');
    status.replaceChildren(
      tag(r.gatekeeping.outcome),
      el('span', {
        id: 'request-state',
        'data-status': r.status,
        text: ' ' + (STATUS_TEXT[r.status] || r.status),
      }),
      r.finalOutcome
        ? el('span', {
            id: 'request-final',
            'data-final': r.finalOutcome.outcome,
            text: ' — ' + words(r.finalOutcome.outcome),
          })
        : null,
    );

    var summary = $('request-summary');
    summary.replaceChildren();
    summaryRow(summary, 'Received', D.when(r.receivedAt));
    summaryRow(summary, 'Type', TYPE_TEXT[r.placementType] || r.placementType);
    summaryRow(summary, 'Legal basis', words(r.legalBasis) + (r.emergency ? ' (emergency)' : ''));
    summaryRow(summary, 'Requested by', r.submittedBy);
    summaryRow(summary, 'Child', r.childId);
    if (r.reason) summaryRow(summary, 'Reason', r.reason);
    if (r.gatekeeping.reviewDueAt) summaryRow(summary, 'Review due', D.when(r.gatekeeping.reviewDueAt));

    $('checks').replaceChildren.apply(
      $('checks'),
      t.checks.map(function (c) {
        return el(
          'li',
          {
            'data-code': c.code,
            'data-passed': String(c.passed),
            class: c.passed ? 'check-passed' : 'check-failed',
          },
          [
            el('strong', { text: c.passed ? (c.applies ? 'Passed: ' : 'Does not apply: ') : 'Missing: ' }),
            document.createTextNode(
              !c.applies
                ? words(c.code) + ' (not checked for this type of placement)'
                : c.passed
                  ? PASSED_TEXT[c.code]
                  : c.text,
            ),
          ],
        );
      }),
    );

    var ev = $('evidence-summary');
    ev.replaceChildren();
    var e = r.evidence || {};
    summaryRow(ev, 'Family group conference', evidenceText(e.familyGroupConference));
    summaryRow(ev, 'Kinship assessment', evidenceText(e.kinshipAssessment));
    summaryRow(ev, 'Family support', evidenceText(e.familySupport, 'familySupport'));
    summaryRow(ev, 'In-house search', evidenceText(e.inHouseFosterSearch));

    var actions = [];
    r.panelDecisions.forEach(function (d) {
      d.actions.forEach(function (a) {
        actions.push(a);
      });
    });
    $('actions').replaceChildren.apply(
      $('actions'),
      actions.length
        ? actions.map(function (a) {
            var canDo = !a.doneAt && (isChair || a.owner === who.username || r.submittedBy === who.username);
            return el('li', { 'data-action-id': a.id, 'data-done': String(Boolean(a.doneAt)) }, [
              document.createTextNode(
                (ACTION_TEXT[a.action] || a.action) +
                  ' — ' +
                  a.owner +
                  ', due by ' +
                  a.dueBy +
                  (a.doneAt
                    ? ' — done by ' + a.doneBy + ' ' + D.when(a.doneAt)
                    : a.overdue
                      ? ' — OVERDUE'
                      : '') +
                  ' ',
              ),
              canDo
                ? el('button', {
                    type: 'button',
                    class: 'secondary govuk-button govuk-button--secondary action-done',
                    'data-action-id': a.id,
                    text: 'Mark done',
                    onclick: function () {
                      act('POST', '/v1/placement-requests/' + r.id + '/panel-actions/' + a.id + '/done', {});
                    },
                  })
                : null,
            ]);
          })
        : [el('li', { class: 'hint', text: 'No actions.' })],
    );

    $('timeline').replaceChildren.apply(
      $('timeline'),
      t.timeline.map(function (entry) {
        return el('li', { 'data-kind': entry.kind }, [
          el('div', {
            class: 'app-timeline__when',
            text: D.when(entry.at) + (entry.by ? ' · ' + entry.by : ''),
          }),
          el('div', { class: 'app-timeline__text', text: entry.text }),
        ]);
      }),
    );

    var open = !r.finalOutcome;
    var awaitingPanel = open && (r.status === 'held' || r.status === 'under_review');
    var updater = UPDATERS.indexOf(who.role) >= 0;
    $('decision-form').hidden = !(isChair && awaitingPanel);
    $('evidence-form').hidden = !(
      updater &&
      open &&
      (r.status === 'held' || r.status === 'under_review' || r.status === 'linked')
    );
    $('outcome-form').hidden = !(updater && open);
    $('request-view').setAttribute('data-loaded', 'true');
  }

  function loadRequest(id) {
    $('request-view').setAttribute('data-loaded', 'false');
    return D.api('GET', '/v1/placement-requests/' + id + '/timeline').then(render, showErrors);
  }

  /** A change to the request: errors shown by field; on success the request and the panel's list reload. */
  function act(method, path, body, button) {
    showErrors(null);
    if (button) button.disabled = true;
    return D.api(method, path, body)
      .then(function () {
        return Promise.all([loadRequest(current.id), loadPanel()]);
      })
      .catch(showErrors)
      .then(function () {
        if (button) button.disabled = false;
      });
  }

  // ------------------------------------------------------------------ the forms

  function addActionRow() {
    var n = $('decision-actions').children.length;
    var row = el('div', { class: 'action-row', 'data-index': String(n) }, [
      el('div', {}, [
        el('label', { class: 'govuk-label', for: 'action-type-' + n, text: 'Action' }),
        el(
          'select',
          { class: 'govuk-select action-type', id: 'action-type-' + n },
          Object.keys(ACTION_TEXT).map(function (k) {
            return el('option', { value: k, text: ACTION_TEXT[k] });
          }),
        ),
      ]),
      el('div', {}, [
        el('label', { class: 'govuk-label', for: 'action-owner-' + n, text: 'Owner (username or name)' }),
        el('input', { class: 'govuk-input action-owner', id: 'action-owner-' + n }),
      ]),
      el('div', {}, [
        el('label', { class: 'govuk-label', for: 'action-due-' + n, text: 'Due by' }),
        el('input', { class: 'govuk-input action-due', type: 'date', id: 'action-due-' + n }),
      ]),
    ]);
    $('decision-actions').append(row);
  }

  $('add-action').addEventListener('click', addActionRow);
  $('decision-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var actions = [];
    Array.prototype.forEach.call($('decision-actions').children, function (row) {
      var owner = row.querySelector('.action-owner').value.trim();
      var due = row.querySelector('.action-due').value;
      if (!owner && !due) return;
      actions.push({ action: row.querySelector('.action-type').value, owner: owner, dueBy: due });
    });
    var body = { decision: $('decision').value, reason: $('decision-reason').value };
    if (actions.length) body.actions = actions;
    act('POST', '/v1/placement-requests/' + current.id + '/panel-decisions', body, $('decision-submit')).then(
      function () {
        if ($('request-errors').hidden) {
          $('decision-reason').value = '';
          $('decision-actions').replaceChildren();
          addActionRow();
        }
      },
    );
  });

  function item(status, fields) {
    if (!status) return undefined;
    var o = { status: status };
    Object.keys(fields).forEach(function (k) {
      if (fields[k] !== undefined) o[k] = fields[k];
    });
    return o;
  }

  $('evidence-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var body = {};
    var fgc = item(val('evFgcStatus'), { date: val('evFgcDate') });
    var kin = item(val('evKinStatus'), { date: val('evKinDate') });
    var fs = item(val('evFsStatus'), {
      service: val('evFsService'),
      from: val('evFsFrom'),
      to: val('evFsTo'),
      date: val('evFsDate'),
    });
    var search = item(val('evSearchStatus'), { date: val('evSearchDate') });
    if (fgc) body.familyGroupConference = fgc;
    if (kin) body.kinshipAssessment = kin;
    if (fs) body.familySupport = fs;
    if (search) body.inHouseFosterSearch = search;
    act('PATCH', '/v1/placement-requests/' + current.id + '/evidence', body, $('evidence-submit'));
  });

  function showOutcomeFields() {
    var o = $('final-outcome').value;
    $('placed-fields').hidden = o !== 'placed';
    $('diverted-fields').hidden = o !== 'diverted';
    $('withdrawn-fields').hidden = o !== 'withdrawn';
  }
  $('final-outcome').addEventListener('change', showOutcomeFields);
  $('outcome-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var o = $('final-outcome').value;
    var body = { outcome: o };
    if (o === 'placed') {
      var cost = val('placed-cost');
      body.placementType = $('placed-type').value;
      body.provider = $('placed-provider').value;
      body.outOfCounty = $('placed-ooc').checked;
      body.startDate = val('placed-start');
      // A number when it reads as one; otherwise sent as typed, so the answer names the field.
      body.weeklyCost = cost !== undefined && !isNaN(Number(cost)) ? Number(cost) : cost;
    } else if (o === 'diverted') body.how = $('diverted-how').value;
    else body.reason = val('withdrawn-reason');
    act('POST', '/v1/placement-requests/' + current.id + '/outcome', body, $('outcome-submit'));
  });

  addActionRow();
  showOutcomeFields();
  loadPanel().catch(function () {});
  var requested = new URLSearchParams(location.search).get('request');
  if (requested)
    loadRequest(requested).then(function () {
      $('request-view').focus();
    });
})();
