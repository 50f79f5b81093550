/**
 * Reads a sign-in host document once into plain signals the detectors share. Bounded work: at most
 * MAX_NODES text nodes and MAX_BLOCK characters each, so a hostile 100 kB string costs no more than a
 * normal page. Text is read per text node, never from body.textContent: Microsoft's rendered markup is
 * minified, so neighbouring elements' texts would run together (docs/microsoft-pages.md, "Real captures").
 */
import { ROX_CLIENT_ID } from '../catalog/app';
import type { ConfigFacts } from './types';
import { hasText, NEAR_MISS_LENGTH, NEEDS_PERMISSION, normalize } from './text';
import type { PageInput } from './types';

const MAX_NODES = 600;
const MAX_BLOCK = 300;
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SVG']);
const HAS_WORD = /[\p{L}\p{N}]/u;
/** Microsoft error codes a page may carry in $Config or as visible "AADSTS…" text. */
const AADSTS = /AADSTS(\d{5,6})\b/;

/** One visible text node: its text (trimmed, capped) and the element that holds it. */
export interface Block {
  text: string;
  el: Element;
}

export interface SignInPage {
  /** `<meta name="PageID">`; e.g. ConvergedConsent. */
  pageId: string;
  /** `<html lang>`, lower case. */
  lang: string;
  /** `$Config.pgid` and `$Config.sErrorCode`, read from the inline script TEXT (isolated worlds cannot see window.$Config). */
  pgid: string;
  configError: string;
  /** Microsoft's facts about the app from $Config, when the page carries them. */
  config: ConfigFacts;
  /** Visible AADSTS code in the page text. */
  textError: string;
  /** Text blocks in document order. */
  blocks: Block[];
  /** Their texts, normalised, for matching. */
  norm: string[];
  /** All normalised text joined, for substring tests. */
  text: string;
  textarea: HTMLTextAreaElement | null;
  submit: HTMLElement | null;
  submits: HTMLElement[];
  /** Every shown button of the page's form (Accept, Cancel, Back...): what the panel must not cover. */
  actions: HTMLElement[];
  checkbox: boolean;
}

const cache = new WeakMap<PageInput, SignInPage>();

function isShown(el: Element): boolean {
  return !el.closest('[hidden]') && (el as HTMLElement).style?.display !== 'none';
}

/** The text nodes textBlocks walks to, as an XPath from the body (any case, any namespace of the skipped names). */
const BODY_TEXT = `.//text()[not(ancestor::*[contains(' script style template noscript svg ', concat(' ', translate(local-name(), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), ' '))])]`;

/**
 * The body's text nodes textBlocks looks at, in document order, picked in native code (a TreeWalker with a
 * filter calls back into this world for every node: about 2 ms of a page that gets a panel); null without XPath.
 */
function bodyTextNodes(root: Element): XPathResult | null {
  if (root !== root.ownerDocument.body) return null;
  try {
    return root.ownerDocument.evaluate(BODY_TEXT, root, null, 7 /* XPathResult.ORDERED_NODE_SNAPSHOT_TYPE */, null);
  } catch {
    return null;
  }
}

/** Visible text nodes under `root`, in order, bounded; `stop` ends the walk early when it returns true. */
export function textBlocks(root: Element | null, stop?: (text: string) => boolean): Block[] {
  const blocks: Block[] = [];
  if (!root) return blocks;
  const nodes = bodyTextNodes(root);
  if (nodes) {
    for (let i = 0; i < nodes.snapshotLength && i < MAX_NODES; i++) {
      const n = nodes.snapshotItem(i)!;
      const text = (n.nodeValue ?? '').slice(0, MAX_BLOCK * 4).replace(/\s+/g, ' ').trim().slice(0, MAX_BLOCK);
      if (!text || !HAS_WORD.test(text)) continue;
      blocks.push({ text, el: n.parentElement! });
      if (stop?.(text)) break;
    }
    return blocks;
  }
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.nodeType === 1 && SKIP.has((n as Element).tagName.toUpperCase()) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  let seen = 0;
  for (let n = walker.nextNode(); n && seen < MAX_NODES; n = walker.nextNode()) {
    if (n.nodeType !== 3) continue;
    seen++;
    const text = (n.nodeValue ?? '').slice(0, MAX_BLOCK * 4).replace(/\s+/g, ' ').trim().slice(0, MAX_BLOCK);
    if (!text || !HAS_WORD.test(text)) continue;
    blocks.push({ text, el: n.parentElement! });
    if (stop?.(text)) break;
  }
  return blocks;
}

/**
 * A raw text node's cheap pre-test: true whenever mayNameRox could be true of its normalised text. An ASCII
 * text can only name Rox as r, o or 0, x, carry 365 (or Rox's id, which has digits), or be a near miss of
 * Rox's names: its letters and digits (| and ! count, the skeleton makes them i) start with r and number
 * NEAR_MISS_LENGTH. Microsoft's Need admin approval sentence puts the app's name first: that sentence is let
 * through too (the gate judges the name before it). Anything else is decided by mayNameRox itself.
 */
const MAY_NAME_ROX = new RegExp(`r[o0]x|365|[^\\x00-\\x7f]|${NEEDS_PERMISSION}`, 'i');
const ROX_ID = ROX_CLIENT_ID.toLowerCase();
const NEAR_MISS = /^[^a-z0-9|!]*r/i;
const mayNameRoxRaw = (raw: string) => {
  if (MAY_NAME_ROX.test(raw) || raw.toLowerCase().includes(ROX_ID)) return true;
  if (!NEAR_MISS.test(raw)) return false;
  const n = raw.replace(/[^a-z0-9|!]/gi, '').length;
  return n >= NEAR_MISS_LENGTH.min && n <= NEAR_MISS_LENGTH.max;
};
const SKIP_SELECTOR = 'script, style, template, noscript, svg';

/**
 * Does a visible text node under `root` possibly name Rox (`test`, mayNameRox)? The nodes textBlocks(root,
 * test) looks at, with the same test, but cheaper: a text-only walk with no per-node callback, one regex
 * per node, and the whole test only for a node that passes it. Bounded like textBlocks (with room for the
 * text of scripts and styles, which are skipped here only when they pass the pre-test).
 */
export function anyTextMay(root: Element | null, test: (text: string) => boolean): boolean {
  if (!root) return false;
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let n = walker.nextNode(); n && seen < MAX_NODES * 2; n = walker.nextNode()) {
    seen++;
    const raw = (n as Text).data;
    if (!mayNameRoxRaw(raw)) continue;
    if (n.parentElement?.closest(SKIP_SELECTOR)) continue;
    const text = raw.slice(0, MAX_BLOCK * 4).replace(/\s+/g, ' ').trim().slice(0, MAX_BLOCK);
    if (text && HAS_WORD.test(text) && test(text)) return true;
  }
  return false;
}

// Printable ASCII and the whitespace a page's text holds, without '"' (an XPath 1.0 literal cannot hold
// its own quote: that one is removed by a second translate()).
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('').replace('"', '') + '\t\n\r';
/** The same without letters, digits, | and ! (what the near-miss test counts). */
const ASCII_SEPARATORS = ASCII.replace(/[a-z0-9|!]/gi, '');
const JOINED = `translate(translate(., "${ASCII_SEPARATORS}", ''), '"', '')`;
/**
 * MAY_NAME_ROX as an XPath over the body's visible text nodes (not in scripts, styles, templates, noscript
 * or SVG): any "r", "o" or "0", "x" in any case, "365", Rox's id, the Need admin approval sentence, a
 * character outside ASCII, or a near miss (letters and digits starting with r, NEAR_MISS_LENGTH of them). Blink answers it in native code, so a page none of whose
 * text passes costs no wrapper of any element or text node in the content script's world (the first
 * element wrapper a world makes costs 0.3 to 2 ms: measured).
 */
const MAY_NAME_ROX_XPATH =
  `//body//text()[not(ancestor::script or ancestor::style or ancestor::template or ancestor::noscript or ancestor::*[local-name()='svg'])]` +
  `[contains(translate(., 'ROX0', 'roxo'), 'rox') or contains(., '365') or contains(., '${NEEDS_PERMISSION}') or contains(translate(., 'ABCDEF', 'abcdef'), '${ROX_ID}')` +
  ` or translate(translate(., "${ASCII}", ''), '"', '') != ''` +
  ` or (starts-with(translate(${JOINED}, 'R', 'r'), 'r') and string-length(${JOINED}) >= ${NEAR_MISS_LENGTH.min} and string-length(${JOINED}) <= ${NEAR_MISS_LENGTH.max})]`;

/**
 * Could a visible text node of `doc` name Rox? The nodes anyTextMay(doc.body, test) looks at and more
 * (every one, not the first MAX_NODES), but only those that pass the cheap pre-test are ever handed to this
 * world, and `test` runs on those alone. Without XPath (test DOMs), anyTextMay itself.
 */
export function pageMay(doc: Document, test: (text: string) => boolean): boolean {
  let found: XPathResult;
  try {
    found = doc.evaluate(MAY_NAME_ROX_XPATH, doc, null, 7 /* XPathResult.ORDERED_NODE_SNAPSHOT_TYPE */, null);
  } catch {
    return anyTextMay(doc.body, test);
  }
  // Beyond the first MAX_NODES candidates, a page this full of unusual text is looked at by the detectors.
  if (found.snapshotLength > MAX_NODES) return true;
  for (let i = 0; i < found.snapshotLength; i++) {
    const text = ((found.snapshotItem(i) as Text | null)?.data ?? '').slice(0, MAX_BLOCK * 4).replace(/\s+/g, ' ').trim().slice(0, MAX_BLOCK);
    if (text && HAS_WORD.test(text) && test(text)) return true;
  }
  return false;
}

/** The inline script that sets $Config (its text: isolated worlds cannot read window.$Config). */
function configText(doc: Document): string {
  for (const s of Array.from(doc.scripts)) if (!s.src && s.text.includes('$Config')) return s.text.slice(0, 300_000);
  return '';
}

/**
 * The `$Config={...}` object literal, parsed as JSON (never executed): the braces are matched with strings
 * skipped, within the bounded script text. Anything malformed gives null.
 */
export function parseConfig(script: string): Record<string, unknown> | null {
  const start = script.indexOf('{', script.indexOf('$Config'));
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < script.length; i++) {
    const c = script[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      try {
        const v: unknown = JSON.parse(script.slice(start, i + 1));
        return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    }
  }
  return null;
}

const str = (v: unknown, max = MAX_BLOCK) => (typeof v === 'string' ? v.slice(0, max) : undefined);
const list = (v: unknown, pick: (item: unknown) => string | undefined) =>
  Array.isArray(v) ? v.slice(0, 50).map(pick).filter((s): s is string => !!s) : undefined;

/** The app facts Microsoft puts in $Config on consent pages (keys from docs/microsoft-pages.md). */
export function configFacts(c: Record<string, unknown> | null): ConfigFacts {
  if (!c) return {};
  const facts: ConfigFacts = {};
  const appName = str(c.sAppName);
  if (appName) facts.appName = appName;
  const publisher = str(c.sAppVerifiedPublisherName);
  if (publisher !== undefined) facts.verifiedPublisher = publisher;
  const replyUrls = list(c.arrAppReplyUrls, (u) => str(u, 2048));
  if (replyUrls) facts.replyUrls = replyUrls;
  const scopeLabels = list(c.arrScopes, (s) => (s && typeof s === 'object' ? str((s as Record<string, unknown>).adminLabel) || str((s as Record<string, unknown>).label) : undefined));
  if (scopeLabels?.length) facts.scopeLabels = scopeLabels;
  return facts;
}

const scalar = (c: Record<string, unknown> | null, key: string) => {
  const v = c?.[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v).slice(0, 64) : '';
};

export function readSignInPage(input: PageInput): SignInPage {
  const hit = cache.get(input);
  if (hit) return hit;
  const doc = input.doc;
  const blocks = textBlocks(doc.body);
  const norm = blocks.map((b) => normalize(b.text));
  const textarea = Array.from(doc.querySelectorAll('textarea')).find(isShown) ?? null;
  const form = textarea?.form ?? doc.querySelector('form');
  const submits = form
    ? Array.from(form.querySelectorAll<HTMLElement>('input[type=submit], button[type=submit], button:not([type])')).filter(isShown)
    : [];
  const text = norm.join('\n');
  const script = configText(doc);
  const config = parseConfig(script);
  const page: SignInPage = {
    pageId: doc.querySelector('meta[name="PageID" i]')?.getAttribute('content') ?? '',
    lang: (doc.documentElement.getAttribute('lang') ?? '').slice(0, 16).toLowerCase(),
    pgid: scalar(config, 'pgid') || (/"pgid"\s*:\s*"?([\w.-]{1,64})/.exec(script)?.[1] ?? ''),
    configError: scalar(config, 'sErrorCode') || (/"sErrorCode"\s*:\s*"?([\w.-]{1,64})/.exec(script)?.[1] ?? ''),
    config: configFacts(config),
    textError: AADSTS.exec(blocks.map((b) => b.text).join(' '))?.[1] ?? '',
    blocks,
    norm,
    text,
    textarea,
    submit: submits.at(-1) ?? null,
    submits,
    actions: form ? Array.from(form.querySelectorAll<HTMLElement>('input[type=submit], input[type=button], button')).slice(0, 20).filter(isShown) : [],
    checkbox: !!form?.querySelector('input[type=checkbox]'),
  };
  cache.set(input, page);
  return page;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i;

export const findUpn = (p: SignInPage): string | undefined => p.blocks.find((b) => EMAIL.test(b.text))?.text;

const follows = (a: Node, b: Node) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);

export interface AppHeader {
  appName?: string;
  publisher?: string;
  verified: boolean | null;
  /** The permission labels listed after the header (first text of each list item). */
  permissions: string[];
}

/**
 * The app header in Microsoft's layout (org logo, UPN, title, app name, publisher line with its badge,
 * then the permissions): everything is read from its place after the title, never from anywhere on the
 * page, so an app description cannot pose as the publisher or the badge.
 */
export function appHeader(p: SignInPage, titleIndex: number): AppHeader {
  if (titleIndex < 0) return { verified: null, permissions: [] };
  // The admin consent prompt puts "Accept for your organization" between the title and the app.
  const at = titleIndex + 1 + (hasText(p.norm[titleIndex + 1] ?? '', 'acceptForOrg') ? 1 : 0);
  const app = p.blocks[at];
  if (!app) return { verified: null, permissions: [] };
  // The header ends where the permissions (a list) or the form's controls begin.
  const doc = app.el.ownerDocument;
  const end = Array.from(doc.querySelectorAll('li, textarea, input[type=checkbox], input[type=submit]')).find((e) => follows(app.el, e)) ?? null;
  const inHeader = (n: Node) => follows(app.el, n) && (!end || follows(n, end));
  const rest = p.blocks.slice(at + 1, at + 4).filter((b) => inHeader(b.el));
  const restNorm = rest.map((b) => normalize(b.text));
  const badge = Array.from(doc.querySelectorAll('[aria-label], [title]')).find(
    (e) => inHeader(e) && normalize(e.getAttribute('aria-label') ?? e.getAttribute('title') ?? '') === 'verified',
  );
  // The publisher is a domain line, or the name beside the verified badge; a page without a publisher
  // line (some apps have none) has none: the next sentence is Microsoft's, never the publisher.
  const publisher = (rest.find((b) => DOMAIN.test(b.text)) ?? (badge && rest.find((b) => b.el.parentElement === badge.parentElement)))?.text;
  const items = Array.from(doc.querySelectorAll('li')).filter((li) => follows(app.el, li));
  return {
    appName: app.text,
    publisher,
    verified: restNorm.includes('unverified') ? false : badge ? true : null,
    permissions: items
      .slice(0, 50)
      .map((li) => textBlocks(li, () => true)[0]?.text ?? '')
      .filter(Boolean),
  };
}
