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

  // ---------------------------------------------------------------- the blade inside the iframe
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
  function route() {
    var hash = decodeURIComponent(location.hash.replace(/^#/, ''));
    main.textContent = '';
    main.appendChild(h('p', { class: 'loading', text: 'Loading…' }));
    if (hash.indexOf(ROUTE_REQUESTS) === 0) return later(requests);
    var m = hash.match(/^view\/Microsoft_AAD_IAM\/ManagedAppMenuBlade\/~\/Permissions\/objectId\/([^/]+)\/appId\/([^/]+)/);
    if (m) return later(function () { permissions(m[1], m[2]); });
    if (hash.indexOf(ROUTE_APPS) === 0 || hash.indexOf('view/Microsoft_AAD_IAM/ManagedAppMenuBlade') === 0) return later(apps);
    later(home);
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
    window.addEventListener('hashchange', route);
    route();
  }).catch(function () {
    location.href = '/signin?return=' + encodeURIComponent(location.hash);
  });
})();
