/**
 * Seed step 2, Microsoft's "Approval required": explain, list what Rox asks for in plain words next to
 * Microsoft's wording, fill the justification ONLY when the box is empty, point at Request approval.
 * Never clicks Request approval.
 */
import { Component } from 'preact';
import { CopyButton, Highlight } from '../../overlay/components';
import { send, t } from '../../platform/content';
import { justificationText } from '../shared';
import type { Step, StepProps } from '../types';

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

class Body extends Component<StepProps, { status: 'filled' | 'kept' | 'none' }> {
  private form: HTMLFormElement | null = null;
  // Remember what was sent (the flow records the justification, nothing else from the form).
  private onSubmit = () => void send('justification-submitted', { justification: this.props.match.justificationBox?.value.slice(0, 1000) ?? '' });

  override componentDidMount() {
    const { match, prefs, integration } = this.props;
    const box = match.justificationBox;
    if (!box) return;
    this.setState({ status: fillEmpty(box, justificationText(prefs, integration)) ? 'filled' : 'kept' });
    this.form = box.form;
    this.form?.addEventListener('submit', this.onSubmit, { capture: true, passive: true });
  }

  override componentWillUnmount() {
    this.form?.removeEventListener('submit', this.onSubmit, { capture: true });
  }

  override render() {
    const { match, flow, prefs, integration, plain } = this.props;
    const text = justificationText(prefs, integration);
    const box = match.justificationBox;
    return (
      <div>
        <p>{t('approvalExplain')}</p>
        {flow?.state === 'requested' && flow.requestedAt && <p class="note">{t('approvalAlreadyRequested', [new Date(flow.requestedAt).toLocaleDateString()])}</p>}
        <h3>{t('whatRoxAsks')}</h3>
        <ul class="perms">
          {match.permissions.map((p) => (
            <li key={p}>
              {t(plain[p.toLowerCase()] ?? 'permUnknown')}
              <span class="ms">{p}</span>
            </li>
          ))}
        </ul>
        <h3>{t('justificationHeading')}</h3>
        {box ? (
          <p>{this.state.status === 'filled' ? t('justificationFilled') : t('justificationKept')}</p>
        ) : (
          <div>
            <p>{t('justificationNoBox')}</p>
            <p class="q">{text}</p>
            <CopyButton text={text} label={t('copy')} />
          </div>
        )}
        <p>{t('approvalNext')}</p>
        <p class="note">{t('approvalFirstOnly')}</p>
        <Highlight target={match.submitButton} label={t('highlightRequestApproval')} />
      </div>
    );
  }
}

export const step: Step = { id: 'approval-required', seedStep: 2, include: ['approval-required'], titleKey: 'titleApprovalRequired', warnKey: 'approvalDoNotRequest', Body };
