/** What the admin center's steps share: the facts of an app that looks like Rox and is not Rox's. */
import { ROX_APP, ROX_CLIENT_ID } from '../catalog/app';
import { t } from '../platform/content';
import type { StepProps } from './types';

/**
 * Under the red warning (the panel's verdict): the app's name and id as the page shows them, rendered as
 * text, and Rox's own id for comparison.
 */
export function AdminLookalike({ lookalike }: Pick<StepProps, 'lookalike'>) {
  if (!lookalike) return <p>{t('adminLookalikeWhatToDo')}</p>;
  return (
    <div>
      <p>{t('adminLookalikeTitle', [lookalike.name || '?', ROX_APP.name])}</p>
      <p>{t('adminLookalikeId', [lookalike.appId || '?', ROX_CLIENT_ID])}</p>
    </div>
  );
}

/** The admin's red warning: what the admin should do (not what a requester should). */
export const ADMIN_WARNING = { warnKey: 'adminLookalikeWhatToDo', Warning: AdminLookalike, whatToDoKey: 'adminLookalikeWhatToDo' } as const;

/** Rows (requests or apps) that look like Rox under another application id, named in red. */
export function LookalikeRows({ names, titleKey }: { names: string[]; titleKey: string }) {
  if (!names.length) return null;
  return (
    <div class="v suspicious" role="alert">
      <strong>{t(titleKey)}</strong>
      <ul>
        {names.map((name, i) => (
          <li key={i}>{name}</li>
        ))}
      </ul>
    </div>
  );
}
