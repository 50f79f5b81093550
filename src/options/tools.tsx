/**
 * The options page's tools: the diagnostics report (previewed, then saved as a file the user picks where to
 * put; nothing is sent anywhere) and "Forget all data" (after a confirmation).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser, send, t } from '../platform/browser';
import { browserName, diagnosticsReport } from '../settings/diagnostics';
import type { SettingsReply } from '../settings/messages';

/** The tab the user was on before this page: the most recently used other tab, if any. */
async function previousTabId(): Promise<number | undefined> {
  try {
    const self = await browser.tabs.getCurrent();
    const tabs = (await browser.tabs.query({})).filter((tab) => tab.id !== undefined && tab.id !== self?.id);
    tabs.sort((a, b) => ((b as { lastAccessed?: number }).lastAccessed ?? 0) - ((a as { lastAccessed?: number }).lastAccessed ?? 0));
    return tabs[0]?.id;
  } catch {
    return undefined;
  }
}

async function currentBrowser(): Promise<string> {
  const info = (browser.runtime as { getBrowserInfo?: () => Promise<{ name: string; version: string }> }).getBrowserInfo;
  if (info) {
    const b = await info();
    return `${b.name} ${b.version.split('.')[0]}`;
  }
  const brands = (navigator as { userAgentData?: { brands: { brand: string; version: string }[] } }).userAgentData?.brands ?? [];
  return browserName(navigator.userAgent, brands);
}

export function Diagnostics({ reply }: { reply: SettingsReply }) {
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  const [failed, setFailed] = useState(false);
  const previewRef = useRef<HTMLPreElement>(null);

  // The file's address lives as long as its preview.
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  const build = async () => {
    const tabId = await previousTabId();
    const facts = await send('get-diagnostics', tabId === undefined ? {} : { tabId });
    if (!facts.ok) return setFailed(true);
    setFailed(false);
    const report = diagnosticsReport({
      extensionVersion: browser.runtime.getManifest().version,
      browser: await currentBrowser(),
      os: (await browser.runtime.getPlatformInfo().catch(() => ({ os: 'unknown' }))).os,
      uiLanguage: browser.i18n.getUILanguage(),
      effective: reply.effective,
      grantedOrigins: reply.granted.length,
      facts: facts.value,
      generatedAt: Date.now(),
    });
    const json = JSON.stringify(report, null, 2);
    setText(json);
    setUrl(URL.createObjectURL(new Blob([json], { type: 'application/json' })));
    requestAnimationFrame(() => previewRef.current?.focus());
  };

  return (
    <section aria-labelledby="s-diag" class="diagnostics">
      <h2 id="s-diag">{t('optDiagHeading')}</h2>
      <p>{t('optDiagExplain')}</p>
      <button type="button" id="diag-preview" onClick={() => void build()}>
        {t('optDiagPreview')}
      </button>
      {failed && (
        <p class="problem" role="alert">
          {t('workerUnreachable')}
        </p>
      )}
      {text && (
        <>
          <h3 id="diag-preview-h">{t('optDiagPreviewHeading')}</h3>
          <pre id="diag-report" ref={previewRef} tabIndex={0} aria-labelledby="diag-preview-h">
            {text}
          </pre>
          <a class="button primary" id="diag-save" href={url} download="rox-consent-companion-diagnostics.json">
            {t('optDiagSave')}
          </a>
        </>
      )}
    </section>
  );
}

export function ForgetAll({ onForgotten }: { onForgotten(): void }) {
  const [asking, setAsking] = useState(false);
  const [status, setStatus] = useState('');
  const confirmRef = useRef<HTMLButtonElement>(null);
  const startRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);

  const forget = async () => {
    const r = await send('forget-all-data');
    setAsking(false);
    setStatus(t(r.ok ? 'optForgotten' : 'actionFailed'));
    if (r.ok) onForgotten();
    requestAnimationFrame(() => startRef.current?.focus());
  };

  return (
    <section aria-labelledby="s-forget" class="forget">
      <h2 id="s-forget">{t('optForgetHeading')}</h2>
      <p>{t('optForgetExplain')}</p>
      {!asking ? (
        <button type="button" id="forget-start" ref={startRef} onClick={() => (setAsking(true), setStatus(''))}>
          {t('optForgetButton')}
        </button>
      ) : (
        <div role="group" aria-labelledby="forget-confirm-q" class="confirm">
          <p id="forget-confirm-q">{t('optForgetConfirm')}</p>
          <button type="button" id="forget-confirm" class="danger" ref={confirmRef} onClick={() => void forget()}>
            {t('optForgetYes')}
          </button>{' '}
          <button type="button" id="forget-cancel" onClick={() => (setAsking(false), requestAnimationFrame(() => startRef.current?.focus()))}>
            {t('optCancel')}
          </button>
        </div>
      )}
      <p role="status" aria-live="polite" id="forget-status">
        {status}
      </p>
    </section>
  );
}
