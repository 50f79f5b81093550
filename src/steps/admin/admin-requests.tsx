/**
 * Seed step 4 on Admin consent requests: the admin's steps, Rox's request rows outlined (drawn over the grid,
 * never restyling it), a red warning for rows that look like Rox under another application id, and, when no
 * Rox request is pending, why that may be. With a request's Details pane open: for Rox's request (by
 * application id), what to check (requesters and their justifications, publisher, badge) and where to click
 * (Review permissions and consent, outlined), and what Deny and Block would do; for a look-alike, the red
 * warning; for any other app, nothing more.
 */
import { ROX_APP } from '../../catalog/app';
import { Highlight } from '../../overlay/components';
import { t } from '../../platform/content';
import { ADMIN_WARNING, LookalikeRows } from '../admin-shared';
import type { Step, StepProps } from '../types';

type Details = NonNullable<NonNullable<StepProps['match']['requests']>['details']>;

function Check({ ok, text }: { ok: boolean | null; text: string }) {
  const mark = ok === true ? 'ok' : ok === false ? 'bad' : 'unknown';
  return (
    <li class={`check ${mark}`}>
      <span aria-hidden="true">{ok === true ? '✓' : ok === false ? '✗' : '?'}</span> <span class="sr">{t(`checkMark_${mark}`)}</span> {text}
    </li>
  );
}

/** The open request is Rox's (its application id): what to check in the pane, and what each action does. */
function RoxDetails({ details, review }: { details: Details; review?: HTMLElement }) {
  const publisherShown = details.tab === 'app' && !!details.publisher;
  const publisherOk = publisherShown ? details.publisher.replace(/\s+/g, ' ').trim().toLowerCase() === ROX_APP.publisher.toLowerCase() : null;
  return (
    <section aria-label={t('adminPaneLabel')}>
      <h3>{t('adminPaneTitle')}</h3>
      <ul class="checklist" aria-label={t('consentChecklistLabel')}>
        <Check ok={true} text={t('adminPaneAppId')} />
        <Check ok={publisherOk} text={publisherShown ? t('adminPanePublisher', [details.publisher, ROX_APP.publisher]) : t('adminPanePublisherOpen', [ROX_APP.publisher])} />
        {publisherShown && <Check ok={details.verified} text={details.verified ? t('adminPaneBadge') : t('adminPaneBadgeUnseen')} />}
      </ul>
      {details.tab === 'requested' && details.requesters.length > 0 ? (
        <div>
          <p>{t('adminPaneRequesters')}</p>
          <ul class="requesters">
            {details.requesters.map((r, i) => (
              <li key={i}>
                <strong>{r.upn}</strong>
                {r.justification ? <span>{` ${t('adminPaneJustification', [r.justification])}`}</span> : <span>{` ${t('adminPaneNoJustification')}`}</span>}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p>{t('adminPaneRequestersOpen')}</p>
      )}
      {details.pending ? <p>{t('adminPaneReview')}</p> : <p class="note">{t('adminPaneNotPending')}</p>}
      <p class="note">{t('adminPaneDenyBlock')}</p>
      {details.pending && <Highlight target={review} label={t('highlightReview')} />}
    </section>
  );
}

function Body({ match, requestKinds = [], detailsKind }: StepProps) {
  const rows = match.requests?.rows ?? [];
  const details = match.requests?.details;
  const rox = requestKinds.flatMap((k, i) => (k === 'rox' ? [i] : []));
  const lookalikes = requestKinds.flatMap((k, i) => (k === 'lookalike' ? [rows[i]?.name ?? ''] : []));
  return (
    <div>
      <LookalikeRows names={lookalikes} titleKey="adminReqLookalike" />
      {details && detailsKind === 'rox' && <RoxDetails details={details} review={match.reviewButton} />}
      {rox.length ? <p>{t('adminReqFound')}</p> : <p class="note">{t('adminReqNone')}</p>}
      <ol>
        <li>{t('adminReqStep1')}</li>
        <li>{t('adminReqStep2')}</li>
        <li>{t('adminReqStep3')}</li>
      </ol>
      {rox.map((i) => (
        <Highlight key={i} target={match.rowElements?.[i]} label={t('highlightRoxRequest')} />
      ))}
    </div>
  );
}

export const step: Step = { id: 'admin-requests', seedStep: 4, include: ['admin-requests'], titleKey: 'titleAdminRequests', ...ADMIN_WARNING, Body };
