/**
 * Reads a sign-in host document once into plain signals the detectors share. Bounded work: at most
 * MAX_NODES text nodes and MAX_BLOCK characters each, so a hostile 100 kB string costs no more than a
 * normal page.
 */
import { hasText, normalize } from './text';
import type { PageInput } from './types';

const MAX_NODES = 600;
const MAX_BLOCK = 300;
const SKIP = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'SVG']);
const HAS_WORD = /[\p{L}\p{N}]/u;
/** Microsoft error codes a page may carry in $Config or as visible "AADSTS…" text. */
const AADSTS = /AADSTS(\d{5,6})\b/;

export interface SignInPage {
  /** `<meta name="PageID">`; e.g. ConvergedConsent. */
  pageId: string;
  /** `$Config.pgid` and `$Config.sErrorCode`, read from the inline script TEXT (isolated worlds cannot see window.$Config). */
  pgid: string;
  configError: string;
  /** Visible AADSTS code in the page text. */
  textError: string;
  /** Text blocks in document order, trimmed and capped. */
  blocks: string[];
  /** The same, normalised, for matching. */
  norm: string[];
  /** All normalised text joined, for substring tests. */
  text: string;
  textarea: HTMLTextAreaElement | null;
  submit: HTMLElement | null;
  submits: HTMLElement[];
  checkbox: boolean;
  listItems: string[];
  badge: 'verified' | 'unverified' | null;
}

const cache = new WeakMap<PageInput, SignInPage>();

function isShown(el: Element): boolean {
  return !el.closest('[hidden]') && (el as HTMLElement).style?.display !== 'none';
}

const PGID = /"pgid"\s*:\s*"?([\w.-]{1,64})/;
const ERROR_CODE = /"sErrorCode"\s*:\s*"?([\w.-]{1,64})/;

/** The inline script that sets $Config (its text: isolated worlds cannot read window.$Config). */
function configText(doc: Document): string {
  for (const s of Array.from(doc.scripts)) if (!s.src && s.text.includes('$Config')) return s.text.slice(0, 300_000);
  return '';
}

export function readSignInPage(input: PageInput): SignInPage {
  const hit = cache.get(input);
  if (hit) return hit;
  const doc = input.doc;
  const blocks: string[] = [];
  const body = doc.body;
  if (body) {
    const walker = doc.createTreeWalker(body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: (n) => (n.nodeType === 1 && SKIP.has((n as Element).tagName.toUpperCase()) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    let seen = 0;
    for (let n = walker.nextNode(); n && seen < MAX_NODES; n = walker.nextNode()) {
      if (n.nodeType !== 3) continue;
      seen++;
      const raw = (n.nodeValue ?? '').slice(0, MAX_BLOCK * 4).replace(/\s+/g, ' ').trim();
      if (raw && HAS_WORD.test(raw)) blocks.push(raw.slice(0, MAX_BLOCK));
    }
  }
  const norm = blocks.map(normalize);
  const textarea = Array.from(doc.querySelectorAll('textarea')).find(isShown) ?? null;
  const form = textarea?.form ?? doc.querySelector('form');
  const submits = form
    ? Array.from(form.querySelectorAll<HTMLElement>('input[type=submit], button[type=submit], button:not([type])')).filter(isShown)
    : [];
  const labelled = (v: string) => Array.from(doc.querySelectorAll('[aria-label], [title]')).some((e) => normalize(e.getAttribute('aria-label') ?? e.getAttribute('title') ?? '') === v);
  const text = norm.join('\n');
  const config = configText(doc);
  const page: SignInPage = {
    pageId: doc.querySelector('meta[name="PageID" i]')?.getAttribute('content') ?? '',
    pgid: PGID.exec(config)?.[1] ?? '',
    configError: ERROR_CODE.exec(config)?.[1] ?? '',
    textError: AADSTS.exec(blocks.join(' '))?.[1] ?? '',
    blocks,
    norm,
    text,
    textarea,
    submit: submits.at(-1) ?? null,
    submits,
    checkbox: !!form?.querySelector('input[type=checkbox]'),
    listItems: Array.from(doc.querySelectorAll('li'))
      .slice(0, 50)
      .map((li) => (li.firstElementChild ?? li).textContent?.slice(0, MAX_BLOCK * 4).replace(/\s+/g, ' ').trim().slice(0, MAX_BLOCK) ?? '')
      .filter(Boolean),
    badge: norm.includes('unverified') ? 'unverified' : labelled('verified') ? 'verified' : null,
  };
  cache.set(input, page);
  return page;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i;

export const findUpn = (p: SignInPage): string | undefined => p.blocks.find((b) => EMAIL.test(b));

/** App name and publisher follow the page title in Microsoft's layout (org logo, UPN, title, app, publisher). */
export function appAfter(p: SignInPage, titleIndex: number): { appName?: string; publisher?: string } {
  if (titleIndex < 0) return {};
  // The admin consent prompt puts "Accept for your organization" between the title and the app.
  const at = titleIndex + 1 + (hasText(p.norm[titleIndex + 1] ?? '', 'acceptForOrg') ? 1 : 0);
  const appName = p.blocks[at];
  const rest = p.blocks.slice(at + 1, at + 4);
  const publisher = rest.find((b) => DOMAIN.test(b)) ?? rest.find((b) => normalize(b) !== 'unverified');
  return { appName, publisher };
}
