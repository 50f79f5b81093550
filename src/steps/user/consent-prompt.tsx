/**
 * Microsoft's consent prompt (seed step 5 for an admin; a user who may consent too): a checklist against the
 * catalog, from the guard's verdict: the publisher and its verified badge, the permissions (each extra or
 * missing one named), and, for an admin, what consenting for the organization means. The admin clicks
 * Accept; the companion never does.
 */
import type { ComponentChildren } from 'preact';
import type { Verdict } from '../../guard';
import { t } from '../../platform/content';
import type { Step, StepProps } from '../types';

type Mark = 'ok' | 'bad' | 'unknown';

function publisherMark(v: Verdict | null): Mark {
  if (!v) return 'unknown';
  if (v.reasons.includes('publisher-mismatch') || v.reasons.includes('publisher-unverified')) return 'bad';
  return v.unchecked.includes('publisher') || v.unchecked.includes('verified') ? 'unknown' : 'ok';
}

function permissionsMark(v: Verdict | null): Mark {
  if (!v) return 'unknown';
  if (v.reasons.includes('scopes-extra') || v.reasons.includes('permissions-extra')) return 'bad';
  return v.unchecked.includes('scopes') ? 'unknown' : 'ok';
}

function Check({ mark, label, children }: { mark: Mark; label: string; children?: ComponentChildren }) {
  return (
    <li class={`check ${mark}`}>
      <span aria-hidden="true">{mark === 'ok' ? '✓' : mark === 'bad' ? '✗' : '?'}</span> <span class="sr">{t(`checkMark_${mark}`)}</span> {label}
      {children}
    </li>
  );
}

function Body({ match, verdict }: StepProps) {
  const admin = match.kind === 'admin-consent';
  const missing = verdict?.missing ?? [];
  return (
    <div>
      <p>{t(admin ? 'consentAdminHint' : 'consentUserHint')}</p>
      <ul class="checklist" aria-label={t('consentChecklistLabel')}>
        <Check mark={publisherMark(verdict)} label={t('consentCheckPublisher')} />
        <Check mark={permissionsMark(verdict)} label={t('consentCheckPermissions')}>
          {missing.length > 0 && <p class="note">{t('consentMissing', [missing.join(', ')])}</p>}
        </Check>
      </ul>
      {admin && <p>{t('consentOrgMeaning')}</p>}
      <p class="note">{t('consentYouAccept')}</p>
    </div>
  );
}

export const step: Step = { id: 'consent-prompt', seedStep: 5, include: ['user-consent', 'admin-consent'], titleKey: 'titleConsent', warnKey: 'consentDoNotAccept', Body };
