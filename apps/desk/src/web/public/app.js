/* Shared by every staff page: the token (sessionStorage), a fetch helper, the navigation and live notices. */
'use strict';
(function () {
  var TOKEN = 'fd.token';
  var USER = 'fd.user';

  function token() {
    return sessionStorage.getItem(TOKEN);
  }
  function user() {
    try {
      return JSON.parse(sessionStorage.getItem(USER) || 'null');
    } catch (e) {
      return null;
    }
  }
  function signIn(accessToken, who) {
    sessionStorage.setItem(TOKEN, accessToken);
    sessionStorage.setItem(USER, JSON.stringify(who));
  }
  function signOut() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(USER);
  }

  /** Calls the staff API; resolves to the parsed body, rejects with { status, message, errors }. */
  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    if (token()) headers.Authorization = 'Bearer ' + token();
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(path, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (res) {
      return res.text().then(function (text) {
        var data = text ? JSON.parse(text) : null;
        if (res.status === 401 && path !== '/v1/auth/login') {
          signOut();
          location.href = 'login.html';
        }
        if (!res.ok) {
          var msg = (data && (data.detail || data.title)) || 'HTTP ' + res.status;
          if (data && data.errors)
            msg +=
              ': ' +
              data.errors
                .map(function (e) {
                  return (e.path ? e.path + ' ' : '') + e.message;
                })
                .join('; ');
          throw { status: res.status, message: msg, errors: data && data.errors };
        }
        return data;
      });
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') node.textContent = attrs[k];
      else if (k === 'class') node.className = attrs[k];
      else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), attrs[k]);
      else if (attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== false)
        node.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) node.append(c);
    });
    return node;
  }

  var PAGES = [
    ['index.html', 'Queue'],
    ['child.html', 'Child'],
    ['placement.html', 'Placement requests'],
    ['alerts.html', 'Alerts'],
    ['dashboard.html', 'Dashboard'],
  ];

  /** Builds the header (skip link, navigation, who is signed in) and sends strangers to the login page. */
  function page(current) {
    if (!token()) {
      location.href = 'login.html';
      return false;
    }
    var who = user() || {};
    var header = el('header', { class: 'site' }, [
      el('a', { class: 'skip-link', href: '#main', text: 'Skip to content' }),
      el('span', { class: 'brand', text: 'Front door: duty desk' }),
      el(
        'nav',
        { 'aria-label': 'Main' },
        PAGES.map(function (p) {
          return el('a', { href: p[0], text: p[1], 'aria-current': p[0] === current ? 'page' : null });
        }),
      ),
      el('span', { class: 'who' }, [
        document.createTextNode((who.username || '') + ' (' + (who.role || '') + ') '),
      ]),
      el('button', {
        type: 'button',
        id: 'logout',
        onclick: function () {
          api('POST', '/v1/auth/logout')
            .catch(function () {})
            .then(function () {
              signOut();
              location.href = 'login.html';
            });
        },
        text: 'Log out',
      }),
    ]);
    document.body.prepend(header);
    var live = el('div', { id: 'live', 'aria-live': 'assertive', role: 'status' });
    document.getElementById('main').prepend(live);
    listen();
    return true;
  }

  /** Shows a notice in the live region (read out by screen readers). */
  function notify(text, kind, link) {
    var live = document.getElementById('live');
    if (!live) return;
    var box = el('div', { class: 'notice ' + (kind || '') }, [document.createTextNode(text + ' ')]);
    if (link) box.append(el('a', { href: link.href, text: link.text }));
    box.append(
      document.createTextNode(' '),
      el('button', {
        type: 'button',
        class: 'secondary',
        text: 'Dismiss',
        onclick: function () {
          box.remove();
        },
      }),
    );
    live.prepend(box);
    while (live.children.length > 3) live.lastChild.remove();
    if (kind !== 'alert')
      setTimeout(function () {
        box.remove();
      }, 8000);
  }

  /**
   * The page's one live stream (server-sent events on /v1/live). EventSource cannot send headers and a token
   * must never go in a URL, so each connection buys a single-use ticket first (token in the header). Pages
   * add handlers with Desk.live.on(event, fn): `open`, `error`, `feed`, `alert`, `held-raised`.
   */
  var LIVE_EVENTS = ['open', 'error', 'feed', 'alert', 'held-raised'];
  var liveHandlers = {};
  function onLive(type, fn) {
    (liveHandlers[type] = liveHandlers[type] || []).push(fn);
  }
  function emitLive(type, data) {
    (liveHandlers[type] || []).forEach(function (fn) {
      fn(data);
    });
  }

  function listen() {
    var listeners = [];
    window.DeskEvents = {
      on: function (fn) {
        listeners.push(fn);
      },
    };
    onLive('held-raised', function (n) {
      notify(
        'An item you hold was raised by a re-triage: now level ' +
          n.needLevel +
          ', ' +
          n.priority +
          ', due ' +
          when(n.dueAt) +
          '.',
        'alert',
        { href: 'index.html#' + n.contactId, text: 'Open it' },
      );
      listeners.forEach(function (fn) {
        fn(n);
      });
    });
    function retry() {
      setTimeout(connect, 3000);
    }
    function connect() {
      if (!token()) return;
      api('POST', '/v1/live/tickets')
        .then(function (t) {
          var source = new EventSource('/v1/live?ticket=' + encodeURIComponent(t.ticket));
          LIVE_EVENTS.forEach(function (type) {
            source.addEventListener(type, function (e) {
              if (type === 'error') {
                // The ticket was single use: the browser's own retry would reuse it, so reconnect ourselves.
                source.close();
                emitLive('error', null);
                retry();
              } else emitLive(type, e.data ? JSON.parse(e.data) : null);
            });
          });
        })
        .catch(function () {
          emitLive('error', null);
          retry();
        });
    }
    connect();
  }

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return d.toLocaleString('en-GB', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  }
  function dueIn(iso) {
    var mins = Math.round((new Date(iso).getTime() - Date.now()) / 60000);
    var abs = Math.abs(mins);
    var text =
      abs < 60 ? abs + ' min' : abs < 2880 ? Math.round(abs / 60) + ' h' : Math.round(abs / 1440) + ' days';
    return mins < 0 ? text + ' ago' : 'in ' + text;
  }

  /** One line for a duty worker's decision (confirm, override or close), as the queue and child pages show it. */
  function dutyDecisionText(d) {
    return (
      when(d.at) +
      ' ' +
      d.kind +
      ' by ' +
      d.by +
      ': level ' +
      d.decided.needLevel +
      ', ' +
      d.decided.route +
      (d.reason ? ' (reason: ' + d.reason + ')' : '') +
      (d.outcome ? ' outcome ' + d.outcome + (d.cinNoFurtherAction ? ', CIN NFA' : '') : '') +
      ' [recommended level ' +
      d.recommended.needLevel +
      ', ' +
      d.recommended.route +
      ']'
    );
  }

  window.Desk = {
    dutyDecisionText: dutyDecisionText,
    token: token,
    user: user,
    signIn: signIn,
    signOut: signOut,
    api: api,
    live: { on: onLive },
    el: el,
    page: page,
    notify: notify,
    when: when,
    dueIn: dueIn,
  };
})();
