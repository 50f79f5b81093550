/**
 * Seed step 4 on Admin consent requests: the admin's steps, Rox's request rows outlined (drawn over the grid,
 * never restyling it), a red warning for rows that look like Rox under another application id, and, when no
 * Rox request is pending, why that may be.
 */
import { Highlight } from '../../overlay/components';
import { t } from '../../platform/content';
import type { Step, StepProps } from '../types';

function Body({ match, requestKinds = [] }: StepProps) {
  const rows = match.requests?.rows ?? [];
  const rox = requestKinds.flatMap((k, i) => (k === 'rox' ? [i] : []));
  const lookalikes = requestKinds.flatMap((k, i) => (k === 'lookalike' ? [rows[i]?.name ?? ''] : []));
  return (
    <div>
      {lookalikes.length > 0 && (
        <div class="v suspicious" role="alert">
          <strong>{t('adminReqLookalike')}</strong>
          <ul>
            {lookalikes.map((name, i) => (
              <li key={i}>{name}</li>
            ))}
          </ul>
        </div>
      )}
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

export const step: Step = { id: 'admin-requests', seedStep: 4, include: ['admin-requests'], titleKey: 'titleAdminRequests', warnKey: 'notRoxDoNot', Body };
