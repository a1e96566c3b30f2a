/* Placement sufficiency on the dashboard (placement-gatekeeping.md, "Sufficiency"): a table of every figure of
 * GET /v1/insights/placements for the dashboard's range, and its CSV. No inline script (CSP script-src 'self'). */
(function () {
  'use strict';

  var TOKEN_KEY = 'fd.token';
  var TYPE = {
    in_house_foster: 'In-house foster care',
    ifa_foster: 'Independent fostering agency',
    residential: 'Residential',
    kinship: 'Kinship',
    parent_and_child: 'Parent and child',
    secure: 'Secure',
  };
  var BASIS = {
    s20: 'Section 20',
    police_protection: 'Police protection',
    epo: 'Emergency protection order',
    ico: 'Interim care order',
    care_order: 'Care order',
    remand: 'Remand',
  };
  var DECISION = {
    approved: 'Approved',
    approved_with_conditions: 'Approved with conditions',
    declined: 'Declined',
    deferred: 'Deferred',
  };
  var HOW = {
    family_group_conference_plan: 'Family group conference plan',
    kinship_arrangement: 'Kinship arrangement',
    special_guardianship: 'Special guardianship',
    family_support: 'Family support',
    returned_home: 'Returned home',
  };
  var PROVIDER = {
    in_house: 'In-house',
    independent: 'Independent',
    council_residential: 'Council residential',
    unregistered: 'Unregistered',
  };

  function $(id) {
    return document.getElementById(id);
  }
  function range() {
    return (
      'from=' + encodeURIComponent($('dash-from').value) + '&to=' + encodeURIComponent($('dash-to').value)
    );
  }
  function get(path) {
    return fetch(path, { headers: { authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) } });
  }
  function pct(x) {
    return x === null || x === undefined ? '–' : Math.round(x * 1000) / 10 + '%';
  }
  function money(x) {
    return x === null || x === undefined
      ? '–'
      : '£' + Number(x).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  /** Rows of [figure, count, share, key]: the key names the figure for tests and the CSV. */
  function rows(s) {
    var out = [];
    function heading(text) {
      out.push({ heading: text });
    }
    function row(key, label, count, share) {
      out.push({ key: key, label: label, count: count, share: share });
    }
    heading('Requests');
    row('requests.total', 'Requests received', s.requests.total);
    Object.keys(s.requests.byType).forEach(function (k) {
      row('requests.byType.' + k, TYPE[k] || k, s.requests.byType[k]);
    });
    Object.keys(s.requests.byLegalBasis).forEach(function (k) {
      row('requests.byLegalBasis.' + k, BASIS[k] || k, s.requests.byLegalBasis[k]);
    });
    heading('Gatekeeping on arrival');
    row('gatekeeping.held', 'Held for panel', s.gatekeeping.held.count, pct(s.gatekeeping.held.share));
    row('gatekeeping.cleared', 'Cleared', s.gatekeeping.cleared.count, pct(s.gatekeeping.cleared.share));
    row(
      'gatekeeping.emergency',
      'Emergency',
      s.gatekeeping.emergency.count,
      pct(s.gatekeeping.emergency.share),
    );
    row('gatekeeping.repeats', 'Repeats linked to an open request', s.gatekeeping.repeats);
    row(
      'gatekeeping.clearedLaterByEvidence',
      'Cleared later by new evidence',
      s.gatekeeping.clearedLaterByEvidence,
    );
    heading('Placement panel');
    Object.keys(s.panel.decisions).forEach(function (k) {
      row('panel.decisions.' + k, DECISION[k] || k, s.panel.decisions[k]);
    });
    row('panel.requestsDecided', 'Requests decided', s.panel.requestsDecided);
    var d = s.panel.daysToDecision;
    row(
      'panel.daysToDecision',
      'Days from request to decision (median, mean, longest)',
      d.median === null ? '–' : d.median + ', ' + d.mean + ', ' + d.max,
    );
    heading('What happened');
    row('outcomes.placed', 'Placed', s.outcomes.placed);
    row('outcomes.diverted', 'Diverted to a family-based alternative', s.outcomes.diverted);
    Object.keys(s.outcomes.divertedHow).forEach(function (k) {
      row('outcomes.divertedHow.' + k, '… ' + (HOW[k] || k), s.outcomes.divertedHow[k]);
    });
    row('outcomes.withdrawn', 'Withdrawn', s.outcomes.withdrawn);
    row('outcomes.open', 'No outcome yet', s.outcomes.open);
    row(
      'outcomes.diversionRate',
      'Diversion rate (of requests that ended)',
      '',
      pct(s.outcomes.diversionRate),
    );
    heading('Placements');
    row('placements.count', 'Placements made', s.placements.count);
    Object.keys(s.placements.byProvider).forEach(function (k) {
      var p = s.placements.byProvider[k];
      row('placements.byProvider.' + k, PROVIDER[k] || k, p.count, pct(p.share));
    });
    row(
      'placements.outOfCounty',
      'Out of county',
      s.placements.outOfCounty.count,
      pct(s.placements.outOfCounty.share),
    );
    row('placements.weeklyCostCommitted', 'Weekly cost committed', money(s.placements.weeklyCostCommitted));
    row('placements.meanWeeklyCost', 'Mean weekly cost', money(s.placements.meanWeeklyCost));
    row('placements.highestWeeklyCost', 'Highest weekly cost', money(s.placements.highestWeeklyCost));
    return out;
  }

  function cell(tag, text, cls) {
    var c = document.createElement(tag);
    c.className = cls;
    c.textContent = text === undefined || text === null ? '' : String(text);
    return c;
  }

  function render(s) {
    var body = $('sufficiency-table').querySelector('tbody');
    body.replaceChildren();
    rows(s).forEach(function (r) {
      var tr = document.createElement('tr');
      tr.className = 'govuk-table__row';
      if (r.heading) {
        var th = cell('th', r.heading, 'govuk-table__header');
        th.colSpan = 3;
        th.scope = 'colgroup';
        tr.append(th);
      } else {
        tr.setAttribute('data-figure', r.key);
        var label = cell('th', r.label, 'govuk-table__header');
        label.scope = 'row';
        tr.append(
          label,
          cell('td', r.count, 'govuk-table__cell govuk-table__cell--numeric count'),
          cell('td', r.share, 'govuk-table__cell govuk-table__cell--numeric share'),
        );
      }
      body.append(tr);
    });
    $('sufficiency').setAttribute('data-loaded', 'true');
  }

  function showError(message) {
    $('sufficiency-error').textContent = message;
    $('sufficiency-error').hidden = !message;
  }

  function load() {
    if (!$('dash-from').value || !$('dash-to').value) return;
    showError('');
    $('sufficiency').setAttribute('data-loaded', 'false');
    get('/v1/insights/placements?' + range())
      .then(function (res) {
        if (!res.ok) throw new Error('Placement sufficiency: the server answered ' + res.status);
        return res.json();
      })
      .then(render)
      .catch(function (e) {
        showError(e.message);
      });
  }

  function exportCsv() {
    get('/v1/insights/placements.csv?' + range())
      .then(function (res) {
        if (!res.ok) throw new Error('Placement sufficiency CSV: the server answered ' + res.status);
        return res.blob();
      })
      .then(function (blob) {
        var a = document.createElement('a');
        a.href = URL.createObjectURL(blob);
        a.download = 'placement-sufficiency-' + $('dash-from').value + '-' + $('dash-to').value + '.csv';
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(function () {
          URL.revokeObjectURL(a.href);
        }, 1000);
      })
      .catch(function (e) {
        showError(e.message);
      });
  }

  function setup() {
    $('dash-filters').addEventListener('submit', function () {
      load();
    });
    $('sufficiency-export').addEventListener('click', exportCsv);
    load();
  }

  // After dashboard.js (also deferred, listed first) has set the range.
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();
