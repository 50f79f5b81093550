/**
 * The toolbar popup, rendered in happy-dom with the worker stubbed: for each state, the visible next action
 * and the message each button sends; the empty state and the storage problem. Pure parts (times, links)
 * at the end.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROX_CLIENT_ID } from '../../src/catalog';
import type { Flow } from '../../src/flow/model';
import type { MessageType, Result } from '../../src/shared/messages';

const h = vi.hoisted(() => ({
  send: null as unknown as ReturnType<typeof import('vitest').vi.fn>,
  listeners: new Set<() => void>(),
  lang: 'en',
}));

vi.mock('../../src/platform/browser', async () => {
  const { vi } = await import('vitest');
  h.send = vi.fn();
  return {
    send: h.send,
    // The locale the browser picked says its own tag (langTag); every other text here is English.
    t: (key: string, subs?: string | string[]) => (key === 'langTag' ? h.lang : (globalThis as unknown as { chrome: { i18n: { getMessage(k: string, s?: string | string[]): string } } }).chrome.i18n.getMessage(key, subs) || key),
    browser: {
      i18n: { getUILanguage: () => h.lang },
      storage: { onChanged: { addListener: (f: () => void) => h.listeners.add(f), removeListener: (f: () => void) => h.listeners.delete(f) } },
    },
  };
});

const { Popup } = await import('../../src/popup/popup');
const { absoluteTime, relativeTime } = await import('../../src/popup/time');
const { adminConsentUrl, ENTRA_REQUESTS_URL, myAppsUrl, namedTenant, mailtoUrl } = await import('../../src/shared/links');
const { phaseOf, stagesOf } = await import('../../src/popup/view');

/** The English text of a key, as the popup shows it. */
const en = (key: string, subs?: string | string[]) => (globalThis as unknown as { chrome: { i18n: { getMessage(k: string, s?: string | string[]): string } } }).chrome.i18n.getMessage(key, subs);

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.now();
const KEY = `megan@fabrikam.com|${ROX_CLIENT_ID}|outlook-calendar`;

const flow = (over: Partial<Flow> = {}): Flow => ({
  key: KEY,
  account: 'megan@fabrikam.com',
  clientId: ROX_CLIENT_ID,
  integration: 'outlook-calendar',
  tenant: 'fabrikam.com',
  state: 'requested',
  scopes: ['openid', 'Calendars.Read'],
  returnUrl: 'https://app.rox.com/integrations',
  createdAt: NOW - 2 * HOUR,
  updatedAt: NOW - HOUR,
  requestedAt: NOW - HOUR,
  ...over,
});

let flows: Flow[] = [];
let problem: string | undefined;
let replies: Partial<Record<MessageType, Result<unknown>>> = {};
let root: HTMLElement;

beforeEach(() => {
  flows = [];
  problem = undefined;
  replies = {};
  h.lang = 'en';
  h.listeners.clear();
  h.send.mockReset();
  h.send.mockImplementation(async (type: MessageType) => {
    if (type === 'get-flows') return replies['get-flows'] ?? { ok: true, value: problem ? { flows, problem } : { flows } };
    return replies[type] ?? { ok: true, value: null };
  });
  root = document.createElement('div');
  document.body.append(root);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

const settle = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));

async function mount(...fs: Flow[]) {
  flows = fs;
  await act(() => render(<Popup />, root));
  await settle();
}

const buttons = (scope: ParentNode = root) => [...scope.querySelectorAll('button')].map((b) => b.textContent);
const button = (label: string, scope: ParentNode = root) => {
  const b = [...scope.querySelectorAll('button')].find((x) => x.textContent === label);
  if (!b) throw new Error(`no button "${label}" among ${JSON.stringify(buttons(scope))}`);
  return b;
};
const click = async (el: HTMLElement) => {
  await act(() => el.click());
  await settle();
};
const card = () => root.querySelector<HTMLLIElement>('li.card')!;
const status = () => card().querySelector('.status')!;
const sent = (type: MessageType) => h.send.mock.calls.filter(([t]) => t === type).map(([, d]) => d);

describe('popup: list', () => {
  it('draws the newest 10 cards first, and the rest on request (200 stored open fast)', async () => {
    await mount(...Array.from({ length: 25 }, (_, i) => flow({ key: `k${i}|${ROX_CLIENT_ID}|outlook-calendar`, account: `u${i}@fabrikam.com` })));
    expect(root.querySelectorAll('li.card')).toHaveLength(10);
    await click(button(en('showMoreFlows', ['15'])));
    expect(root.querySelectorAll('li.card')).toHaveLength(25);
    expect(buttons()).not.toContain(en('showMoreFlows', ['15']));
  });
  it('says what the extension does when nothing is in progress', async () => {
    await mount();
    const empty = root.querySelector('section.empty')!;
    expect(empty.querySelector('h2')!.textContent).toBe(en('emptyTitle'));
    for (const k of ['emptyWhat', 'emptyGuide', 'emptyTrack', 'emptyWarn', 'noFlows']) expect(empty.textContent).toContain(en(k));
    expect(root.querySelector('ul.flows')).toBeNull();
    expect(root.querySelector('[role=alert]')).toBeNull();
  });

  it('shows the storage problem, and the flows that could be read', async () => {
    problem = 'schema';
    await mount(flow());
    expect(root.querySelector('[role=alert]')!.textContent).toBe(en('storageProblem'));
    expect(root.querySelectorAll('li.card')).toHaveLength(1);
  });

  it('shows the storage problem above the empty state when nothing could be kept', async () => {
    problem = 'schema';
    await mount();
    expect(root.querySelector('[role=alert]')!.textContent).toBe(en('storageProblem'));
    expect(root.querySelector('section.empty')).not.toBeNull();
  });

  it('never says "nothing in progress" when the worker does not answer', async () => {
    replies['get-flows'] = { ok: false, error: 'no-reply' };
    await mount();
    expect(root.querySelector('[role=alert]')!.textContent).toBe(en('workerUnreachable'));
    expect(root.querySelector('section.empty')).toBeNull();
  });

  it('lists every flow as a list item with a heading, in the order the worker gives', async () => {
    await mount(flow({ key: 'a', integration: 'outlook-mail', state: 'approved', approvedAt: NOW - MIN }), flow({ key: 'b' }));
    const list = root.querySelector('ul.flows')!;
    expect(list.getAttribute('aria-label')).toBe(en('flowsLabel'));
    const items = [...list.children] as HTMLElement[];
    expect(items.map((i) => i.tagName)).toEqual(['LI', 'LI']);
    expect(items.map((i) => i.querySelector('h2 .name')!.textContent)).toEqual([en('integrationOutlookMail'), en('integrationOutlookCalendar')]);
    for (const i of items) expect(document.getElementById(i.getAttribute('aria-labelledby')!)).toBe(i.querySelector('h2'));
  });

  it('reads the flows again when storage changes', async () => {
    await mount(flow());
    expect(h.listeners.size).toBe(1);
    flows = [flow({ state: 'approved', approvedAt: NOW })];
    await act(() => [...h.listeners].forEach((f) => f()));
    await settle();
    expect(card().dataset.state).toBe('approved');
  });

  it('stops listening when closed', async () => {
    await mount();
    await act(() => render(null, root));
    expect(h.listeners.size).toBe(0);
  });
});

describe('popup: a card', () => {
  it('names the app, integration, tenant and account, with a timeline of relative times', async () => {
    await mount(flow());
    const c = card();
    expect(c.querySelector('h2')!.textContent).toContain(en('integrationOutlookCalendar'));
    expect(c.querySelector('h2 .badge')!.textContent).toBe(en('state_requested'));
    const facts = Object.fromEntries([...c.querySelectorAll('dl.facts > div')].map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent]));
    expect(facts).toEqual({ [en('factApp')]: 'Rox 365 Integration', [en('factAccount')]: 'megan@fabrikam.com', [en('factTenant')]: 'fabrikam.com' });
    const ol = c.querySelector('ol.timeline')!;
    expect(ol.getAttribute('aria-label')).toBe(en('timelineLabel'));
    const stages = [...ol.querySelectorAll('li')];
    expect(stages.map((s) => s.querySelector('.label')!.textContent)).toEqual([en('stageStarted'), en('stageRequested'), en('stageApproved'), en('stageConnected')]);
    expect(stages.map((s) => s.getAttribute('aria-current'))).toEqual([null, 'step', null, null]);
    expect(stages.map((s) => s.querySelector('time')?.textContent ?? null)).toEqual(['2 hours ago', '1 hour ago', null, null]);
    expect(stages[0]!.querySelector('time')!.getAttribute('datetime')).toBe(new Date(NOW - 2 * HOUR).toISOString());
    expect(stages[2]!.textContent).toContain(en('stageNotYet'));
  });

  it('shows "not known yet" for a tenant Microsoft did not name and an unknown account', async () => {
    await mount(flow({ tenant: 'organizations', account: '' }));
    expect([...card().querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['Rox 365 Integration', en('notKnown'), en('notKnown')]);
  });

  it('writes relative times in the language of its locale, and says so in lang', async () => {
    h.lang = 'de';
    await mount(flow());
    expect(card().querySelector('ol.timeline time')!.textContent).toBe('vor 2 Stunden');
    expect(document.documentElement.lang).toBe('de');
  });

  it('uses only real buttons and links, every button typed', async () => {
    await mount(flow());
    await click(button(en('actionRemind')));
    for (const el of card().querySelectorAll('[onclick], [role=button]')) expect(el.tagName).toBe('BUTTON');
    for (const b of card().querySelectorAll('button')) expect(b.getAttribute('type')).toBe('button');
  });
});

describe('popup: waiting', () => {
  it('offers Check now, Remind my admin, My admin declined, Troubleshoot and Forget', async () => {
    await mount(flow());
    expect(buttons()).toEqual([en('actionCheckNow'), en('actionRemind'), en('actionDeclined'), en('actionTroubleshoot'), en('forget')]);
    expect(card().querySelector('.next')!.textContent).toBe(en('next_requested'));
    expect(button(en('actionCheckNow')).className).toContain('primary');
  });

  it('Check now sends check-now for the flow and announces the answer politely', async () => {
    await mount(flow());
    const live = status();
    expect(live.getAttribute('aria-live')).toBe('polite');
    replies['check-now'] = { ok: true, value: { result: 'pending' } };
    await click(button(en('actionCheckNow')));
    expect(sent('check-now')).toEqual([{ key: KEY }]);
    expect(status()).toBe(live);
    expect(live.textContent).toBe(en('probeResult_pending'));
  });

  it.each([
    ['approved', 'probeResult_approved'],
    ['network-error', 'probeResult_network_error'],
    ['sign-in-needed', 'probeResult_sign_in_needed'],
    ['busy', 'checkBusy'],
    ['not-waiting', 'checkNotWaiting'],
  ] as const)('announces "%s"', async (result, key) => {
    await mount(flow());
    replies['check-now'] = { ok: true, value: { result } };
    await click(button(en('actionCheckNow')));
    expect(status().textContent).toBe(en(key));
  });

  it('says so when the worker does not answer a check', async () => {
    await mount(flow());
    replies['check-now'] = { ok: false, error: 'no-reply' };
    await click(button(en('actionCheckNow')));
    expect(status().textContent).toBe(en('actionFailed'));
  });

  it('says it is checking while the check runs, and does not start a second one', async () => {
    await mount(flow());
    let answer!: (r: Result<unknown>) => void;
    h.send.mockImplementationOnce(() => new Promise((r) => (answer = r)));
    await click(button(en('actionCheckNow')));
    expect(status().textContent).toBe(en('probeRunning'));
    expect(button(en('actionCheckNow')).getAttribute('aria-disabled')).toBe('true');
    await click(button(en('actionCheckNow')));
    expect(sent('check-now')).toHaveLength(1);
    await act(() => answer({ ok: true, value: { result: 'pending' } }));
    await settle();
    expect(status().textContent).toBe(en('probeResult_pending'));
  });

  it('shows when it last checked and what Microsoft said', async () => {
    await mount(flow({ lastProbe: { at: NOW - 10 * MIN, result: 'pending' } }));
    expect(card().querySelector('.checked')!.textContent).toBe(en('lastChecked', ['10 minutes ago', en('probeResult_pending')]));
  });

  it('when approved by the check, the card becomes "return to Rox" and the focus goes to its heading', async () => {
    await mount(flow());
    replies['check-now'] = { ok: true, value: { result: 'approved' } };
    const b = button(en('actionCheckNow'));
    b.focus();
    await click(b);
    flows = [flow({ state: 'approved', approvedAt: NOW, lastProbe: { at: NOW, result: 'approved' } })];
    await act(() => [...h.listeners].forEach((f) => f()));
    await settle();
    expect(buttons()).toContain(en('actionReturn'));
    expect(status().textContent).toBe(en('probeResult_approved'));
    expect(document.activeElement).toBe(card().querySelector('h2'));
  });

  it('Remind my admin: a message with the Entra deep link and the admin consent URL, to copy or e-mail', async () => {
    await mount(flow());
    const toggle = button(en('actionRemind'));
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(panel.textContent).toContain(en('remindExplain'));
    const message = panel.querySelector('textarea')!.value;
    expect(message).toContain(en('adminMessageRequest', [en('integrationOutlookCalendar'), 'megan@fabrikam.com', ENTRA_REQUESTS_URL]));
    expect(message).toContain(`https://login.microsoftonline.com/fabrikam.com/adminconsent?client_id=${ROX_CLIENT_ID}`);
    expect(panel.querySelector('textarea')!.getAttribute('aria-label')).toBe(en('adminMessageLabel'));
    const mail = [...panel.querySelectorAll('a')].find((a) => a.textContent === en('emailAdmin'))!;
    expect(mail.getAttribute('href')).toBe(mailtoUrl(en('adminMessageSubject'), message));

    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await click(button(en('copyMessage'), panel));
    expect(writeText).toHaveBeenCalledWith(message);
    expect(panel.querySelector('.note')!.textContent).toBe(en('copied'));
    // Nothing but the first get-flows went to the worker.
    expect(h.send.mock.calls.map(([t]) => t)).toEqual(['get-flows']);

    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(card().querySelector('textarea')).toBeNull();
  });

  it('when copying fails, leaves the message selected and says how to copy', async () => {
    await mount(flow());
    await click(button(en('actionRemind')));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: async () => Promise.reject(new Error('denied')) }, configurable: true });
    await click(button(en('copyMessage')));
    const area = card().querySelector('textarea')!;
    expect(card().querySelector('.note')!.textContent).toBe(en('copyFailed'));
    expect(document.activeElement).toBe(area);
  });

  it('an admin has to grant it: the message carries the admin consent URL and the permissions, not a request', async () => {
    await mount(flow({ state: 'admin-approval-needed', requestedAt: undefined, errorCode: '90094' }));
    expect(buttons()).toEqual([en('actionCheckNow'), en('actionRemind'), en('actionDeclined'), en('actionTroubleshoot'), en('forget')]);
    expect(card().querySelector('.next')!.textContent).toBe(en('next_admin_approval_needed'));
    const current = card().querySelector('ol.timeline [aria-current=step]')!;
    expect(current.querySelector('.label')!.textContent).toBe(en('state_admin_approval_needed'));
    await click(button(en('actionRemind')));
    expect(card().querySelector('.panel')!.textContent).toContain(en('remindExplainGrant'));
    expect(card().querySelector('textarea')!.value).toBe(
      en('adminMessageGrant', [en('integrationOutlookCalendar'), 'megan@fabrikam.com', adminConsentUrl('fabrikam.com'), 'openid, Calendars.Read']),
    );
  });

  it('My admin declined: explains what to do, offers Request again, changes nothing stored', async () => {
    await mount(flow({ justification: 'I need my calendar in Rox.' }));
    const toggle = button(en('actionDeclined'));
    await click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    for (const k of ['declinedExplain', 'declinedTalk', 'declinedAgain', 'whatToSayPrevious']) expect(panel.textContent).toContain(en(k));
    expect(panel.querySelector('textarea')!.value).toBe('I need my calendar in Rox.');
    expect(h.send.mock.calls.map(([t]) => t)).toEqual(['get-flows']);
    await click(button(en('actionRequestAgain'), panel));
    expect(sent('return-to-rox')).toEqual([{ key: KEY }]);
    expect(sent('forget-flow')).toEqual([]);
  });
});

describe('popup: sign-in needed', () => {
  it('offers "Sign in to check automatically" instead of Check now, and asks for an interactive check', async () => {
    await mount(flow({ lastProbe: { at: NOW - MIN, result: 'sign-in-needed' } }));
    expect(buttons()).toEqual([en('actionSignIn'), en('actionRemind'), en('actionDeclined'), en('actionTroubleshoot'), en('forget')]);
    expect(card().querySelector('.next')!.textContent).toBe(en('nextSignIn'));
    replies['check-now'] = { ok: true, value: { result: 'approved' } };
    await click(button(en('actionSignIn')));
    expect(sent('check-now')).toEqual([{ key: KEY, interactive: true }]);
    expect(status().textContent).toBe(en('probeResult_approved'));
  });
});

describe('popup: approved', () => {
  it('offers "Return to Rox and click Connect", which sends return-to-rox and closes the popup', async () => {
    await mount(flow({ state: 'approved', approvedAt: NOW - 5 * MIN }));
    expect(buttons()).toEqual([en('actionReturn'), en('actionTroubleshoot'), en('forget')]);
    expect(card().querySelector('.next')!.textContent).toBe(en('next_approved'));
    const stages = [...card().querySelectorAll('ol.timeline li')];
    expect(stages.map((s) => s.getAttribute('aria-current'))).toEqual([null, null, 'step', null]);
    expect(stages[2]!.querySelector('time')!.textContent).toBe('5 minutes ago');
    const close = vi.spyOn(window, 'close').mockImplementation(() => {});
    await click(button(en('actionReturn')));
    expect(sent('return-to-rox')).toEqual([{ key: KEY }]);
    expect(close).toHaveBeenCalled();
  });

  it('stays open and says so when the worker does not answer', async () => {
    await mount(flow({ state: 'approved', approvedAt: NOW }));
    replies['return-to-rox'] = { ok: false, error: 'no-reply' };
    const close = vi.spyOn(window, 'close').mockImplementation(() => {});
    await click(button(en('actionReturn')));
    expect(close).not.toHaveBeenCalled();
    expect(status().textContent).toBe(en('actionFailed'));
  });
});

describe('popup: expired', () => {
  it('offers Request again with what to say: the previous justification', async () => {
    await mount(flow({ state: 'expired', requestedAt: NOW - 31 * DAY, createdAt: NOW - 31 * DAY, justification: 'Calendar sync for my sales team.' }));
    // What to write (copy it first), then the way back to Rox.
    expect(buttons()).toEqual([en('copy'), en('actionRequestAgain'), en('actionTroubleshoot'), en('forget')]);
    const c = card();
    for (const k of ['next_expired', 'expiredExplain', 'whatToSayPrevious']) expect(c.textContent).toContain(en(k));
    expect(c.querySelector('textarea')!.value).toBe('Calendar sync for my sales team.');
    expect(c.querySelector('ol.timeline [aria-current=step]')!.className).toContain('expired');
    await click(button(en('actionRequestAgain')));
    expect(sent('return-to-rox')).toEqual([{ key: KEY }]);
  });

  it('suggests a justification when there was none', async () => {
    await mount(flow({ state: 'expired' }));
    expect(card().textContent).toContain(en('whatToSaySuggested'));
    expect(card().querySelector('textarea')!.value).toBe(en('justificationTemplate', [en('integrationOutlookCalendar'), 'Rox 365 Integration']));
  });

  it('suggests the user\'s own justification template when they have one', async () => {
    replies['get-flows'] = { ok: true, value: { flows: [flow({ state: 'expired' })], justificationTemplate: 'Please approve Rox for {integration}: my pipeline lives there.' } };
    await mount();
    expect(card().querySelector('textarea')!.value).toBe(`Please approve Rox for ${en('integrationOutlookCalendar')}: my pipeline lives there.`);
  });
});

describe('popup: other states', () => {
  it.each(['connecting', 'approval-required', 'connected'] as const)('%s: says what happens next, offers Troubleshoot and Forget only', async (state) => {
    await mount(flow({ state, requestedAt: undefined, connectedAt: state === 'connected' ? NOW : undefined }));
    expect(buttons()).toEqual([en('actionTroubleshoot'), en('forget')]);
    expect(card().querySelector('.next')!.textContent).toBe(en(`next_${state.replace(/-/g, '_')}`));
  });

  it('connected without a request marks "request sent" as not needed', async () => {
    await mount(flow({ state: 'connected', requestedAt: undefined, connectedAt: NOW }));
    const stages = [...card().querySelectorAll('ol.timeline li')];
    expect(stages.map((s) => s.className)).toEqual(['done', 'skipped', 'done', 'current']);
    expect(stages[1]!.textContent).toContain(en('stageSkipped'));
  });

  it('Troubleshoot opens the check at My Apps for the tenant', async () => {
    await mount(flow({ tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47' }));
    const toggle = button(en('actionTroubleshoot'));
    await click(toggle);
    const panel = document.getElementById(toggle.getAttribute('aria-controls')!)!;
    expect(panel.textContent).toContain(en('troubleshootExplain'));
    const link = panel.querySelector('a')!;
    expect(link.textContent).toBe(en('troubleshootOpen'));
    expect(link.getAttribute('href')).toBe('https://myapps.microsoft.com/?tenantid=72f988bf-86f1-41af-91ab-2d7cd011db47');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('Forget sends forget-flow, reads the list again and puts the focus on the title', async () => {
    await mount(flow());
    h.send.mockImplementation(async (type: MessageType) => (type === 'get-flows' ? { ok: true, value: { flows: [] } } : { ok: true, value: null }));
    await click(button(en('forget')));
    expect(sent('forget-flow')).toEqual([{ key: KEY }]);
    expect(sent('get-flows')).toHaveLength(2);
    expect(root.querySelector('li.card')).toBeNull();
    expect(document.activeElement).toBe(root.querySelector('h1'));
  });
});

describe('popup: pure parts', () => {
  it('relative times', () => {
    const at = (ms: number) => relativeTime(NOW - ms, NOW, 'en');
    expect(at(10_000)).toBe('now');
    expect(at(-5 * MIN)).toBe('now'); // the future (clock skew) is now
    expect(at(90_000)).toBe('1 minute ago');
    expect(at(5 * HOUR)).toBe('5 hours ago');
    expect(at(3 * DAY)).toBe('3 days ago');
    expect(at(15 * DAY)).toBe('2 weeks ago');
    expect(at(65 * DAY)).toBe('2 months ago');
    expect(at(800 * DAY)).toBe('2 years ago');
    expect(relativeTime(NOW - 3 * DAY, NOW, 'ja')).toBe('3 日前');
    expect(relativeTime(NOW - 3 * DAY, NOW, 'not a tag!')).toMatch(/3/);
    expect(absoluteTime(Date.UTC(2025, 0, 2, 12), 'en')).toMatch(/2025/);
  });

  it('links', () => {
    expect(namedTenant('common')).toBeUndefined();
    expect(namedTenant(' Organizations ')).toBeUndefined();
    expect(namedTenant('fabrikam.com')).toBe('fabrikam.com');
    expect(myAppsUrl('')).toBe('https://myapps.microsoft.com/');
    expect(myAppsUrl('consumers')).toBe('https://myapps.microsoft.com/');
    expect(myAppsUrl('fabrikam.com')).toBe('https://myapps.microsoft.com/?tenantid=fabrikam.com');
    expect(adminConsentUrl(undefined)).toBe(`https://login.microsoftonline.com/organizations/adminconsent?client_id=${ROX_CLIENT_ID}`);
    expect(mailtoUrl('a b', 'c&d')).toBe('mailto:?subject=a%20b&body=c%26d');
  });

  it('phases and stages', () => {
    expect(phaseOf(flow({ state: 'admin-approval-needed', lastProbe: { at: NOW, result: 'sign-in-needed' } }))).toBe('sign-in-needed');
    expect(phaseOf(flow({ lastProbe: { at: NOW, result: 'network-error' } }))).toBe('waiting');
    expect(phaseOf(flow({ state: 'approval-required' }))).toBe('not-requested');
    expect(stagesOf(flow({ state: 'approved', approvedAt: NOW })).map((s) => s.status)).toEqual(['done', 'done', 'current', 'todo']);
    // A time the flow kept from before (a connection after an expiry) is not shown for a stage not reached.
    expect(stagesOf(flow({ state: 'expired', approvedAt: NOW })).find((s) => s.id === 'approved')!.at).toBeUndefined();
  });
});

describe('popup: bundle', () => {
  it('imports no schema library, no MSAL, and only types from the message protocol', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '../../src/popup');
    for (const f of readdirSync(dir).filter((f) => /\.tsx?$/.test(f))) {
      const src = readFileSync(join(dir, f), 'utf8');
      const values = [...src.matchAll(/^import\s+(?!type\b)[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
      expect(values.filter((s) => /valibot|msal|shared\/messages|platform\/content|steps\//.test(s!)), f).toEqual([]);
    }
  });
});
