/** One flow: what it is, how far it got, and the one thing to do next. */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { integrationById, ROX_APP } from '../catalog';
import type { Flow } from '../flow/model';
import { send, t } from '../platform/browser';
import type { CheckReply } from '../shared/messages';
import { justificationFrom } from '../shared/justification';
import { CopyText } from './copy-text';
import { adminConsentUrl, ENTRA_REQUESTS_URL, mailtoUrl, myAppsUrl, namedTenant } from '../shared/links';
import { relativeTime } from './time';
import { Timeline } from './timeline';
import { phaseOf, type Phase } from './view';

const under = (s: string) => s.replace(/-/g, '_');

type Panel = 'remind' | 'declined' | 'troubleshoot';

interface Props {
  flow: Flow;
  now: number;
  lang: string;
  /** The flow is gone from storage: the list reloads and takes the focus. */
  onForgotten(): void;
  /** The user's justification template (prefs), for "Request again"; '' for the built-in one. */
  template?: string;
  /** Managed policy: whom "Remind my admin" writes to (an e-mail address, or an https address to open). */
  contact?: string;
  /** Managed policy: the organization's tenant, for links when the flow does not name one. */
  orgTenant?: string;
}

function integrationName(flow: Flow): string {
  const i = integrationById(flow.integration);
  return t(i ? i.nameKey : 'integrationMicrosoft365');
}

function checkText(result: CheckReply['result']): string {
  if (result === 'busy') return t('checkBusy');
  if (result === 'not-waiting') return t('checkNotWaiting');
  return t(`probeResult_${under(result)}`);
}

/**
 * The message for the admin. A request waits in Entra's Admin consent requests (the deep link), and the
 * tenant's admin consent address grants it at once; with no request possible, only the grant address helps.
 */
function adminMessage(flow: Flow, name: string, tenant: string | undefined): string {
  const who = flow.account || t('notKnown');
  if (flow.state === 'admin-approval-needed') return t('adminMessageGrant', [name, who, adminConsentUrl(tenant), flow.scopes.join(', ')]);
  return `${t('adminMessageRequest', [name, who, ENTRA_REQUESTS_URL])}\n\n${t('adminMessageOrGrant', adminConsentUrl(tenant))}`;
}

/** What to write when requesting again: the previous justification, else the user's template or the default one. */
function WhatToSay({ flow, name, template }: { flow: Flow; name: string; template: string }) {
  const previous = flow.justification?.trim();
  return (
    <div class="say">
      <p>{t(previous ? 'whatToSayPrevious' : 'whatToSaySuggested')}</p>
      <CopyText text={previous || justificationFrom(template, name, t('justificationTemplate', [name, ROX_APP.name]))} label={t('justificationHeading')} buttonLabel={t('copy')} rows={4} />
    </div>
  );
}

export function FlowCard({ flow, now, lang, onForgotten, template = '', contact = '', orgTenant }: Props) {
  const id = useId();
  // The flow's own tenant when it names one, else the organization's (managed policy).
  const tenant = namedTenant(flow.tenant) ?? orgTenant ?? flow.tenant;
  const contactIsWeb = contact.startsWith('https://');
  const phase = phaseOf(flow);
  const name = integrationName(flow);
  const waiting = phase === 'waiting' || phase === 'sign-in-needed';
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [panel, setPanel] = useState<Panel | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // A new phase replaces the buttons; if the focused one went with them, the card's heading takes the focus.
  const shown = useRef<Phase>(phase);
  useEffect(() => {
    if (shown.current === phase) return;
    shown.current = phase;
    setPanel(null);
    if (!document.activeElement || document.activeElement === document.body) heading.current?.focus();
  }, [phase]);

  const check = async (interactive: boolean) => {
    if (busy) return;
    setBusy(true);
    setStatus(t('probeRunning'));
    const r = await send('check-now', interactive ? { key: flow.key, interactive: true } : { key: flow.key });
    setBusy(false);
    setStatus(r.ok ? checkText(r.value.result) : t('actionFailed'));
  };
  const backToRox = async () => {
    const r = await send('return-to-rox', { key: flow.key });
    if (r.ok) window.close();
    else setStatus(t('actionFailed'));
  };
  const forget = async () => {
    const r = await send('forget-flow', { key: flow.key });
    if (r.ok) onForgotten();
    else setStatus(t('actionFailed'));
  };
  const toggle = (p: Panel) => setPanel(panel === p ? null : p);
  const panelId = (p: Panel) => `${id}-${p}`;
  const toggleProps = (p: Panel) => ({ type: 'button' as const, 'aria-expanded': panel === p, 'aria-controls': panelId(p), onClick: () => toggle(p) });

  return (
    <li class={`card ${phase}`} data-state={flow.state} data-phase={phase} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`} ref={heading} tabIndex={-1}>
        <span class="name">{name}</span> <span class="badge">{t(`state_${under(flow.state)}`)}</span>
      </h2>
      <dl class="facts">
        <div>
          <dt>{t('factApp')}</dt>
          <dd>{ROX_APP.name}</dd>
        </div>
        <div>
          <dt>{t('factAccount')}</dt>
          <dd>{flow.account || t('notKnown')}</dd>
        </div>
        <div>
          <dt>{t('factTenant')}</dt>
          <dd>{namedTenant(flow.tenant) ?? t('notKnown')}</dd>
        </div>
      </dl>
      <Timeline flow={flow} now={now} lang={lang} />

      <p class="next">{phase === 'sign-in-needed' ? t('nextSignIn') : t(`next_${under(flow.state)}`)}</p>
      {phase === 'waiting' && flow.lastProbe && (
        <p class="checked">{t('lastChecked', [relativeTime(flow.lastProbe.at, now, lang), t(`probeResult_${under(flow.lastProbe.result)}`)])}</p>
      )}
      {phase === 'expired' && (
        <>
          <p>{t('expiredExplain')}</p>
          <WhatToSay flow={flow} name={name} template={template} />
        </>
      )}

      {(waiting || phase === 'approved' || phase === 'expired') && (
        <div class="actions">
          {phase === 'waiting' && (
            <button type="button" class="primary" aria-disabled={busy} onClick={() => void check(false)}>
              {t('actionCheckNow')}
            </button>
          )}
          {phase === 'sign-in-needed' && (
            <button type="button" class="primary" aria-disabled={busy} onClick={() => void check(true)}>
              {t('actionSignIn')}
            </button>
          )}
          {waiting && <button {...toggleProps('remind')}>{t('actionRemind')}</button>}
          {phase === 'approved' && (
            <button type="button" class="primary" onClick={() => void backToRox()}>
              {t('actionReturn')}
            </button>
          )}
          {phase === 'expired' && (
            <button type="button" class="primary" onClick={() => void backToRox()}>
              {t('actionRequestAgain')}
            </button>
          )}
        </div>
      )}
      <p class="status" role="status" aria-live="polite">
        {status}
      </p>

      {panel === 'remind' && (
        <div id={panelId('remind')} class="panel">
          <p>{t(flow.state === 'admin-approval-needed' ? 'remindExplainGrant' : 'remindExplain')}</p>
          <CopyText text={adminMessage(flow, name, tenant)} label={t('adminMessageLabel')} buttonLabel={t('copyMessage')}>
            <a class="button" href={mailtoUrl(t('adminMessageSubject'), adminMessage(flow, name, tenant), contactIsWeb ? '' : contact)} target="_blank" rel="noopener noreferrer">
              {t('emailAdmin')}
            </a>
            {contactIsWeb && (
              <a class="button" href={contact} target="_blank" rel="noopener noreferrer">
                {t('contactAdmin')}
              </a>
            )}
          </CopyText>
        </div>
      )}
      <div class="actions minor">
        {waiting && <button {...toggleProps('declined')}>{t('actionDeclined')}</button>}
        <button {...toggleProps('troubleshoot')}>{t('actionTroubleshoot')}</button>
        <button type="button" onClick={() => void forget()}>
          {t('forget')}
        </button>
      </div>
      {panel === 'declined' && (
        <div id={panelId('declined')} class="panel">
          <p>{t('declinedExplain')}</p>
          <ul>
            <li>{t('declinedTalk')}</li>
            <li>{t('declinedAgain')}</li>
          </ul>
          <WhatToSay flow={flow} name={name} template={template} />
          <div class="actions">
            <button type="button" onClick={() => void backToRox()}>
              {t('actionRequestAgain')}
            </button>
          </div>
        </div>
      )}
      {panel === 'troubleshoot' && (
        <div id={panelId('troubleshoot')} class="panel">
          <p>{t('troubleshootExplain')}</p>
          <a class="button" href={myAppsUrl(tenant)} target="_blank" rel="noopener noreferrer">
            {t('troubleshootOpen')}
          </a>
        </div>
      )}
    </li>
  );
}
