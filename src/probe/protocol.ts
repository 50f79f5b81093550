/** The worker's calls to the check's page (an offscreen document). Types and one constant only. */
import type { ProbeRequest } from './msal-probe';

export const PROBE_TARGET = 'rox-approval-check';

export type ProbeCall =
  | { target: typeof PROBE_TARGET; op: 'start'; req: ProbeRequest }
  | { target: typeof PROBE_TARGET; op: 'finish'; state: string; responseUrl: string }
  | { target: typeof PROBE_TARGET; op: 'abandon'; state: string };
