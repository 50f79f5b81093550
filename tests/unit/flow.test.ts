/** The pure transition function, table-driven: every path, duplicates, late and out-of-order events. */
import { describe, expect, it } from 'vitest';
import { flowAfter, type Flow, type FlowEvent, type FlowState, type PageEventKind } from '../../src/flow/model';

const DAY = 86_400_000;
const data = { account: 'megan@fabrikam.com', clientId: 'rox', integration: 'outlook-calendar', tenant: 'fabrikam.com', scopes: ['Calendars.Read'] };
const page = (kind: PageEventKind, at: number, extra: object = {}): FlowEvent => ({ type: 'page', kind, at, data: { ...data, ...extra } });
const probe = (result: 'approved' | 'pending' | 'sign-in-needed' | 'network-error', at: number): FlowEvent => ({ type: 'probe', result, at });
const run = (events: FlowEvent[], start?: Flow) => events.reduce<Flow | undefined>((f, e) => flowAfter(f, e), start);

describe('flowAfter', () => {
  const paths: [string, FlowEvent[], FlowState | undefined][] = [
    ['connect then approval required', [page('connect-started', 1), page('approval-required', 2)], 'approval-required'],
    ['request sent', [page('approval-required', 1), page('request-sent', 2)], 'requested'],
    ['probe approves a request', [page('approval-required', 1), page('request-sent', 2), probe('approved', 3)], 'approved'],
    ['approved, then connected', [page('request-sent', 2), probe('approved', 3), page('connected', 4)], 'connected'],
    ['workflow off', [page('need-admin-approval', 1, { errorCode: '90094' })], 'admin-approval-needed'],
    ['workflow off, granted out of band', [page('need-admin-approval', 1), probe('approved', 2)], 'approved'],
    ['no consent needed at all', [page('connect-started', 1), page('connected', 2)], 'connected'],
    ['pending probe keeps waiting', [page('request-sent', 1), probe('pending', 2)], 'requested'],
    ['sign-in-needed probe keeps waiting', [page('request-sent', 1), probe('sign-in-needed', 2)], 'requested'],
    ['network error changes nothing', [page('request-sent', 1), probe('network-error', 2)], 'requested'],
    ['second Request sent keeps the first', [page('request-sent', 1), page('request-sent', 5)], 'requested'],
    ['revisiting Approval required while requested', [page('request-sent', 1), page('approval-required', 5)], 'requested'],
    ['late Approval required after approval', [page('request-sent', 1), probe('approved', 2), page('approval-required', 3)], 'approved'],
    ['late Request sent after approval', [page('request-sent', 1), probe('approved', 2), page('request-sent', 3)], 'approved'],
    ['a stale probe answer (older than the last change) is ignored', [page('request-sent', 10), probe('approved', 5)], 'requested'],
    ['a probe for a forgotten flow stays forgotten', [probe('approved', 1)], undefined],
    ['forget', [page('request-sent', 1), { type: 'user', action: 'forget', at: 2 }], undefined],
    ['consent revoked after connecting: approval required again', [page('connected', 1), page('approval-required', 2)], 'approval-required'],
    ['expired request can be requested again', [page('request-sent', 1), { type: 'tick', at: 1 + 31 * DAY }, page('approval-required', 2 + 31 * DAY)], 'approval-required'],
    ['a connect failure keeps the state', [page('request-sent', 1), page('connect-failed', 2, { errorCode: '65004' })], 'requested'],
  ];
  it.each(paths)('%s', (_n, events, state) => {
    expect(run(events)?.state).toBe(state);
  });

  it('expires a request after the policy days, not before', () => {
    const requested = run([page('request-sent', 0)])!;
    expect(flowAfter(requested, { type: 'tick', at: 30 * DAY - 1 })).toBe(requested);
    expect(flowAfter(requested, { type: 'tick', at: 30 * DAY })?.state).toBe('expired');
    expect(flowAfter(requested, { type: 'tick', at: 7 * DAY }, 7)?.state).toBe('expired');
  });

  it('keeps the first request time and justification when Request sent comes twice', () => {
    const first = run([page('request-sent', 100, { justification: 'first' })])!;
    const again = flowAfter(first, page('request-sent', 200, { justification: 'second' }))!;
    expect(again).toBe(first);
    expect(again.requestedAt).toBe(100);
    expect(again.justification).toBe('first');
  });

  it('returns the same object when nothing changes (so storage is not rewritten)', () => {
    const connected = run([page('connected', 1)])!;
    expect(flowAfter(connected, page('connected', 2))).toBe(connected);
    expect(flowAfter(connected, { type: 'tick', at: 99 * DAY })).toBe(connected);
  });

  it('records what was learned and never a secret', () => {
    const f = run([page('approval-required', 1), page('request-sent', 2, { justification: 'I want to sync my data to Rox' })])!;
    expect(f).toMatchObject({ account: 'megan@fabrikam.com', clientId: 'rox', tenant: 'fabrikam.com', scopes: ['Calendars.Read'], justification: 'I want to sync my data to Rox', requestedAt: 2 });
    expect(Object.keys(f).some((k) => /token|^code$|password|verifier/i.test(k))).toBe(false);
  });

  it('remembers minimised per flow', () => {
    const f = run([page('approval-required', 1)])!;
    expect(flowAfter(f, { type: 'user', action: 'set-minimised', minimised: true, at: 2 })?.minimised).toBe(true);
  });
});
