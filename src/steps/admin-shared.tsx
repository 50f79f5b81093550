/** What the admin center's steps share: the red warning for an app that looks like Rox and is not Rox's. */
import { ROX_APP, ROX_CLIENT_ID } from '../catalog/app';
import { t } from '../platform/content';
import type { PageReply } from '../shared/messages';

/** The app's name and id as the page shows them, rendered as text; Rox's own id for comparison. */
export function AdminLookalike({ lookalike }: { lookalike: NonNullable<PageReply['lookalike']> }) {
  return (
    <div class="v suspicious" role="alert">
      <strong>{t('adminLookalikeTitle', [lookalike.name || '?', ROX_APP.name])}</strong>
      <ul>
        <li>{t('adminLookalikeId', [lookalike.appId || '?', ROX_CLIENT_ID])}</li>
      </ul>
      <p>{t('adminLookalikeWhatToDo')}</p>
    </div>
  );
}
