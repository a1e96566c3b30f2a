/* Demand dashboard (managers and above). Plain JavaScript, no build step; charts by chart.js (from npm,
 * served at /vendor/chart.umd.js). Everything shown comes from /v1/insights/* with the signed-in manager's
 * token; "Export CSV" writes exactly the numbers on screen. */
(function () {
  'use strict';

  var SERIES = [
    ['total', 'All contacts'],
    ['source_group:police', 'Police'],
    ['source_group:schools', 'Schools and education'],
    ['source_group:health', 'Health'],
    ['source_group:council_other', 'Council and other services'],
    ['source_group:individuals', 'Individuals'],
    ['locality:CITY', 'City'],
    ['locality:NORTH', 'North'],
    ['locality:WEST', 'West'],
    ['locality:SOUTH', 'South'],
    ['locality:OUT_OF_AREA', 'Out of area'],
    ['locality:UNKNOWN', 'Locality unknown'],
  ];
  var LABEL = {};
  SERIES.forEach(function (s) {
    LABEL[s[0]] = s[1];
  });
  var COLOURS = [
    '#1d70b8',
    '#d4351c',
    '#00703c',
    '#f47738',
    '#4c2c92',
    '#6f72af',
    '#b58840',
    '#912b88',
    '#28a197',
    '#505a5f',
  ];
  // The staff token, where the login page (app.js) keeps it.
  var TOKEN_KEY = 'fd.token';

  /** What is on screen, for the CSV export and for tests. */
  var state = {
    from: null,
    to: null,
    focus: 'total',
    breakdown: 'source_group',
    daily: {},
    spikes: [],
    summary: null,
    explained: null,
    explanation: null,
  };
  window.dashboardState = state;
  var charts = {};

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  function api(path) {
    var t = token();
    if (!t) {
      window.location.href = '/login.html?next=' + encodeURIComponent('/dashboard.html');
      return Promise.reject(new Error('Please sign in.'));
    }
    return fetch(path, { headers: { authorization: 'Bearer ' + t } }).then(function (res) {
      if (res.status === 401) {
        window.location.href = '/login.html?next=' + encodeURIComponent('/dashboard.html');
        throw new Error('Your session has ended; please sign in again.');
      }
      if (res.status === 403)
        throw new Error('The dashboard is for managers, heads of service and administrators.');
      if (!res.ok) {
        return res.json().then(
          function (p) {
            throw new Error(
              p.title +
                (p.errors
                  ? ': ' +
                    p.errors
                      .map(function (e) {
                        return e.path + ' ' + e.message;
                      })
                      .join('; ')
                  : ''),
            );
          },
          function () {
            throw new Error('The server answered ' + res.status);
          },
        );
      }
      return res.json();
    });
  }

  function isoDay(d) {
    return d.toISOString().slice(0, 10);
  }
  function el(id) {
    return document.getElementById(id);
  }
  function text(id, value) {
    el(id).textContent = value;
  }
  function pct(x) {
    return x === null || x === undefined ? '–' : Math.round(x * 1000) / 10 + '%';
  }
  function age(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    if (seconds < 3600) return Math.round(seconds / 60) + ' min';
    if (seconds < 172800) return Math.round(seconds / 3600) + ' h';
    return Math.round(seconds / 86400) + ' days';
  }
  function showError(message) {
    var box = el('dash-error');
    box.textContent = message;
    box.hidden = !message;
  }

  function setup() {
    var select = el('dash-series');
    SERIES.forEach(function (s) {
      var o = document.createElement('option');
      o.value = s[0];
      o.textContent = s[1];
      select.appendChild(o);
    });
    var params = new URLSearchParams(window.location.search);
    var today = new Date();
    var from = new Date(today.getTime() - 89 * 86400000);
    el('dash-from').value = params.get('from') || isoDay(from);
    el('dash-to').value = params.get('to') || isoDay(today);
    select.value = params.get('series') || 'total';
    el('dash-breakdown').value = params.get('breakdown') || 'source_group';
    el('dash-filters').addEventListener('submit', function (e) {
      e.preventDefault();
      load();
    });
    el('dash-export').addEventListener('click', exportCsv);
    el('spike-contacts-button').addEventListener('click', listContacts);
    load();
  }

  function load() {
    showError('');
    state.from = el('dash-from').value;
    state.to = el('dash-to').value;
    state.focus = el('dash-series').value;
    state.breakdown = el('dash-breakdown').value;
    var range = 'from=' + state.from + '&to=' + state.to;
    var breakdownSeries = SERIES.map(function (s) {
      return s[0];
    }).filter(function (s) {
      return s.indexOf(state.breakdown + ':') === 0;
    });
    var wanted = [state.focus].concat(
      breakdownSeries.filter(function (s) {
        return s !== state.focus;
      }),
    );
    var q = wanted
      .map(function (s) {
        return 'series=' + encodeURIComponent(s);
      })
      .join('&');
    history.replaceState(
      null,
      '',
      '?' + range + '&series=' + encodeURIComponent(state.focus) + '&breakdown=' + state.breakdown,
    );
    document.body.setAttribute('data-loading', 'true');
    loadPartners(range);
    return Promise.all([
      api('/v1/insights/daily?' + range + '&' + q),
      api('/v1/insights/spikes?' + range),
      api('/v1/insights/summary?' + range),
    ])
      .then(function (r) {
        state.daily = r[0].series;
        state.spikes = r[1].spikes;
        state.summary = r[2];
        render(breakdownSeries);
      })
      .catch(function (e) {
        showError(e.message);
      })
      .finally(function () {
        document.body.setAttribute('data-loading', 'false');
      });
  }

  /** Per-partner figures: a table of their own, so a role without them still sees the rest. */
  function loadPartners(range) {
    return api('/v1/insights/partners?' + range)
      .then(function (r) {
        fillTable(
          'partner-table',
          r.partners.map(function (p) {
            return [
              p.organisation || p.name,
              p.agency,
              String(p.contactsSent),
              pct(p.decidedWithinOneWorkingDay.share),
              pct(p.noFurtherAction.share),
              pct(p.referrals.share),
            ];
          }),
          'No contacts from partners in this range.',
        );
      })
      .catch(function (e) {
        fillTable(
          'partner-table',
          [],
          /permission|for managers/i.test(e.message) ? 'Not shown to your role.' : e.message,
        );
      });
  }

  function render(breakdownSeries) {
    renderSeries();
    renderBreakdown(breakdownSeries);
    renderSummary();
    renderSpikes();
    document.body.setAttribute('data-rendered', 'true');
  }

  function replaceChart(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart(el(id), config);
  }

  function renderSeries() {
    var points = state.daily[state.focus] || [];
    var spikeDays = {};
    state.spikes.forEach(function (s) {
      if (s.series === state.focus) spikeDays[s.date] = s;
    });
    text('series-title', (LABEL[state.focus] || state.focus) + ': contacts per day');
    replaceChart('series-chart', {
      type: 'line',
      data: {
        labels: points.map(function (p) {
          return p.date;
        }),
        datasets: [
          {
            label: 'Expected',
            data: points.map(function (p) {
              return p.expected;
            }),
            borderColor: '#6f777b',
            borderDash: [4, 4],
            pointRadius: 0,
            borderWidth: 1,
            fill: false,
            spanGaps: false,
          },
          {
            label: 'Alarm limit (expected band)',
            data: points.map(function (p) {
              return p.upper;
            }),
            borderColor: 'rgba(29,112,184,0.35)',
            backgroundColor: 'rgba(29,112,184,0.15)',
            pointRadius: 0,
            borderWidth: 1,
            fill: '-1',
          },
          {
            label: 'Contacts',
            data: points.map(function (p) {
              return p.count;
            }),
            borderColor: '#0b0c0c',
            pointRadius: points.length > 120 ? 0 : 2,
            borderWidth: 1.5,
            fill: false,
          },
          {
            label: 'Spike',
            type: 'scatter',
            data: points
              .filter(function (p) {
                return spikeDays[p.date];
              })
              .map(function (p) {
                return { x: p.date, y: p.count };
              }),
            pointStyle: 'triangle',
            pointRadius: 8,
            backgroundColor: '#d4351c',
            borderColor: '#d4351c',
          },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: { x: { type: 'category', ticks: { maxTicksLimit: 12 } }, y: { beginAtZero: true } },
      },
    });
  }

  function renderBreakdown(series) {
    text('breakdown-title', state.breakdown === 'locality' ? 'By locality' : 'By source');
    var labels = (state.daily[series[0]] || []).map(function (p) {
      return p.date;
    });
    replaceChart('breakdown-chart', {
      type: 'bar',
      data: {
        labels: labels,
        datasets: series.map(function (s, i) {
          return {
            label: LABEL[s] || s,
            data: (state.daily[s] || []).map(function (p) {
              return p.count;
            }),
            backgroundColor: COLOURS[i % COLOURS.length],
            stack: 'all',
          };
        }),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true, ticks: { maxTicksLimit: 12 } },
          y: { stacked: true, beginAtZero: true },
        },
      },
    });
  }

  function renderSummary() {
    var s = state.summary;
    text('tile-total', String(s.total));
    text('tile-l34', pct(s.conversion.levels3and4Share));
    text('tile-recontacts', s.recontacts.count + ' (' + pct(s.recontacts.share) + ')');
    text('tile-timeliness', pct(s.timeliness.metShare) + ' of ' + (s.timeliness.met + s.timeliness.missed));
    text('tile-queue', s.queue.depth + (s.queue.overdue ? ' (' + s.queue.overdue + ' overdue)' : ''));
    text('tile-oldest', age(s.queue.oldestAgeSeconds));
    var dlqTotal = 0;
    var unknown = false;
    var rows = Object.keys(s.deadLetters).map(function (t) {
      var n = s.deadLetters[t];
      if (n === null) unknown = true;
      else dlqTotal += n;
      return [t, n === null ? 'unknown' : String(n)];
    });
    text('tile-dlq', unknown && !dlqTotal ? 'unknown' : String(dlqTotal));
    el('tile-dlq').parentElement.classList.toggle('warn', dlqTotal > 0);
    el('tile-queue').parentElement.classList.toggle('warn', s.queue.overdue > 0);
    fillTable('dlq-table', rows);
    var levels = ['1', '2', '3', '4'];
    replaceChart('level-chart', {
      type: 'bar',
      data: {
        labels: levels.map(function (l) {
          return 'Level ' + l;
        }),
        datasets: [
          {
            label: 'Triaged contacts',
            data: levels.map(function (l) {
              return s.conversion.byLevel[l] || 0;
            }),
            backgroundColor: ['#85994b', '#1d70b8', '#f47738', '#d4351c'],
          },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    });
    fillTable(
      'route-table',
      Object.keys(s.conversion.byRoute).map(function (r) {
        return [r, String(s.conversion.byRoute[r])];
      }),
    );
  }

  function renderSpikes() {
    fillTable(
      'spike-table',
      state.spikes.map(function (s) {
        return [
          s.date,
          LABEL[s.series] || s.series,
          String(s.count),
          s.expected === null ? '–' : String(s.expected),
          s.upper === null ? '–' : String(s.upper),
        ];
      }),
      'No spikes in this range.',
    );
    // One "Explain" button per flagged day (event listeners, no inline script: the CSP is script-src 'self').
    var rows = el('spike-table').querySelectorAll('tbody tr');
    state.spikes.forEach(function (s, i) {
      var td = document.createElement('td');
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'link-button';
      b.textContent = 'Explain';
      b.setAttribute('aria-label', 'Explain ' + (LABEL[s.series] || s.series) + ' on ' + s.date);
      b.addEventListener('click', function () {
        explain(s.date, s.series);
      });
      td.appendChild(b);
      if (rows[i]) rows[i].appendChild(td);
    });
  }

  /** What drove a flagged day: counts by source, locality and level against the method's expectations. */
  function explain(date, series) {
    var q = encodeURIComponent(date) + '/explanation?series=' + encodeURIComponent(series);
    state.explained = { date: date, series: series };
    el('spike-contacts').hidden = true;
    return api('/v1/insights/spikes/' + q)
      .then(function (x) {
        state.explanation = x;
        var panel = el('spike-explain');
        panel.hidden = false;
        text('spike-explain-title', (LABEL[x.series] || x.series) + ' on ' + x.date + ': what drove it');
        text(
          'spike-explain-summary',
          x.count +
            ' contacts against ' +
            (x.expected === null
              ? 'no expectation yet'
              : x.expected + ' expected (alarm limit ' + x.upper + ')') +
            '; school calendar: ' +
            x.schoolPeriod.replace('_', ' ') +
            '.',
        );
        var rows = function (list, label) {
          return list.map(function (d) {
            return [
              label ? label(d.key) : d.key,
              String(d.count),
              d.expected === null ? '–' : String(d.expected),
              d.excess === null ? '–' : (d.excess > 0 ? '+' : '') + d.excess,
            ];
          });
        };
        fillTable('explain-source', rows(x.bySource), 'None.');
        fillTable(
          'explain-locality',
          rows(x.byLocality, function (k) {
            return LABEL['locality:' + k] || k;
          }),
          'None.',
        );
        fillTable(
          'explain-level',
          rows(x.byLevel, function (k) {
            return 'Level ' + k;
          }),
          'None triaged.',
        );
        panel.scrollIntoView({ block: 'start' });
      })
      .catch(function (e) {
        showError(e.message);
      });
  }

  /** The flagged day's contacts (duty managers and above; the read is audited). */
  function listContacts() {
    var x = state.explained;
    if (!x) return;
    var q = encodeURIComponent(x.date) + '/contacts?series=' + encodeURIComponent(x.series);
    return api('/v1/insights/spikes/' + q)
      .then(function (r) {
        el('spike-contacts').hidden = false;
        fillTable(
          'spike-contacts',
          r.contacts.map(function (c) {
            return [
              c.receivedAt.slice(11, 16),
              c.contactId.slice(0, 8),
              c.agency,
              LABEL['locality:' + c.locality] || c.locality,
              c.needLevel === null ? '–' : String(c.needLevel),
              c.route || '–',
              c.status + (c.imported ? ' (imported)' : ''),
            ];
          }),
          'No contacts.',
        );
      })
      .catch(function (e) {
        showError(e.message);
      });
  }

  function fillTable(id, rows, empty) {
    var body = el(id).querySelector('tbody');
    body.textContent = '';
    if (!rows.length && empty) rows = [[empty]];
    rows.forEach(function (cells) {
      var tr = document.createElement('tr');
      cells.forEach(function (c) {
        var td = document.createElement('td');
        td.textContent = c;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  function csvCell(v) {
    var s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  /** The numbers on screen: the daily series (with the band and spike flags) and the range's breakdowns. */
  function exportCsv() {
    var spikeKeys = {};
    state.spikes.forEach(function (s) {
      spikeKeys[s.date + '|' + s.series] = true;
    });
    var lines = [['date', 'series', 'count', 'expected', 'upper', 'spike'].join(',')];
    Object.keys(state.daily).forEach(function (name) {
      state.daily[name].forEach(function (p) {
        lines.push(
          [p.date, name, p.count, p.expected, p.upper, spikeKeys[p.date + '|' + name] ? 1 : 0]
            .map(csvCell)
            .join(','),
        );
      });
    });
    var s = state.summary;
    if (s) {
      lines.push('');
      lines.push('measure,key,value');
      var add = function (measure, obj) {
        Object.keys(obj).forEach(function (k) {
          lines.push([measure, k, obj[k]].map(csvCell).join(','));
        });
      };
      add('source_group', s.bySourceGroup);
      add('locality', s.byLocality);
      add('level', s.conversion.byLevel);
      add('route', s.conversion.byRoute);
      add('timeliness', { met: s.timeliness.met, missed: s.timeliness.missed });
      add('queue', {
        depth: s.queue.depth,
        overdue: s.queue.overdue,
        oldestAgeSeconds: s.queue.oldestAgeSeconds,
      });
      add('dead_letters', s.deadLetters);
    }
    var blob = new Blob([lines.join('\n') + '\n'], { type: 'text/csv' });
    var a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = 'insights-' + state.from + '-to-' + state.to + '.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();
