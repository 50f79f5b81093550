/** Preact pieces shared by every guided step. All page-derived text is rendered as text. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Verdict } from '../guard';
import { t } from '../platform/browser';

/** The seed guide's seven steps and who does each. */
export const SEED_STEPS = [
  { n: 1, who: 'user' },
  { n: 2, who: 'user' },
  { n: 3, who: 'user' },
  { n: 4, who: 'admin' },
  { n: 5, who: 'admin' },
  { n: 6, who: 'admin' },
  { n: 7, who: 'user' },
] as const;

export function StepList({ current }: { current: number }) {
  return (
    <ol class="steps" aria-label={t('stepsLabel')}>
      {SEED_STEPS.map((s) => (
        <li key={s.n} class={s.n < current ? 'done' : ''} aria-current={s.n === current ? 'step' : undefined}>
          <span class="n" aria-hidden="true">{s.n}</span>
          <span>{t(`step${s.n}`)}</span>
          <span class="who">{t(s.who === 'user' ? 'whoYou' : 'whoAdmin')}</span>
        </li>
      ))}
    </ol>
  );
}

export function VerdictBox({ verdict }: { verdict: Verdict | null }) {
  if (!verdict) return null;
  if (verdict.level === 'genuine')
    return (
      <div class="verdict genuine" role="status">
        {t('verdictGenuine')}
      </div>
    );
  if (verdict.level === 'unconfirmed')
    return (
      <div class="verdict unconfirmed" role="status">
        <strong>{t('verdictUnconfirmed')}</strong>
        <ul>
          {verdict.unchecked.map((u) => (
            <li key={u}>{t(`unchecked_${u.replace(/-/g, '_')}`)}</li>
          ))}
        </ul>
      </div>
    );
  return (
    <div class="verdict suspicious" role="alert">
      <strong>{t('verdictSuspicious')}</strong>
      <ul>
        {verdict.reasons.map((r) => (
          <li key={r}>{t(`reason_${r.replace(/-/g, '_')}`)}</li>
        ))}
      </ul>
      {verdict.extras.length > 0 && (
        <p>
          {t('extrasLabel')} {verdict.extras.join(', ')}
        </p>
      )}
      <p>{t('suspiciousWhatToDo')}</p>
    </div>
  );
}

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      onClick={() =>
        navigator.clipboard.writeText(text).then(
          () => setCopied(true),
          () => setCopied(false),
        )
      }
    >
      {copied ? t('copied') : label}
    </button>
  );
}

/** An outline drawn over a page element (never touching it), following scroll and resize. */
export function Highlight({ target, label }: { target: Element | null | undefined; label: string }) {
  const [rect, setRect] = useState<DOMRect | null>(null);
  useEffect(() => {
    if (!target) return;
    let frame = 0;
    const update = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => setRect(target.isConnected ? target.getBoundingClientRect() : null));
    };
    update();
    addEventListener('scroll', update, { passive: true, capture: true });
    addEventListener('resize', update, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      removeEventListener('scroll', update, { capture: true });
      removeEventListener('resize', update);
    };
  }, [target]);
  if (!rect || !rect.width) return null;
  return (
    <div class="highlight" aria-hidden="true" style={{ top: `${rect.top - 4}px`, left: `${rect.left - 4}px`, width: `${rect.width + 8}px`, height: `${rect.height + 8}px` }}>
      <span>{label}</span>
    </div>
  );
}

export interface PanelProps {
  seedStep: number;
  title: string;
  verdict: Verdict | null;
  minimised: boolean;
  onMinimise(minimised: boolean): void;
  children?: ComponentChildren;
}

/** The companion panel: a labelled landmark; minimisable; can move to the other side of the page. */
export function Panel({ seedStep, title, verdict, minimised, onMinimise, children }: PanelProps) {
  const [left, setLeft] = useState(false);
  const side = left ? ' left' : '';
  if (minimised)
    return (
      <button type="button" class={`pill${side}${verdict?.level === 'suspicious' ? ' suspicious' : ''}`} aria-expanded="false" onClick={() => onMinimise(false)}>
        {verdict?.level === 'suspicious' ? t('pillWarning') : t('pillStep', [String(seedStep)])}
      </button>
    );
  return (
    <section class={`panel${side}`} role="complementary" aria-label={t('extName')}>
      <header>
        <h2>{t('extName')}</h2>
        <button type="button" class="icon" title={t('moveSide')} aria-label={t('moveSide')} onClick={() => setLeft(!left)}>
          ⇆
        </button>
        <button type="button" class="icon" title={t('minimise')} aria-label={t('minimise')} aria-expanded="true" onClick={() => onMinimise(true)}>
          –
        </button>
      </header>
      <VerdictBox verdict={verdict} />
      <h3>{title}</h3>
      {children}
      <StepList current={seedStep} />
    </section>
  );
}
