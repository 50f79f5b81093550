/**
 * Seed step 2, Microsoft's "Approval required": explain, list what Rox asks for in plain words next to
 * Microsoft's wording, fill the justification ONLY when the box is empty, point at Request approval.
 * Never clicks Request approval.
 */
import { useEffect, useState } from 'preact/hooks';
import { INTEGRATIONS, SIGN_IN_PERMISSIONS } from '../../catalog';
import { CopyButton, Highlight } from '../../overlay/components';
import { t } from '../../platform/browser';
import { integrationOf, justificationText } from '../shared';
import type { Step, StepProps } from '../types';

const BY_DISPLAY = new Map([...INTEGRATIONS.flatMap((i) => i.permissions), ...SIGN_IN_PERMISSIONS].map((p) => [p.display.toLowerCase(), p]));

/** Sets a text box's value the way typing would, so Microsoft's form bindings see it. */
export function fillEmpty(box: HTMLTextAreaElement, text: string): boolean {
  if (box.value.trim() !== '') return false;
  const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set;
  if (setter) setter.call(box, text);
  else box.value = text;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  box.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

function Body({ match, flow, prefs, verdict, report }: StepProps) {
  const integration = integrationOf(match, flow?.integration);
  const text = justificationText(prefs, integration);
  const box = match.justificationBox;
  const [status, setStatus] = useState<'filled' | 'kept' | 'none'>('none');
  const suspicious = verdict?.level === 'suspicious';

  useEffect(() => {
    if (!box || suspicious) return;
    setStatus(fillEmpty(box, text) ? 'filled' : 'kept');
    // Remember what was sent (the flow records the justification, nothing else from the form).
    const form = box.form;
    const onSubmit = () => report({ justification: box.value.slice(0, 1000) });
    form?.addEventListener('submit', onSubmit, { capture: true, passive: true });
    return () => form?.removeEventListener('submit', onSubmit, { capture: true });
  }, [box, suspicious]);

  if (suspicious) return <p>{t('approvalDoNotRequest')}</p>;
  return (
    <div>
      <p>{t('approvalExplain')}</p>
      {flow?.state === 'requested' && flow.requestedAt && (
        <p class="note">{t('approvalAlreadyRequested', [new Date(flow.requestedAt).toLocaleDateString()])}</p>
      )}
      <h3>{t('whatRoxAsks')}</h3>
      <ul class="perms">
        {match.permissions.map((p) => {
          const known = BY_DISPLAY.get(p.toLowerCase());
          return (
            <li key={p}>
              {known ? t(known.plainKey) : t('permUnknown')}
              <span class="ms">{p}</span>
            </li>
          );
        })}
      </ul>
      <h3>{t('justificationHeading')}</h3>
      {box ? (
        <p>{status === 'filled' ? t('justificationFilled') : t('justificationKept')}</p>
      ) : (
        <div>
          <p>{t('justificationNoBox')}</p>
          <p class="quote">{text}</p>
          <CopyButton text={text} label={t('copy')} />
        </div>
      )}
      <p>{t('approvalNext')}</p>
      <p class="note">{t('approvalFirstOnly')}</p>
      <Highlight target={match.submitButton} label={t('highlightRequestApproval')} />
    </div>
  );
}

export const step: Step = { id: 'approval-required', seedStep: 2, include: ['approval-required'], titleKey: 'titleApprovalRequired', Body };
