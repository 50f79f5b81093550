/**
 * Preact pieces shared by every guided step. All page-derived text is rendered as text.
 * Class components, not hooks: preact/hooks would cost ~1 kB of the sign-in host's 15 kB budget.
 */
import { Component, createRef, type ComponentChildren } from 'preact';
import type { Verdict } from '../guard';
import { t } from '../platform/content';

/** The seed guide's seven steps: 1-3 and 7 are the user's, 4-6 the admin's. */
export function StepList({ current }: { current: number }) {
  return (
    // Focusable: in a small window the rail scrolls, and a keyboard must be able to scroll it.
    <ol aria-label={t('stepsLabel')} tabIndex={0}>
      {[1, 2, 3, 4, 5, 6, 7].map((n) => (
        <li key={n} aria-current={n === current ? 'step' : undefined}>
          <i aria-hidden="true">{n}</i>
          <span>{t(`step${n}`)}</span>
          <small>{t(n > 3 && n < 7 ? 'whoAdmin' : 'whoYou')}</small>
        </li>
      ))}
    </ol>
  );
}

const under = (s: string) => s.replace(/-/g, '_');

export function VerdictBox({ verdict: v, whatToDoKey = 'suspiciousWhatToDo' }: { verdict: Verdict | null; whatToDoKey?: string }) {
  if (!v) return null;
  if (v.level === 'genuine')
    return (
      <div class="v genuine" role="status">
        {t('verdictGenuine')}
      </div>
    );
  const bad = v.level === 'suspicious';
  return (
    <div class={bad ? 'v suspicious' : 'v'} role={bad ? 'alert' : 'status'}>
      <strong>{t(bad ? 'verdictSuspicious' : 'verdictUnconfirmed')}</strong>
      <ul>
        {bad ? v.reasons.map((r) => <li key={r}>{t(`reason_${under(r)}`)}</li>) : v.unchecked.map((u) => <li key={u}>{t(`unchecked_${under(u)}`)}</li>)}
      </ul>
      {bad && v.extras.length > 0 && <p>{`${t('extrasLabel')} ${v.extras.join(', ')}`}</p>}
      {bad && <p>{t(whatToDoKey)}</p>}
    </div>
  );
}

interface CopyProps {
  text: string;
  label: string;
}

export class CopyButton extends Component<CopyProps, { copied?: boolean }> {
  override render() {
    return (
      <button type="button" onClick={() => navigator.clipboard.writeText(this.props.text).then(() => this.setState({ copied: true }))}>
        {this.state.copied ? t('copied') : this.props.label}
      </button>
    );
  }
}

/** A message for the admin, with Copy and e-mail actions. */
export function AdminMessage({ message }: { message: string }) {
  return (
    <div>
      <h3>{t('tellAdmin')}</h3>
      <p class="q">{message}</p>
      <CopyButton text={message} label={t('copyMessage')} />{' '}
      <a href={`mailto:?subject=${encodeURIComponent(t('adminMessageSubject'))}&body=${encodeURIComponent(message)}`} target="_blank" rel="noopener noreferrer">
        {t('emailAdmin')}
      </a>
    </div>
  );
}

interface HighlightProps {
  target: Element | null | undefined;
  label: string;
}

/**
 * Where elements are, read after the browser's own next layout: an IntersectionObserver's first report
 * carries each target's bounding box (and the viewport's), so nothing of ours forces a layout
 * (getBoundingClientRect right after the page or the panel changed would). Without IntersectionObserver,
 * a frame later by getBoundingClientRect.
 */
export function measure(targets: readonly Element[], done: (rects: Map<Element, DOMRectReadOnly>, viewport: { width: number; height: number }) => void): () => void {
  if (typeof IntersectionObserver !== 'function') {
    const frame = requestAnimationFrame(() => done(new Map(targets.map((t) => [t, t.getBoundingClientRect()])), { width: innerWidth, height: innerHeight }));
    return () => cancelAnimationFrame(frame);
  }
  const rects = new Map<Element, DOMRectReadOnly>();
  const io = new IntersectionObserver((entries) => {
    let viewport: { width: number; height: number } | undefined;
    for (const e of entries) {
      rects.set(e.target, e.boundingClientRect);
      if (e.rootBounds) viewport = e.rootBounds;
    }
    if (rects.size < targets.length) return;
    io.disconnect();
    done(rects, viewport ?? { width: innerWidth, height: innerHeight });
  });
  for (const t of targets) io.observe(t);
  return () => io.disconnect();
}

/** An outline drawn over a page element (never touching it), following scroll and resize. */
export class Highlight extends Component<HighlightProps, { rect?: DOMRectReadOnly }> {
  private cancel?: () => void;
  private update = () => {
    // One measurement at a time: scroll events come faster than frames.
    if (this.cancel) return;
    const el = this.props.target;
    if (!el?.isConnected) return this.setState({ rect: undefined });
    this.cancel = measure([el], (rects) => {
      this.cancel = undefined;
      this.setState({ rect: rects.get(el) });
    });
  };
  override componentDidMount() {
    this.update();
    addEventListener('scroll', this.update, { passive: true, capture: true });
    addEventListener('resize', this.update, { passive: true });
  }
  override componentWillUnmount() {
    this.cancel?.();
    removeEventListener('scroll', this.update, { capture: true });
    removeEventListener('resize', this.update);
  }
  override render() {
    const r = this.state.rect;
    return r?.width ? (
      <div class="hl" aria-hidden="true" style={{ top: `${r.top - 4}px`, left: `${r.left - 4}px`, width: `${r.width + 8}px`, height: `${r.height + 8}px` }}>
        <span>{this.props.label}</span>
      </div>
    ) : null;
  }
}

export interface PanelProps {
  seedStep: number;
  /** Rox's seven steps are shown only where the app is provably Rox's. */
  help: boolean;
  title: string;
  verdict: Verdict | null;
  /** The red warning's "what to do" message key. */
  whatToDoKey?: string;
  minimised: boolean;
  onMinimise(minimised: boolean): void;
  /** The page's own controls (Accept, Cancel, Review permissions and consent...): never covered. */
  avoid?: readonly Element[];
  children?: ComponentChildren;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
const overlaps = (a: Box, b: Box) => a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top;

/**
 * The companion panel: a labelled landmark; minimisable (its button, or Escape inside it); can move to the
 * other side of the page. When the user minimises or expands it, the focus goes to what took the place of
 * the control they used (the pill, or the panel's Minimise button); it never takes the focus by itself.
 */
export class Panel extends Component<PanelProps, { left?: boolean; maxHeight?: number }> {
  private section = createRef<HTMLElement>();
  private cancelFit?: () => void;
  /**
   * Where the panel would cover one of the page's own controls, it moves to the other side; if both sides
   * cover one, it ends above the highest one. Measured once per page state and on resize (never per
   * mutation), after the browser's own layout (see measure).
   */
  private fit = () => {
    this.cancelFit?.();
    const panel = this.section.current;
    const targets = (this.props.avoid ?? []).filter((e) => e.isConnected);
    if (!panel || !targets.length) return;
    this.cancelFit = measure([panel, ...targets], (rects, viewport) => {
      this.cancelFit = undefined;
      const avoid = targets.map((e) => rects.get(e)!).filter((r) => r.width && r.height);
      const p = rects.get(panel)!;
      if (!avoid.length || !p.width) return;
      const hits = (b: Box) => avoid.filter((r) => overlaps(b, r));
      if (!hits(p).length) return;
      const other = { left: viewport.width - p.right, right: viewport.width - p.left, top: p.top, bottom: p.bottom };
      if (!hits(other).length) return this.setState({ left: !this.state.left });
      const below = avoid.filter((r) => r.left < p.right && r.right > p.left && r.top > p.top + 120).map((r) => r.top);
      if (below.length) this.setState({ maxHeight: Math.floor(Math.min(...below) - 12 - p.top) });
    });
  };
  override componentDidMount() {
    this.fit();
    addEventListener('resize', this.fit, { passive: true });
  }
  override componentWillUnmount() {
    this.cancelFit?.();
    removeEventListener('resize', this.fit);
  }
  private pill = createRef<HTMLButtonElement>();
  private minimiseButton = createRef<HTMLButtonElement>();
  private refocus = false;
  private toggle(minimised: boolean) {
    this.refocus = true;
    this.props.onMinimise(minimised);
  }
  private onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    this.toggle(true);
  };
  override componentDidUpdate(prev: PanelProps) {
    if (prev.minimised && !this.props.minimised) this.fit();
    if (!this.refocus || prev.minimised === this.props.minimised) return;
    this.refocus = false;
    (this.props.minimised ? this.pill : this.minimiseButton).current?.focus();
  }
  override render() {
    const { seedStep, help, title, verdict, minimised, children } = this.props;
    const side = this.state.left ? ' left' : '';
    if (minimised)
      return (
        <button ref={this.pill} type="button" class={`pill${side}${verdict?.level === 'suspicious' ? ' v suspicious' : ''}`} aria-expanded="false" onClick={() => this.toggle(false)}>
          {verdict?.level === 'suspicious' ? t('pillWarning') : t('pillStep', [String(seedStep)])}
        </button>
      );
    return (
      <section ref={this.section} class={`p${side}`} style={this.state.maxHeight ? { maxHeight: `${this.state.maxHeight}px` } : undefined} role="complementary" aria-label={t('extName')} onKeyDown={this.onKeyDown}>
        <header>
          <h2>{t('extName')}</h2>
          <button type="button" aria-label={t('moveSide')} onClick={() => this.setState({ left: !side })}>
            ⇆
          </button>
          <button ref={this.minimiseButton} type="button" aria-label={t('minimise')} aria-expanded="true" onClick={() => this.toggle(true)}>
            –
          </button>
        </header>
        {/* Focusable and named: in a small window it scrolls, and a keyboard must be able to scroll it. */}
        <div class="b" tabIndex={0} role="group" aria-labelledby="rox-title">
          <VerdictBox verdict={verdict} whatToDoKey={this.props.whatToDoKey} />
          <h3 id="rox-title">{title}</h3>
          {children}
        </div>
        {help && <StepList current={seedStep} />}
      </section>
    );
  }
}
