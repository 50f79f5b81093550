/** The toolbar popup: every flow with where it stands and what to do next, or what the extension does. */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Flow } from '../flow/model';
import { browser, send, t } from '../platform/browser';
import { FlowCard } from './card';

/** The language of the popup's own text (its locale's tag), for relative times and `lang`. */
function uiLanguage(): string {
  try {
    return t('langTag') || browser.i18n.getUILanguage() || navigator.language;
  } catch {
    return navigator.language;
  }
}

interface View {
  flows: Flow[];
  /** The worker kept unreadable storage aside. */
  problem?: boolean;
  /** How many saved requests it could not keep (unknown: unset). */
  dropped?: number;
  /** The worker did not answer at all. */
  unreachable?: boolean;
  /** The user's justification template, for "Request again". */
  justificationTemplate?: string;
  /** Managed policy: the admin contact and the organization's tenant. */
  adminContact?: string;
  tenant?: string;
}

/** Relative times move on while the popup stays open. */
const TICK_MS = 30_000;
/** Cards drawn at first (newest first); the rest on request, so the popup opens fast with 200 stored. */
const FIRST_CARDS = 10;

export function Popup() {
  const lang = useMemo(uiLanguage, []);
  const [view, setView] = useState<View | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const [cards, setCards] = useState(FIRST_CARDS);
  const title = useRef<HTMLHeadingElement>(null);
  const asked = useRef(0);
  // The worker says what it dropped once; the popup keeps saying it while it stays open (reloads included).
  const told = useRef<{ problem?: true; dropped?: number }>({});

  // Replies can cross (a storage change while a read is under way): only the newest read is shown.
  const load = async () => {
    const n = ++asked.current;
    const r = await send('get-flows');
    // Kept from any reply, a crossed one included (the worker clears its notice as it answers, which
    // itself starts another read).
    if (r.ok && r.value.problem) told.current = { problem: true, ...(r.value.dropped ? { dropped: r.value.dropped } : {}) };
    if (n !== asked.current) {
      if (r.ok && r.value.problem) setView((v) => v && { ...v, ...told.current });
      return;
    }
    setView(r.ok ? { flows: r.value.flows, ...told.current, justificationTemplate: r.value.justificationTemplate, adminContact: r.value.adminContact, tenant: r.value.tenant } : { flows: [], unreachable: true });
    setNow(Date.now());
  };

  useEffect(() => {
    document.documentElement.lang = lang;
    void load();
    const onChange = () => void load();
    browser.storage.onChanged.addListener(onChange);
    const tick = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => {
      browser.storage.onChanged.removeListener(onChange);
      clearInterval(tick);
    };
  }, []);

  const forgotten = () => {
    void load();
    title.current?.focus();
  };

  return (
    <main>
      <h1 ref={title} tabIndex={-1}>
        {t('extName')}
      </h1>
      {view?.problem && (
        <p class="problem" role="alert">
          {view.dropped ? t('storageDropped', [String(view.dropped)]) : t('storageProblem')}
        </p>
      )}
      {view?.unreachable && (
        <p class="problem" role="alert">
          {t('workerUnreachable')}
        </p>
      )}
      {view && !view.unreachable && !view.flows.length && (
        <section class="empty" aria-labelledby="empty-h">
          <h2 id="empty-h">{t('emptyTitle')}</h2>
          <p>{t('emptyWhat')}</p>
          <ul>
            <li>{t('emptyGuide')}</li>
            <li>{t('emptyTrack')}</li>
            <li>{t('emptyWarn')}</li>
          </ul>
          <p class="next">{t('noFlows')}</p>
        </section>
      )}
      {!!view?.flows.length && (
        <ul class="flows" aria-label={t('flowsLabel')}>
          {view.flows.slice(0, cards).map((f) => (
            <FlowCard key={f.key} flow={f} now={now} lang={lang} onForgotten={forgotten} template={view.justificationTemplate} contact={view.adminContact} orgTenant={view.tenant} />
          ))}
        </ul>
      )}
      {!!view && view.flows.length > cards && (
        <button type="button" class="more" onClick={() => setCards(view.flows.length)}>
          {t('showMoreFlows', [String(view.flows.length - cards)])}
        </button>
      )}
    </main>
  );
}
