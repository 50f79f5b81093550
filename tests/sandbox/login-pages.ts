/**
 * Markup of Microsoft's sign-in host pages, as far as public sources describe them
 * (../shared/reference/microsoft-pages.md). Known: the PageID meta for consent, the inline `$Config` script,
 * ids #i0116 / #i0118 / #idSIButton9 / #idBtn_Back, input names loginfmt / passwd, the visible strings.
 * UNKNOWN and therefore deliberately absent: a PageID for Approval required / Request sent / Need admin
 * approval, ids of the justification box and of Request approval, the Request sent body text.
 * Pages render late: the body is held in a <template> and shown after `delay` ms, as Microsoft's
 * Knockout-rendered pages appear some time after the document loads.
 */
import { esc, scriptJson } from './http.js';
import { HTML_LANG, fill, strings, type SandboxLocale } from './strings.js';
import type { App } from './tenant.js';

export interface PageOptions {
  locale: SandboxLocale;
  delay: number;
  /** Known PageID markers only. */
  pageId?: 'ConvergedConsent';
  config: Record<string, unknown>;
  body: string;
  /** Fixtures: the page as it looks once rendered (body in place, no late-render script). */
  rendered?: boolean;
}

const STYLE = `
:root{color-scheme:light dark;font-family:"Segoe UI",system-ui,sans-serif}
body{margin:0;background:#f2f2f2}
@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#eee}.lightbox{background:#2b2b2b!important}}
.lightbox{max-width:440px;margin:48px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2);min-height:200px}
.title{font-size:24px;font-weight:600;margin:16px 0}
.identity{font-size:15px}
.app-name{font-size:20px;font-weight:600;overflow-wrap:anywhere}
ul.perms{padding-left:18px}
.perm-detail{font-size:13px;color:#666}
textarea{width:100%;min-height:80px;box-sizing:border-box}
.buttons{display:flex;gap:8px;justify-content:flex-end;margin-top:16px}
input[type=submit],input[type=button]{min-width:108px;padding:6px 12px}
.primary{background:#0067b8;color:#fff;border:0}
.badge-verified{color:#0067b8}
.error{color:#e81123}
a{color:#0067b8}
`;

export function page({ locale, delay, pageId, config, body, rendered }: PageOptions): string {
  return `<!DOCTYPE html>
<html dir="ltr" lang="${HTML_LANG[locale]}"><head><meta charset="utf-8">
<title>Sign in to your account</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${pageId ? `<meta name="PageID" content="${pageId}">` : ''}
<style>${STYLE}</style>
<script type="text/javascript">//<![CDATA[
$Config=${scriptJson(config)};
//]]></script>
</head><body>
${rendered ? `<div id="lightbox" class="lightbox" role="main">${body}</div>` : `<div id="lightbox" class="lightbox" role="main"></div>
<template id="page-body">${body}</template>
<script>`}${rendered ? '' : `
setTimeout(function () {
  var t = document.getElementById('page-body');
  document.getElementById('lightbox').appendChild(t.content.cloneNode(true));
  t.remove();
  document.dispatchEvent(new Event('sandbox-rendered'));
}, ${Math.max(0, delay)});
</script>`}
</body></html>`;
}

const org = 'Fabrikam';

function identity(upn: string): string {
  return `<div class="banner-logo" aria-label="${org}">${org}</div><div class="identity">${esc(upn)}</div>`;
}

function publisherLine(app: App, locale: SandboxLocale): string {
  const s = strings(locale);
  return app.verified
    ? `<div class="publisher"><span>${esc(app.publisher)}</span> <span class="badge-verified" role="img" aria-label="${esc(s.verified)}" title="${esc(s.verified)}">&#10004;</span></div>
       <div class="publisher-domain">${esc(app.publisherDomain)}</div>`
    : `<div class="publisher"><span class="unverified">${esc(s.unverified)}</span></div><div class="publisher-domain">${esc(app.publisherDomain)}</div>`;
}

function permissionList(displays: string[], locale: SandboxLocale, withNote: boolean): string {
  const s = strings(locale);
  const note = fill(s.permissionNote, { org });
  return `<ul class="perms">${displays
    .map(
      (d) => `<li><button type="button" class="perm-toggle" aria-expanded="false">${esc(d)}</button>${
        withNote ? `<div class="perm-detail" hidden>${esc(note)}</div>` : ''
      }</li>`,
    )
    .join('')}</ul>
<script>document.addEventListener('click', function (e) {
  var b = e.target.closest && e.target.closest('.perm-toggle'); if (!b) return;
  var d = b.nextElementSibling; if (!d) return; d.hidden = !d.hidden; b.setAttribute('aria-expanded', String(!d.hidden));
});</script>`;
}

export function signInBody(locale: SandboxLocale, ctx: string, loginHint: string, error: string | null): string {
  const s = strings(locale);
  return `<form method="post" action="/common/login" id="signin" novalidate>
<div class="banner-logo">Microsoft</div>
<div id="email-step">
  <div class="title" role="heading" aria-level="1">${esc(s.signInTitle)}</div>
  ${error ? `<div class="error" id="usernameError">${esc(error)}</div>` : ''}
  <input type="email" name="loginfmt" id="i0116" placeholder="${esc(s.emailPlaceholder)}" aria-label="${esc(s.emailPlaceholder)}" value="${esc(loginHint)}" autocomplete="username">
  <div class="buttons"><input type="button" id="idSIButton9" class="primary" value="${esc(s.next)}"></div>
</div>
<div id="password-step" hidden>
  <div class="identity" id="displayName"></div>
  <div class="title" role="heading" aria-level="1">${esc(s.enterPassword)}</div>
  <input type="password" name="passwd" id="i0118" aria-label="${esc(s.enterPassword)}" autocomplete="current-password">
  <div class="buttons"><input type="submit" id="idSIButton9-submit" class="primary" value="${esc(s.signIn)}"></div>
</div>
<input type="hidden" name="ctx" value="${esc(ctx)}">
</form>
<script>
(function () {
  var next = document.getElementById('idSIButton9');
  function toPassword() {
    var email = document.getElementById('i0116');
    if (!email.value) { email.focus(); return; }
    document.getElementById('email-step').hidden = true;
    document.getElementById('password-step').hidden = false;
    document.getElementById('displayName').textContent = email.value;
    // Microsoft reuses #idSIButton9 for the step's primary button: move the id to Sign in.
    next.id = ''; document.getElementById('idSIButton9-submit').id = 'idSIButton9';
    document.getElementById('i0118').focus();
  }
  next.addEventListener('click', toPassword);
  document.getElementById('i0116').addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); toPassword(); } });
})();
</script>`;
}

export function approvalRequiredBody(locale: SandboxLocale, ctx: string, upn: string, app: App, displays: string[], error?: string): string {
  const s = strings(locale);
  return `<form method="post" action="/common/consent/request">
${identity(upn)}
<div class="title" role="heading" aria-level="1">${esc(s.approvalRequired)}</div>
<div class="app-name">${esc(app.name)}</div>
${publisherLine(app, locale)}
<p>${esc(s.requiresApproval)}</p>
${permissionList(displays, locale, true)}
${error ? `<div class="error" role="alert">${esc(error)}</div>` : ''}
<textarea name="justification" placeholder="${esc(s.justificationPlaceholder)}" aria-label="${esc(s.justificationPlaceholder)}"></textarea>
<input type="hidden" name="ctx" value="${esc(ctx)}">
<div class="buttons"><input type="submit" class="primary" value="${esc(s.requestApproval)}"></div>
<p><a href="/common/reprocess?ctx=${esc(ctx)}&amp;switch=1">${esc(s.anotherAccount)}</a></p>
<p><a href="#" class="report">${esc(s.suspicious)}</a></p>
</form>`;
}

export function requestSentBody(locale: SandboxLocale, ctx: string, upn: string, app: App): string {
  const s = strings(locale);
  return `${identity(upn)}
<div class="title" role="heading" aria-level="1">${esc(s.requestSent)}</div>
<div class="app-name">${esc(app.name)}</div>
<p>${esc(s.requestSentBody)}</p>
<form method="get" action="/common/reprocess"><input type="hidden" name="ctx" value="${esc(ctx)}"><input type="hidden" name="back" value="1">
<div class="buttons"><input type="submit" class="primary" value="${esc(s.backToApp)}"></div></form>`;
}

export function needAdminApprovalBody(locale: SandboxLocale, ctx: string, upn: string, app: App): string {
  const s = strings(locale);
  return `${identity(upn)}
<div class="title" role="heading" aria-level="1">${esc(s.needAdminApproval)}</div>
<div class="app-name">${esc(app.name)}</div>
${publisherLine(app, locale)}
<p>${esc(fill(s.needAdminBody, { app: app.name }))}</p>
<p><a href="/common/reprocess?ctx=${esc(ctx)}&amp;switch=1">${esc(s.haveAdminAccount)}</a></p>
<p><a href="/common/reprocess?ctx=${esc(ctx)}&amp;back=1">${esc(s.returnWithoutConsent)}</a></p>`;
}

export function consentBody(
  locale: SandboxLocale,
  ctx: string,
  upn: string,
  app: App,
  displays: string[],
  mode: 'user' | 'admin' | 'admin-org',
): string {
  const s = strings(locale);
  return `<form method="post" action="/common/Consent/Set">
${identity(upn)}
<div class="title" role="heading" aria-level="1">${esc(s.permissionsRequested)}</div>
${mode === 'admin-org' ? `<div class="subtitle">${esc(s.acceptForOrg)}</div>` : ''}
<div class="app-name">${esc(app.name)}</div>
${publisherLine(app, locale)}
<details><summary>${esc(s.appInfo)}</summary><p>${esc(s.notPublishedByMs)}</p></details>
<p>${esc(s.appWouldLike)}</p>
${permissionList(displays, locale, false)}
${mode === 'admin' ? `<label><input type="checkbox" name="ConsentOnBehalf" value="true"> ${esc(s.consentOnBehalf)}</label>` : ''}
<p class="accept-text">${esc(mode === 'user' ? s.userAcceptText : s.adminAcceptText)}</p>
<input type="hidden" name="ctx" value="${esc(ctx)}">
<div class="buttons">
  <input type="submit" id="idBtn_Back" name="cancel" value="${esc(s.cancel)}" formnovalidate>
  <input type="submit" id="idSIButton9" name="accept" class="primary" value="${esc(s.accept)}">
</div>
</form>`;
}

export const ERROR_TEXT: Record<string, string> = {
  '90093': 'AADSTS90093: This application requires admin consent. The signed-in user is not authorized to grant consent on behalf of the organization.',
  '90095': 'AADSTS90095: An admin consent request may be required.',
  '900941': 'AADSTS900941: Administrator consent is required. App is considered risky.',
  '900981': 'AADSTS900981: An admin consent request was received for a risky app. Check the app before granting consent.',
};

export function errorBody(locale: SandboxLocale, upn: string, code: string, app: App): string {
  const s = strings(locale);
  return `${identity(upn)}
<div class="title" role="heading" aria-level="1">${esc(s.errorTitle)}</div>
<div class="app-name">${esc(app.name)}</div>
<div id="error-details"><p class="error">${esc(ERROR_TEXT[code] ?? `AADSTS${code}`)}</p></div>`;
}
