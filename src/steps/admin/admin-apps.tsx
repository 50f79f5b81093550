/**
 * Seed step 6 begins in Enterprise applications (All applications): Rox's app outlined (by application id),
 * look-alikes named in red; the admin opens Rox's app, then Permissions. Opening it from here also ties
 * the app's blades (addressed by object id) to Rox's application id for the Permissions check.
 */
import { Highlight } from '../../overlay/components';
import { t } from '../../platform/content';
import { ADMIN_WARNING, LookalikeRows } from '../admin-shared';
import type { Step, StepProps } from '../types';

function Body({ match, requestKinds = [] }: StepProps) {
  const rows = match.apps?.rows ?? [];
  const rox = requestKinds.flatMap((k, i) => (k === 'rox' ? [i] : []));
  const lookalikes = requestKinds.flatMap((k, i) => (k === 'lookalike' ? [rows[i]?.name ?? ''] : []));
  return (
    <div>
      <LookalikeRows names={lookalikes} titleKey="adminAppsLookalike" />
      {rox.length > 0 && <p>{t('adminAppsFound')}</p>}
      {rox.map((i) => (
        <Highlight key={i} target={match.rowElements?.[i]} label={t('highlightRoxApp')} />
      ))}
    </div>
  );
}

export const step: Step = { id: 'admin-apps', seedStep: 6, include: ['admin-apps'], titleKey: 'titleAdminApps', ...ADMIN_WARNING, Body };
