import type { ProbeOutcome, ProbeRequest } from '../../src/probe/msal-probe';

declare global {
  interface Window {
    runProbe(req: ProbeRequest): Promise<ProbeOutcome>;
  }
  // The service worker's global, used only inside worker.evaluate in tests.
  const chrome: { storage: { local: { get(k: null): Promise<Record<string, unknown>>; set(v: Record<string, unknown>): Promise<void>; clear(): Promise<void> } } };
}
export {};
