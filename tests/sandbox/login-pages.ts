/**
 * Markup of Microsoft's sign-in host pages, as far as public sources describe them (docs/microsoft-pages.md).
 * Known: the PageID meta for consent, the inline `$Config` script, ids #i0116 / #i0118 / #idSIButton9 /
 * #idBtn_Back, input names loginfmt / passwd, the visible strings, the ConvergedConsent `$Config` app keys.
 * UNKNOWN and therefore deliberately absent: a PageID for Approval required / Request sent / Need admin
 * approval, ids of the justification box and of Request approval, the Request sent body text.
 *
 * Pages render late: the body is held in a <template> and shown after `delay` ms, as Microsoft's
 * Knockout-rendered pages appear some time after the document loads. Once shown, `window.__sandboxRendered`
 * is true in the page's main world (tests wait for it; content scripts, in their isolated world, cannot see it).
 *
 * `Markup` selects variants that follow the real captures (docs/microsoft-pages.md, "Real captures"); the
 * default (no markup) is the sandbox's original page.
 */
import { verifiedPublisherName, type App } from './apps.js';
import { configScopes, listedPermissions, type LabelSet } from './graph.js';
import { esc, scriptJson } from './http.js';
import { HTML_LANG, fill, strings, type SandboxLocale } from './strings.js';

export interface Markup {
  /** No whitespace between elements, so body.textContent glues "Approval required" to the app name [C]. */
  minified?: boolean;
  /**
   * The raw HTML's body is `<body data-bind="defineGlobals: ServerData, bodyCssClass" class="cb"
   * style="display: none">` holding only scripts; the visible DOM is built by script, then the body is
   * shown one step later [C]. (How the body is shown, removing the style attribute, is [S].)
   */
  hiddenBody?: boolean;
  /**
   * 'captured': Approval required in the order users copied it in 2025 (banner logo alt text, UPN, title,
   * app, publisher domain, each permission's label + description + "This is a permission requested to
   * access your data in Fabrikam.", justification placeholder, Request approval <input>, links) [C].
   * 'sandbox' (default): the original layout (permission notes collapsed, publisher name line).
   */
  layout?: 'sandbox' | 'captured';
  /** false: no publisher line under the app name (absent for some apps [C]). Default true. */
  publisherLine?: boolean;
  /**
   * Approval required, Request sent and Need admin approval carry the ConvergedConsent `$Config` app keys
   * too. Whether they do is unknown [S]; by default they do not. (ConvergedConsent pages always do [C].)
   */
  appConfig?: boolean;
  /** Unknown extra `$Config` keys (flags, numbers, nested objects, strings with } " and escaped </script>) [S]. */
  configNoise?: boolean;
  /**
   * Permission texts the users' pages list (Approval required, the user consent prompt): Graph's admin
   * display names (default) or the user-facing ones [S]. Admin consent prompts always list the admin texts.
   */
  permissionLabels?: LabelSet;
  /** `<html lang>`: 'region' (default: en-US, en-GB, de-DE, ja-JP, fr-FR) or 'language' (en, de, ja, fr) [S]. */
  htmlLang?: 'region' | 'language';
  /** A script in the body carrying other steps' strings (Request sent, Need admin approval...) never shown [C]. */
  bundleStrings?: boolean;
}

/** Every variant the real captures describe, together. */
export const REAL_CAPTURE: Readonly<Markup> = { minified: true, hiddenBody: true, layout: 'captured', configNoise: true, bundleStrings: true };

export interface PageOptions {
  locale: SandboxLocale;
  delay: number;
  /** Known PageID markers only. */
  pageId?: 'ConvergedConsent' | 'KmsiInterrupt';
  config: Record<string, unknown>;
  body: string;
  /** Fixtures: the page as it looks once rendered (body in place and shown, no late-render script). */
  rendered?: boolean;
  markup?: Markup;
}

/** A permission as a page lists it: a label, and (captured layout) its description. */
export type PermItem = string | { label: string; description?: string };
const labelOf = (p: PermItem) => (typeof p === 'string' ? p : p.label);
const descriptionOf = (p: PermItem) => (typeof p === 'string' ? '' : (p.description ?? ''));

/** The permissions a page lists for an authorize request's scopes, in the page's language and label set. */
export const pagePermissions = (scopes: readonly string[], locale: SandboxLocale, markup: Markup = {}): PermItem[] =>
  listedPermissions(scopes, locale, markup.permissionLabels ?? 'admin');

const STYLE = `
:root{color-scheme:light dark;font-family:"Segoe UI",system-ui,sans-serif}
body{margin:0;background:#f2f2f2}
@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#eee}.lightbox{background:#2b2b2b!important}}
.lightbox{max-width:440px;margin:48px auto;background:#fff;padding:44px;box-shadow:0 2px 6px rgba(0,0,0,.2);min-height:200px}
.title{font-size:24px;font-weight:600;margin:16px 0}
.identity{font-size:15px}
.app-name{font-size:20px;font-weight:600;overflow-wrap:anywhere}
ul.perms{padding-left:18px}
.perm-detail,.perm-description,.perm-note{font-size:13px;color:#666}
textarea{width:100%;min-height:80px;box-sizing:border-box}
.buttons{display:flex;gap:8px;justify-content:flex-end;margin-top:16px}
input[type=submit],input[type=button]{min-width:108px;padding:6px 12px}
.primary{background:#0067b8;color:#fff;border:0}
.badge-verified{color:#0067b8}
.error{color:#e81123}
a{color:#0067b8}
img.banner{height:36px}
`;

/** Removes whitespace between tags outside <script> and <style> (Microsoft's rendered markup has none [C]). */
export function minify(html: string): string {
  return html
    .split(/(<script\b[\s\S]*?<\/script>|<style\b[\s\S]*?<\/style>)/i)
    .map((part, i) => (i % 2 ? part : part.replace(/>\s+</g, '><').replace(/^\s+|\s+$/g, '')))
    .join('');
}

/** Strings of OTHER steps that Microsoft's script bundle carries but never shows on this page [C]/[S]. */
function bundleScript(locale: SandboxLocale): string {
  const s = strings(locale);
  const table = { requestSent: s.requestSent, needAdminApproval: s.needAdminApproval, approvalRequired: s.approvalRequired, permissionsRequested: s.permissionsRequested, acceptForOrg: s.acceptForOrg, backToApp: s.backToApp, verified: s.verified };
  return `<script type="text/javascript">var sandboxBundleStrings=${scriptJson(table)};</script>
<script type="text/html" id="sandbox-ko-request-sent"><div role="heading" aria-level="1">${esc(s.requestSent)}</div><div>${esc(s.backToApp)}</div></script>`;
}

const RENDERED = `window.__sandboxRendered = true; document.dispatchEvent(new Event('sandbox-rendered'));`;

export function page({ locale, delay, pageId, config, body, rendered, markup = {} }: PageOptions): string {
  const lang = markup.htmlLang === 'language' ? HTML_LANG[locale].split('-')[0]! : HTML_LANG[locale];
  const bundle = markup.bundleStrings ? bundleScript(locale) : '';
  const wait = Math.max(0, delay);
  let bodyTag: string;
  let content: string;
  if (markup.hiddenBody) {
    // Raw HTML: scripts only, body hidden. The script builds #lightbox, then shows the body a step later.
    bodyTag = rendered ? '<body data-bind="defineGlobals: ServerData, bodyCssClass" class="cb">' : '<body data-bind="defineGlobals: ServerData, bodyCssClass" class="cb" style="display: none">';
    content = rendered
      ? `${bundle}<div id="lightbox" class="lightbox" role="main">${body}</div>`
      : `${bundle}
<template id="page-body">${body}</template>
<script>
setTimeout(function () {
  var t = document.getElementById('page-body');
  var box = document.createElement('div');
  box.id = 'lightbox'; box.className = 'lightbox'; box.setAttribute('role', 'main');
  box.appendChild(t.content.cloneNode(true));
  t.remove();
  document.body.appendChild(box);
  setTimeout(function () { document.body.removeAttribute('style'); ${RENDERED} }, 30);
}, ${wait});
</script>`;
  } else {
    bodyTag = '<body>';
    content = rendered
      ? `${bundle}<div id="lightbox" class="lightbox" role="main">${body}</div>`
      : `${bundle}<div id="lightbox" class="lightbox" role="main"></div>
<template id="page-body">${body}</template>
<script>
setTimeout(function () {
  var t = document.getElementById('page-body');
  document.getElementById('lightbox').appendChild(t.content.cloneNode(true));
  t.remove();
  ${RENDERED}
}, ${wait});
</script>`;
  }
  const out = `<!DOCTYPE html>
<html dir="ltr" lang="${lang}"><head><meta charset="utf-8">
<title>Sign in to your account</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
${pageId ? `<meta name="PageID" content="${pageId}">` : ''}
<style>${STYLE}</style>
<script type="text/javascript">//<![CDATA[
$Config=${scriptJson(config)};
//]]></script>
</head>${bodyTag}
${content}
</body></html>`;
  return markup.minified ? minify(out) : out;
}

// ---- $Config -------------------------------------------------------------------------------------------

/**
 * The app keys ConvergedConsent pages carry in `$Config` [C] (values: [S]). `sAppVerifiedPublisherName`
 * is the verified publisher's name, '' when the publisher is not verified [S]; `arrAppReplyUrls` the app's
 * registered redirect URIs; `arrScopes` items `{label, description, adminLabel, adminDescription}`.
 */
export function appConfig(app: App, scopes: readonly string[], locale: SandboxLocale): Record<string, unknown> {
  return {
    sAppName: app.name,
    sAppVerifiedPublisherName: verifiedPublisherName(app),
    sAppWebsite: app.website,
    sAppCreatedDate: '2024-03-14T09:26:53Z',
    urlAppTermsOfService: `${app.website}/terms`,
    urlAppPrivacyStatement: `${app.website}/privacy`,
    urlAppLogo: '',
    fAppInDifferentTenant: !app.firstParty,
    arrScopes: configScopes(scopes, locale),
    arrAppReplyUrls: [...app.redirectUris],
  };
}

/**
 * Unknown `$Config` keys a parser must skip [S]: flags, numbers, null, nested objects and arrays (one nested
 * object even reuses the names sAppName and arrScopes, so only a real top-level parse reads the right ones),
 * strings with } { " and backslashes, a "</script>" that scriptJson escapes to \u003c/script>, and the
 * literal text of an escaped key.
 */
export function configNoise(): Record<string, unknown> {
  return {
    fFoo: true,
    iBar: 42,
    dBaz: -0.5,
    oNull: null,
    sBraces: 'a } b { c }} "quoted" \\ end',
    sScriptish: '</script><script>window.__pwned = 1</script><!-- x',
    sEscapedKey: '","sAppName":"Not this one","x":"',
    oNested: { sAppName: 'Microsoft Authenticator', arrScopes: [{ label: 'decoy', adminLabel: 'decoy' }], o: { p: [1, '}', { q: '"]}' }] } },
    arrMixed: [null, 0, '}', {}, [], { '}': '{' }],
    sUnicode: 'caf\u00e9 \u2603 \ud83d\ude00',
  };
}

/** $Config for a page: noise first (so a parser must skip it), then the app keys where asked. */
export function pageConfig(base: Record<string, unknown>, markup: Markup, app?: { app: App; scopes: readonly string[]; locale: SandboxLocale; always?: boolean }): Record<string, unknown> {
  return {
    ...(markup.configNoise ? configNoise() : {}),
    ...base,
    ...(app && (app.always || markup.appConfig) ? appConfig(app.app, app.scopes, app.locale) : {}),
  };
}

// ---- bodies --------------------------------------------------------------------------------------------

const org = 'Fabrikam';
const BANNER = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="36"><rect width="120" height="36" fill="#5c2d91"/></svg>')}`;

function identity(upn: string, markup: Markup): string {
  return markup.layout === 'captured'
    ? `<div class="banner-logo"><img class="banner" alt="Organization banner logo" src="${BANNER}"></div><div class="identity">${esc(upn)}</div>`
    : `<div class="banner-logo" aria-label="${org}">${org}</div><div class="identity">${esc(upn)}</div>`;
}

/** A check mark drawn, not typed: the captured and minified variants' badge has no text of its own [S]. */
const BADGE_ICON = '<svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false"><path d="M2 7l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2"/></svg>';

/**
 * The verified badge (markup unknown [S]: an element labelled "verified") or the word "unverified" [C].
 * The default page draws the check mark as a text character (&#10004;); the variants draw it as an icon, so
 * no stray character separates the app name from the publisher domain in minified text.
 */
function badge(app: App, locale: SandboxLocale, markup: Markup): string {
  const s = strings(locale);
  const icon = markup.layout === 'captured' || markup.minified ? BADGE_ICON : '&#10004;';
  return app.verified
    ? `<span class="badge-verified" role="img" aria-label="${esc(s.verified)}" title="${esc(s.verified)}">${icon}</span>`
    : `<span class="unverified">${esc(s.unverified)}</span>`;
}

function publisherLine(app: App, locale: SandboxLocale, markup: Markup): string {
  if (markup.publisherLine === false || markup.layout === 'captured') {
    const domain = markup.publisherLine === false ? '' : `<div class="publisher-domain">${esc(app.publisherLabel ?? app.publisherDomain)}</div>`;
    return `<div class="publisher">${badge(app, locale, markup)}</div>${domain}`;
  }
  const domain = `<div class="publisher-domain">${esc(app.publisherLabel ?? app.publisherDomain)}</div>`;
  return app.verified
    ? `<div class="publisher"><span>${esc(app.publisher)}</span> ${badge(app, locale, markup)}</div>
       ${domain}`
    : `<div class="publisher">${badge(app, locale, markup)}</div>${domain}`;
}

function permissionList(perms: PermItem[], locale: SandboxLocale, withNote: boolean, markup: Markup): string {
  const s = strings(locale);
  const note = fill(s.permissionNote, { org });
  if (markup.layout === 'captured')
    return `<ul class="perms">${perms
      .map(
        (p) => `<li><div class="perm-label">${esc(labelOf(p))}</div>${descriptionOf(p) ? `<div class="perm-description">${esc(descriptionOf(p))}</div>` : ''}${
          withNote ? `<div class="perm-note">${esc(note)}</div>` : ''
        }</li>`,
      )
      .join('')}</ul>`;
  return `<ul class="perms">${perms
    .map(
      (p) => `<li><button type="button" class="perm-toggle" aria-expanded="false">${esc(labelOf(p))}</button>${
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

/** "Stay signed in?" (KmsiInterrupt [C]): Yes / No post to /kmsi [I]; #idSIButton9 is Yes, #idBtn_Back No [S]. */
export function kmsiBody(locale: SandboxLocale, ctx: string, upn: string): string {
  const s = strings(locale);
  return `<form method="post" action="/kmsi">
<div class="banner-logo">Microsoft</div>
<div class="identity">${esc(upn)}</div>
<div class="title" role="heading" aria-level="1">${esc(s.staySignedIn)}</div>
<p>${esc(s.staySignedInBody)}</p>
<label><input type="checkbox" name="DontShowAgain" id="KmsiCheckboxField"> ${esc(s.dontShowAgain)}</label>
<input type="hidden" name="ctx" value="${esc(ctx)}">
<div class="buttons"><input type="submit" name="no" id="idBtn_Back" value="${esc(s.no)}"><input type="submit" name="yes" id="idSIButton9" class="primary" value="${esc(s.yes)}"></div>
</form>`;
}

export function approvalRequiredBody(locale: SandboxLocale, ctx: string, upn: string, app: App, perms: PermItem[], error?: string, markup: Markup = {}): string {
  const s = strings(locale);
  if (markup.layout === 'captured')
    return `<form method="post" action="/common/consent/request">
${identity(upn, markup)}
<div class="title" role="heading" aria-level="1">${esc(s.approvalRequired)}</div>
<div class="app-name">${esc(app.name)}</div>
${publisherLine(app, locale, markup)}
<div class="requires">${esc(s.requiresApproval)}</div>
${permissionList(perms, locale, true, markup)}
${error ? `<div class="error" role="alert">${esc(error)}</div>` : ''}
<textarea name="justification" placeholder="${esc(s.justificationPlaceholder)}" aria-label="${esc(s.justificationPlaceholder)}"></textarea>
<input type="hidden" name="ctx" value="${esc(ctx)}">
<div class="buttons"><input type="submit" class="primary" value="${esc(s.requestApproval)}"></div>
<div><a href="/common/reprocess?ctx=${esc(ctx)}&amp;switch=1">${esc(s.anotherAccount)}</a></div>
<div><a href="#" class="report">${esc(s.suspicious)}</a></div>
</form>`;
  return `<form method="post" action="/common/consent/request">
${identity(upn, markup)}
<div class="title" role="heading" aria-level="1">${esc(s.approvalRequired)}</div>
<div class="app-name">${esc(app.name)}</div>
${publisherLine(app, locale, markup)}
<p>${esc(s.requiresApproval)}</p>
${permissionList(perms, locale, true, markup)}
${error ? `<div class="error" role="alert">${esc(error)}</div>` : ''}
<textarea name="justification" placeholder="${esc(s.justificationPlaceholder)}" aria-label="${esc(s.justificationPlaceholder)}"></textarea>
<input type="hidden" name="ctx" value="${esc(ctx)}">
<div class="buttons"><input type="submit" class="primary" value="${esc(s.requestApproval)}"></div>
<p><a href="/common/reprocess?ctx=${esc(ctx)}&amp;switch=1">${esc(s.anotherAccount)}</a></p>
<p><a href="#" class="report">${esc(s.suspicious)}</a></p>
</form>`;
}

export function requestSentBody(locale: SandboxLocale, ctx: string, upn: string, app: App, markup: Markup = {}): string {
  const s = strings(locale);
  return `${identity(upn, markup)}
<div class="title" role="heading" aria-level="1">${esc(s.requestSent)}</div>
<div class="app-name">${esc(app.name)}</div>
<p>${esc(s.requestSentBody)}</p>
<form method="get" action="/common/reprocess"><input type="hidden" name="ctx" value="${esc(ctx)}"><input type="hidden" name="back" value="1">
<div class="buttons"><input type="submit" class="primary" value="${esc(s.backToApp)}"></div></form>`;
}

export function needAdminApprovalBody(locale: SandboxLocale, ctx: string, upn: string, app: App, markup: Markup = {}): string {
  const s = strings(locale);
  return `${identity(upn, markup)}
<div class="title" role="heading" aria-level="1">${esc(s.needAdminApproval)}</div>
<div class="app-name">${esc(app.name)}</div>
${publisherLine(app, locale, markup)}
<p>${esc(fill(s.needAdminBody, { app: app.name }))}</p>
<p><a href="/common/reprocess?ctx=${esc(ctx)}&amp;switch=1">${esc(s.haveAdminAccount)}</a></p>
<p><a href="/common/reprocess?ctx=${esc(ctx)}&amp;back=1">${esc(s.returnWithoutConsent)}</a></p>`;
}

export function consentBody(
  locale: SandboxLocale,
  ctx: string,
  upn: string,
  app: App,
  perms: PermItem[],
  mode: 'user' | 'admin' | 'admin-org',
  markup: Markup = {},
): string {
  const s = strings(locale);
  return `<form method="post" action="/common/Consent/Set">
${identity(upn, markup)}
<div class="title" role="heading" aria-level="1">${esc(s.permissionsRequested)}</div>
${mode === 'admin-org' ? `<div class="subtitle">${esc(s.acceptForOrg)}</div>` : ''}
<div class="app-name">${esc(app.name)}</div>
${publisherLine(app, locale, markup)}
<details><summary>${esc(s.appInfo)}</summary><p>${esc(s.notPublishedByMs)}</p></details>
<p>${esc(s.appWouldLike)}</p>
${permissionList(perms, locale, false, markup)}
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

export function errorBody(locale: SandboxLocale, upn: string, code: string, app: App, markup: Markup = {}): string {
  const s = strings(locale);
  return `${identity(upn, markup)}
<div class="title" role="heading" aria-level="1">${esc(s.errorTitle)}</div>
<div class="app-name">${esc(app.name)}</div>
<div id="error-details"><p class="error">${esc(ERROR_TEXT[code] ?? `AADSTS${code}`)}</p></div>`;
}

/**
 * The device code entry page at /common/oauth2/deviceauth (minimal; its markup and PageID are unknown [S];
 * the visible strings are as public screenshots show them [I]).
 */
export function deviceCodeBody(locale: SandboxLocale, error: string | null): string {
  const s = strings(locale);
  return `<form method="post" action="/common/oauth2/deviceauth" novalidate>
<div class="banner-logo">Microsoft</div>
<div class="title" role="heading" aria-level="1">${esc(s.enterCode)}</div>
<p>${esc(s.enterCodeBody)}</p>
${error ? `<div class="error" id="otcError">${esc(error)}</div>` : ''}
<input type="text" name="otc" id="otc" placeholder="${esc(s.codePlaceholder)}" aria-label="${esc(s.codePlaceholder)}" autocomplete="off">
<div class="buttons"><input type="submit" id="idSIButton9" class="primary" value="${esc(s.next)}"></div>
</form>`;
}

/** The device flow's last page (the app on the device continues by itself) [S]. */
export function deviceDoneBody(locale: SandboxLocale, app: App, ok: boolean): string {
  const s = strings(locale);
  return `<div class="banner-logo">Microsoft</div>
<div class="title" role="heading" aria-level="1">${esc(app.name)}</div>
<p>${esc(ok ? fill(s.deviceDone, { app: app.name }) : s.deviceCancelled)}</p>`;
}

// ---- one screen = body + $Config + PageID (the sandbox's login host and the fixtures share this) --------

export type Screen = 'approval-required' | 'request-sent' | 'need-admin-approval' | 'consent-user' | 'consent-admin' | 'consent-admin-org' | 'error';

export interface ScreenFacts {
  locale: SandboxLocale;
  /** The sign-in context id (`sCtx`, the forms' ctx). */
  ctx: string;
  upn: string;
  app: App;
  /** The authorize request's scopes (the page lists them; `$Config.arrScopes` carries them). */
  scopes: readonly string[];
  markup?: Markup;
  /** AADSTS code of an error screen. */
  errorCode?: string;
  /** A form error shown on Approval required (e.g. an empty justification). */
  error?: string;
  /** Permissions to list instead of those of `scopes` (fixtures: a long list). */
  perms?: PermItem[];
}

/** What Microsoft shows for a screen: its body, its `$Config` (without the session keys) and its PageID. */
export function screen(kind: Screen, f: ScreenFacts): { body: string; config: Record<string, unknown>; pageId?: 'ConvergedConsent' } {
  const m = f.markup ?? {};
  // An admin's consent prompt lists the admin texts; the user-facing variant concerns the users' pages.
  const admin = kind === 'consent-admin' || kind === 'consent-admin-org';
  const perms = f.perms ?? pagePermissions(f.scopes, f.locale, admin ? { ...m, permissionLabels: 'admin' } : m);
  const withApp = (base: Record<string, unknown>, always = false) => pageConfig({ sCtx: f.ctx, ...base }, m, { app: f.app, scopes: f.scopes, locale: f.locale, always });
  const consent = (mode: 'user' | 'admin' | 'admin-org') => ({
    body: consentBody(f.locale, f.ctx, f.upn, f.app, perms, mode, m),
    config: withApp({ pgid: 'ConvergedConsent', urlPost: '/common/Consent/Set' }, true),
    pageId: 'ConvergedConsent' as const,
  });
  switch (kind) {
    case 'approval-required':
      return { body: approvalRequiredBody(f.locale, f.ctx, f.upn, f.app, perms, f.error, m), config: withApp({}) };
    case 'request-sent':
      return { body: requestSentBody(f.locale, f.ctx, f.upn, f.app, m), config: withApp({}) };
    case 'need-admin-approval':
      return { body: needAdminApprovalBody(f.locale, f.ctx, f.upn, f.app, m), config: withApp({ sErrorCode: '90094' }) };
    case 'consent-user':
      return consent('user');
    case 'consent-admin':
      return consent('admin');
    case 'consent-admin-org':
      return consent('admin-org');
    case 'error':
      return { body: errorBody(f.locale, f.upn, f.errorCode ?? '90093', f.app, m), config: withApp({ sErrorCode: f.errorCode ?? '90093' }) };
  }
}
