/** What a flow means for the popup: its phase (which next action) and its timeline. Pure. */
import type { Flow } from '../flow/model';

/**
 * connecting / not-requested: Microsoft's pages lead on; waiting: the admin has it (requested, or an admin
 * must grant it); sign-in-needed: waiting, but the last check needs the user signed in.
 */
export type Phase = 'connecting' | 'not-requested' | 'waiting' | 'sign-in-needed' | 'approved' | 'connected' | 'expired';

export const isWaiting = (f: Flow) => f.state === 'requested' || f.state === 'admin-approval-needed';

export function phaseOf(f: Flow): Phase {
  switch (f.state) {
    case 'connecting':
      return 'connecting';
    case 'approval-required':
      return 'not-requested';
    case 'requested':
    case 'admin-approval-needed':
      return f.lastProbe?.result === 'sign-in-needed' ? 'sign-in-needed' : 'waiting';
    default:
      return f.state;
  }
}

export const STAGES = ['started', 'requested', 'approved', 'connected'] as const;
export type StageId = (typeof STAGES)[number];

/** done: reached (with its time when known); current: where the flow stands; skipped: passed without it. */
export interface Stage {
  id: StageId;
  status: 'done' | 'current' | 'todo' | 'skipped';
  at?: number;
}

const CURRENT: Record<Flow['state'], number> = {
  connecting: 0,
  'approval-required': 0,
  requested: 1,
  'admin-approval-needed': 1,
  expired: 1,
  approved: 2,
  connected: 3,
};

export function stagesOf(f: Flow): Stage[] {
  const at: Record<StageId, number | undefined> = { started: f.createdAt, requested: f.requestedAt, approved: f.approvedAt, connected: f.connectedAt };
  const current = CURRENT[f.state];
  return STAGES.map((id, i) => {
    const stage: Stage = { id, status: i === current ? 'current' : i > current ? 'todo' : 'done' };
    if (i <= current && at[id] !== undefined) stage.at = at[id];
    // Connected without a request (the user could consent, or the request went unseen): no "request sent".
    if (stage.status === 'done' && id === 'requested' && stage.at === undefined) stage.status = 'skipped';
    return stage;
  });
}
