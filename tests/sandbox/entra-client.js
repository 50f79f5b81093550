// Client script of the sandbox's admin center (entra.microsoft.com / portal.azure.com) and of its React
// blade iframe (sandbox-1.reactblade.portal.azure.net). Plain DOM, text only. Served as a static script.
(function () {
  'use strict';
  var ROUTE_REQUESTS = 'view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AccessRequests';
  var ROUTE_APPS = 'view/Microsoft_AAD_IAM/StartboardApplicationsMenuBlade/~/AppAppsPreview';
  var BLADE_HOST = 'https://sandbox-1.reactblade.portal.azure.net';

  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    for (var k in attrs || {}) {
      if (k === 'text') el.textContent = attrs[k];
      else if (k === 'on') for (var ev in attrs.on) el.addEventListener(ev, attrs.on[ev]);
      else if (attrs[k] !== undefined && attrs[k] !== false) el.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return el;
  }
  function api(base, path, token, opts) {
    opts = opts || {};
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return fetch(base + path, { method: opts.method || 'GET', headers: headers, body: opts.body ? JSON.stringify(opts.body) : undefined, credentials: 'include' })
      .then(function (r) { if (r.status === 401) throw new Error('unauthorized'); return r.json(); });
  }
  function later(fn) { setTimeout(fn, 120 + Math.random() * 80); } // the portal renders late

  // ---------------------------------------------------------------- shared by the Knockout and React forms
  // Clicks are read from what the markup shows (tab and button labels, row positions) plus the view's meta
  // from the server (request ids in display order, the consent URLs): no sandbox attributes in the markup.
  var TAB_STATE = {
    'My Pending': { tab: 'pending', selected: null }, 'All (Preview)': { tab: 'all', selected: null },
    'App details': { paneTab: 'app' }, 'Requested by': { paneTab: 'requested' }, 'Help': { paneTab: 'help' },
    'Admin consent': { permTab: 'admin' }, 'User consent': { permTab: 'user' },
  };
  function labelOf(el) { return (el.getAttribute('aria-label') || el.textContent || '').trim(); }
  function clear(st) { for (var k in st) delete st[k]; }
  function assign(st, patch) { for (var k in patch) { if (patch[k] === null) delete st[k]; else st[k] = patch[k]; } }
  /** Wires one rendered view (top #content or the frame's #root). `view()` gives the current {meta}. */
  function wire(root, view, st, refresh, apiBase, token) {
    root.addEventListener('click', function (e) {
      if (!view().html) return; // the legacy form wires itself
      var target = e.target;
      if (!(target instanceof Element)) return;
      if (target.closest('a[href]:not([href="#"])')) return; // navigation
      var tab = target.closest('[role=tab]');
      if (tab) { var p = TAB_STATE[labelOf(tab)]; if (p) { assign(st, p); refresh(); } return; }
      var btn = target.closest('button,[role=button],[role=menuitem]');
      if (btn && !btn.closest('[role=row]')) {
        if (btn.getAttribute('aria-disabled') === 'true' || btn.disabled) return;
        var meta = view().meta || {};
        switch (labelOf(btn)) {
          case 'Refresh': return refresh();
          case 'Review permissions and consent': if (meta.consentUrl) window.open(meta.consentUrl, 'consent', 'width=520,height=720'); return;
          case 'Grant admin consent for Fabrikam': if (meta.grantUrl) window.open(meta.grantUrl, 'consent', 'width=520,height=720'); return;
          case 'Deny': assign(st, { action: 'deny' }); return refresh();
          case 'Block': assign(st, { action: 'block' }); return refresh();
          case 'Cancel': assign(st, { action: null }); return refresh();
          case 'Close': assign(st, { selected: null, action: null, paneTab: null }); return refresh();
          case 'Deny request': case 'Block application': {
            var reason = root.querySelector('textarea[aria-label=Reason]');
            if (!reason || !reason.value.trim()) { if (reason) reason.focus(); return; }
            api(apiBase, '/api/requests/' + encodeURIComponent(st.selected) + '/deny', token, { method: 'POST', body: { justification: reason.value, block: labelOf(btn) === 'Block application' } })
              .then(function () { assign(st, { selected: null, action: null, paneTab: null }); refresh(); });
            return;
          }
        }
        return;
      }
      var row = target.closest('[role=row]');
      var meta2 = view().meta || {};
      if (row && meta2.rows) {
        var gridEl = row.closest('[role=grid]');
        if (!gridEl || gridEl.getAttribute('aria-label') !== meta2.gridLabel) return;
        var i = row.hasAttribute('data-selection-index') ? Number(row.getAttribute('data-selection-index')) : Number(row.getAttribute('aria-rowindex')) - 2;
        if (meta2.rows[i]) { assign(st, { selected: meta2.rows[i], paneTab: 'app', action: null }); refresh(); }
      }
    });
    var timer = null;
    root.addEventListener('input', function (e) {
      var input = e.target;
      if (!view().html || !(input instanceof HTMLInputElement)) return;
      var l = input.getAttribute('aria-label');
      if (l !== 'Search by app name' && l !== 'Search permissions' && l !== 'Search by application name or object ID') return;
      st.search = input.value;
      clearTimeout(timer);
      timer = setTimeout(function () { refresh(function () {
        var again = root.querySelector('input[aria-label="' + l + '"]');
        if (again) { again.focus(); again.setSelectionRange(again.value.length, again.value.length); }
      }); }, 250);
    });
  }

  // ---------------------------------------------------------------- a React view (Fluent UI) in its iframe
  if (location.hostname.endsWith('.reactblade.portal.azure.net') && location.pathname === '/React/Index') {
    var fq = new URLSearchParams(location.search);
    var ftoken = new URLSearchParams(location.hash.slice(1)).get('t');
    var fparent = fq.get('trustedAuthority');
    var froot = document.getElementById('root');
    var fstate = {};
    var fcurrent = { meta: {} };
    var fseq = 0;
    function frefresh(after) {
      var seq = ++fseq;
      var q = new URLSearchParams(location.search);
      q.set('state', JSON.stringify(fstate));
      api('', '/api/frame-view?' + q, ftoken).then(function (v) {
        later(function () {
          if (seq !== fseq) return;
          fcurrent = v;
          froot.innerHTML = v.html;
          if (after) after();
        });
      });
    }
    wire(froot, function () { return fcurrent; }, fstate, frefresh, '', ftoken);
    window.addEventListener('message', function (e) { if (e.origin === fparent && e.data === 'consent-complete') { clear(fstate); frefresh(); } });
    frefresh();
    return;
  }

  // ---------------------------------------------------------------- the blade inside the iframe (legacy form)
  if (location.hostname.endsWith('.reactblade.portal.azure.net')) {
    var params = new URLSearchParams(location.hash.slice(1));
    var token = params.get('t');
    var parentOrigin = params.get('host');
    var root = document.getElementById('root');
    var tab = 'pending';
    var selected = null;
    function load() {
      api('', '/api/requests?tab=' + tab, token).then(function (list) { later(function () { draw(list); }); });
    }
    function draw(list) {
      root.textContent = '';
      root.appendChild(h('h1', { text: 'Admin consent requests' }));
      var tabs = h('div', { role: 'tablist', 'aria-label': 'Requests' }, [
        h('button', { role: 'tab', 'aria-selected': String(tab === 'pending'), on: { click: function () { tab = 'pending'; load(); } }, text: 'My Pending' }),
        h('button', { role: 'tab', 'aria-selected': String(tab === 'all'), on: { click: function () { tab = 'all'; load(); } }, text: 'All (Preview)' }),
      ]);
      root.appendChild(tabs);
      var grid = h('div', { role: 'grid', 'aria-label': 'Admin consent requests', class: 'grid' }, [
        h('div', { role: 'row', class: 'header' }, ['Name', 'Publisher', 'Requested by', 'Created on', 'Status'].map(function (c) { return h('div', { role: 'columnheader', text: c }); })),
      ]);
      list.forEach(function (r) {
        grid.appendChild(h('div', { role: 'row', class: 'request-row', tabindex: '0', 'data-request-id': r.id, on: { click: function () { selected = r; pane(r); } } }, [
          h('div', { role: 'gridcell', class: 'app-name', text: r.appName }),
          h('div', { role: 'gridcell', text: r.publisher }),
          h('div', { role: 'gridcell', text: String(r.requesters.length) }),
          h('div', { role: 'gridcell', text: new Date(r.createdAt).toLocaleDateString('en-US') }),
          h('div', { role: 'gridcell', text: r.status }),
        ]));
      });
      if (!list.length) grid.appendChild(h('div', { role: 'row', class: 'empty' }, [h('div', { role: 'gridcell', text: 'No requests to display' })]));
      root.appendChild(grid);
      root.appendChild(h('div', { id: 'details', role: 'region', 'aria-label': 'Request details' }));
      if (selected) { var again = list.filter(function (x) { return x.id === selected.id; })[0]; if (again) pane(again); }
    }
    function pane(r) {
      var d = document.getElementById('details');
      d.textContent = '';
      var appTab = h('div', { class: 'app-details' }, [
        h('h2', { text: r.appName }),
        h('dl', {}, [h('dt', { text: 'Publisher' }), h('dd', { class: 'publisher', text: r.publisher + (r.verified ? ' (verified)' : '') }),
          h('dt', { text: 'Application ID' }), h('dd', { class: 'app-id', text: r.appId }),
          h('dt', { text: 'Homepage URL' }), h('dd', { text: r.homepage })]),
      ]);
      var who = h('div', { class: 'requested-by', hidden: true }, [h('table', {}, [
        h('thead', {}, [h('tr', {}, [h('th', { text: 'User' }), h('th', { text: 'Justification' }), h('th', { text: 'Date requested' })])]),
        h('tbody', {}, r.requesters.map(function (q) { return h('tr', {}, [h('td', { class: 'upn', text: q.upn }), h('td', { class: 'justification', text: q.justification }), h('td', { text: new Date(q.createdAt).toLocaleString('en-US') })]); })),
      ])]);
      var reason = h('textarea', { 'aria-label': 'Reason', placeholder: 'Reason' });
      d.appendChild(h('h2', { text: 'Details' }));
      d.appendChild(h('div', { role: 'tablist' }, [
        h('button', { role: 'tab', text: 'App details', on: { click: function () { appTab.hidden = false; who.hidden = true; } } }),
        h('button', { role: 'tab', text: 'Requested by', on: { click: function () { appTab.hidden = true; who.hidden = false; } } }),
      ]));
      d.appendChild(appTab);
      d.appendChild(who);
      if (r.status === 'InProgress') {
        d.appendChild(h('div', { class: 'actions' }, [
          h('button', { class: 'primary review', text: 'Review permissions and consent', on: { click: function () {
            var u = 'https://login.microsoftonline.com/' + r.tenantId + '/v2.0/adminconsent?' + new URLSearchParams({ client_id: r.appId, scope: r.scopes.join(' '), redirect_uri: parentOrigin + '/adminconsent/complete', state: r.id });
            window.open(u, 'consent', 'width=520,height=720');
          } } }),
          reason,
          h('button', { class: 'deny', text: 'Deny', on: { click: function () { if (!reason.value) { reason.focus(); return; } api('', '/api/requests/' + r.id + '/deny', token, { method: 'POST', body: { justification: reason.value } }).then(load); } } }),
          h('button', { class: 'block', text: 'Block', on: { click: function () { if (!reason.value) { reason.focus(); return; } api('', '/api/requests/' + r.id + '/deny', token, { method: 'POST', body: { justification: reason.value, block: true } }).then(load); } } }),
        ]));
      }
    }
    window.addEventListener('message', function (e) { if (e.origin === parentOrigin && e.data === 'consent-complete') { selected = null; load(); } });
    load();
    return;
  }

  // ---------------------------------------------------------------- the admin center shell
  var main = document.getElementById('content');
  var session = null;
  var state = {};
  var current = { meta: {} };
  var seqNo = 0;
  var LOADING = '<div class="fxs-blade-progress fxs-progress" role="progressbar" aria-label="Loading"><div class="fxs-progress-dots"></div></div>';
  /** Asks the server for the blade of this address in the policy's form; re-renders late, as the portal does. */
  function render(after, showLoading) {
    var seq = ++seqNo;
    if (showLoading) main.innerHTML = LOADING;
    api('', '/api/view?' + new URLSearchParams({ href: location.href, state: JSON.stringify(state) })).then(function (v) {
      if (seq !== seqNo) return;
      if (v.legacy) return legacyRoute(v);
      if (v.home) return later(function () { if (seq === seqNo) home(); });
      later(function () {
        if (seq !== seqNo) return;
        current = v;
        main.innerHTML = v.html;
        if (v.churn) churn(v.churn, seq);
        if (after) after();
      });
    });
  }
  /** Load testing (policy.gridChurn): rewrites `n` "Created Date" cells per frame while this view is current. */
  function churn(n, seq) {
    var header = [].slice.call(main.querySelectorAll('[role=columnheader]')).filter(function (c) { return c.textContent.trim() === 'Created Date'; })[0];
    if (!header) return;
    var cells = main.querySelectorAll('[role=gridcell][aria-colindex="' + header.getAttribute('aria-colindex') + '"]');
    if (!cells.length) return;
    var k = 0;
    window.__sandboxChurn = window.__sandboxChurn || { mutations: 0 };
    (function frame() {
      if (seq !== seqNo) return;
      for (var j = 0; j < n; j++) {
        var cell = cells[k++ % cells.length];
        (cell.firstElementChild || cell).textContent = new Date(Date.UTC(2025, 0, 1) + k * 1000).toLocaleString('en-US', { timeZone: 'UTC' });
        window.__sandboxChurn.mutations++;
      }
      requestAnimationFrame(frame);
    })();
  }
  function route() {
    clear(state);
    current = { meta: {} };
    render(null, true);
  }
  function legacyRoute(v) {
    main.textContent = '';
    main.appendChild(h('p', { class: 'loading', text: 'Loading…' }));
    if (v.blade === 'access-requests') return later(requests);
    if (v.blade === 'permissions') return later(function () { permissions(v.params.objectId, v.params.appId); });
    later(apps);
  }
  function home() {
    main.textContent = '';
    main.appendChild(h('h1', { text: 'Home' }));
    main.appendChild(h('p', {}, [h('a', { href: '#' + ROUTE_REQUESTS, text: 'Admin consent requests' })]));
  }
  function requests() {
    main.textContent = '';
    main.appendChild(h('h1', { text: 'Enterprise applications | Admin consent requests' }));
    var frameUrl = BLADE_HOST + '/blades/access-requests#' + new URLSearchParams({ t: session.bladeToken, host: location.origin });
    main.appendChild(h('iframe', { src: frameUrl, title: 'Admin consent requests', class: 'reactblade', name: 'ReactView' }));
  }
  function apps() {
    api('', '/api/apps').then(function (list) {
      main.textContent = '';
      main.appendChild(h('h1', { text: 'Enterprise applications | All applications' }));
      var ul = h('ul', { class: 'apps' });
      list.forEach(function (a) {
        ul.appendChild(h('li', {}, [h('a', { href: '#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Permissions/objectId/' + a.spId + '/appId/' + a.appId, text: a.name }), ' ', h('span', { text: a.publisher })]));
      });
      main.appendChild(ul);
    });
  }
  function permissions(spId, appId) {
    api('', '/api/apps/' + appId + '/permissions').then(function (p) {
      main.textContent = '';
      main.appendChild(h('h1', { text: p.appName + ' | Permissions' }));
      var tab = 'admin';
      var holder = h('div');
      function table() {
        holder.textContent = '';
        var rows = tab === 'admin' ? p.admin : p.user;
        var t = h('table', { class: 'permissions', 'aria-label': tab === 'admin' ? 'Admin consent' : 'User consent' }, [
          h('thead', {}, [h('tr', {}, ['API name', 'Claim value', 'Permission', 'Type', 'Granted through', 'Granted by'].map(function (c) { return h('th', { text: c }); }))]),
          h('tbody', {}, rows.map(function (r) { return h('tr', {}, [r.api, r.claim, r.permission, r.type, r.grantedThrough, r.grantedBy].map(function (c) { return h('td', { text: c }); })); })),
        ]);
        holder.appendChild(t);
        if (!rows.length) holder.appendChild(h('p', { class: 'empty', text: 'No permissions found' }));
      }
      main.appendChild(h('div', { role: 'tablist' }, [
        h('button', { role: 'tab', text: 'Admin consent', on: { click: function () { tab = 'admin'; table(); } } }),
        h('button', { role: 'tab', text: 'User consent', on: { click: function () { tab = 'user'; table(); } } }),
      ]));
      main.appendChild(holder);
      table();
    });
  }
  api('', '/api/me').then(function (me) {
    session = me;
    document.getElementById('me').textContent = me.upn;
    wire(main, function () { return current; }, state, function (after) { render(after, false); }, '', null);
    window.addEventListener('hashchange', route);
    window.addEventListener('message', function (e) { if (e.origin === location.origin && e.data === 'consent-complete') { delete state.selected; delete state.action; render(null, false); } });
    route();
  }).catch(function () {
    location.href = '/signin?return=' + encodeURIComponent(location.pathname + location.search + location.hash);
  });
})();
