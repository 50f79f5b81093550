/** A flow's four stages as an ordered list; the stage it stands at carries aria-current. */
import type { Flow } from '../flow/model';
import { t } from '../platform/browser';
import { absoluteTime, relativeTime } from './time';
import { stagesOf, type Stage } from './view';

function label(s: Stage, flow: Flow): string {
  switch (s.id) {
    case 'started':
      return t('stageStarted');
    case 'requested':
      // An admin has to grant it: no request could be sent from Microsoft's page.
      return flow.state === 'admin-approval-needed' ? t('state_admin_approval_needed') : t('stageRequested');
    case 'approved':
      return t('stageApproved');
    case 'connected':
      return t('stageConnected');
  }
}

export function Timeline({ flow, now, lang }: { flow: Flow; now: number; lang: string }) {
  return (
    <ol class="timeline" aria-label={t('timelineLabel')}>
      {stagesOf(flow).map((s) => (
        <li key={s.id} class={`${s.status}${s.status === 'current' && flow.state === 'expired' ? ' expired' : ''}`} aria-current={s.status === 'current' ? 'step' : undefined}>
          <span class="dot" aria-hidden="true" />
          <span class="label">{label(s, flow)}</span>
          {s.at !== undefined ? (
            <time dateTime={new Date(s.at).toISOString()} title={absoluteTime(s.at, lang)}>
              {relativeTime(s.at, now, lang)}
            </time>
          ) : (
            s.status !== 'done' && <span class="sr-only">{t(s.status === 'skipped' ? 'stageSkipped' : 'stageNotYet')}</span>
          )}
        </li>
      ))}
    </ol>
  );
}
