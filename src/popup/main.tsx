/** The toolbar popup: every flow with where it stands, and what to do next. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { integrationById, ROX_APP } from '../catalog';
import type { Flow } from '../flow/model';
import { browser, send, t } from '../platform/browser';
import type { FlowsReply } from '../shared/messages';
import './popup.css';

function stateText(f: Flow): string {
  return t(`state_${f.state.replace(/-/g, '_')}`);
}

function FlowItem({ flow, onForget }: { flow: Flow; onForget(): void }) {
  const integration = integrationById(flow.integration);
  return (
    <li class={`flow ${flow.state}`} data-state={flow.state}>
      <div class="row">
        <strong>{integration ? t(integration.nameKey) : ROX_APP.name}</strong>
        <span class="state">{stateText(flow)}</span>
      </div>
      {flow.account && <div class="account">{flow.account}</div>}
      <p class="next">{t(`next_${flow.state.replace(/-/g, '_')}`)}</p>
      <div class="actions">
        {flow.state === 'approved' && flow.returnUrl && (
          <a class="button primary" href={flow.returnUrl} target="_blank" rel="noopener noreferrer">
            {t('openRox')}
          </a>
        )}
        <button type="button" onClick={onForget}>
          {t('forget')}
        </button>
      </div>
    </li>
  );
}

function Popup() {
  const [reply, setReply] = useState<FlowsReply | null>(null);
  // A failed answer (worker not reachable) shows as the storage problem, never as "no flows".
  const load = () => void send('get-flows').then((r) => setReply(r.ok ? r.value : { flows: [], problem: r.error }));
  useEffect(() => {
    load();
    const onChange = () => load();
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, []);
  return (
    <main>
      <h1>{t('extName')}</h1>
      {reply?.problem && <p class="problem" role="alert">{t('storageProblem')}</p>}
      {reply && !reply.flows.length && <p>{t('noFlows')}</p>}
      <ul class="flows" aria-label={t('flowsLabel')}>
        {reply?.flows.map((f) => (
          <FlowItem key={f.key} flow={f} onForget={() => void send('forget-flow', { key: f.key }).then(load)} />
        ))}
      </ul>
    </main>
  );
}

render(<Popup />, document.getElementById('app')!);
