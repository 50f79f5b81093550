/**
 * The probe page. Runs one probe described by its query string (tenant, scopes, login_hint, interactive)
 * when opened by the extension, and exposes `runProbe` for the extension's own tests. Only this
 * extension's pages can open it: it is not web-accessible.
 */
import { t } from '../platform/browser';
import { probe, type ProbeRequest } from './msal-probe';

declare global {
  interface Window {
    runProbe(req: ProbeRequest): ReturnType<typeof probe>;
  }
}

window.runProbe = probe;
document.title = t('probeTitle');
const status = document.getElementById('status')!;
const q = new URLSearchParams(location.search);
if (q.get('tenant')) {
  status.textContent = t('probeRunning');
  void probe({ tenant: q.get('tenant')!, scopes: (q.get('scopes') ?? '').split(' ').filter(Boolean), loginHint: q.get('login_hint') ?? undefined, interactive: q.get('interactive') === '1' }).then((o) => {
    status.textContent = t(`probeResult_${o.result.replace(/-/g, '_')}`);
  });
}
