/** Seed step 7's end on Rox's callback: connected, or what Microsoft's error means. */
import { t } from '../../platform/content';
import type { Step, StepProps } from '../types';

/** AADSTS codes with their own explanation (`callbackError_<code>` in _locales). */
export const CALLBACK_ERROR_CODES: readonly string[] = ['65004', '65001', '90094', '90093', '90095', '50058'];

/** Microsoft's error, by AADSTS code when it carries one, else by OAuth error. */
export function callbackErrorKey(error: string | undefined, description: string | undefined): string {
  const code = /AADSTS(\d{5,6})/.exec(description ?? '')?.[1];
  if (code && CALLBACK_ERROR_CODES.includes(code)) return `callbackError_${code}`;
  if (error === 'access_denied') return 'callbackError_65004';
  if (error === 'consent_required' || error === 'interaction_required') return 'callbackError_65001';
  return 'callbackErrorOther';
}

function Body({ match }: StepProps) {
  const r = match.rox;
  if (r?.outcome === 'connected') return <p role="status">{t('callbackConnected')}</p>;
  return (
    <div>
      <p>{t(callbackErrorKey(r?.error, r?.errorDescription))}</p>
      {r?.error && <p class="note">{t('errorCodeLabel', [r.error])}</p>}
    </div>
  );
}

export const step: Step = { id: 'rox-callback', seedStep: 7, include: ['rox-callback'], titleKey: 'titleRoxCallback', warnKey: 'notRoxDoNot', Body };
