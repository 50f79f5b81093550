/** Pure pieces of the steps: the justification fill and the callback's error meaning. */
import { describe, expect, it } from 'vitest';
import { fillEmpty } from '../../src/steps/user/approval-required';
import { callbackErrorKey } from '../../src/steps/user/rox-callback';

describe('fillEmpty', () => {
  it('fills an empty box and fires the events Microsoft\'s form listens to', () => {
    const box = document.createElement('textarea');
    const seen: string[] = [];
    box.addEventListener('input', () => seen.push('input'));
    box.addEventListener('change', () => seen.push('change'));
    expect(fillEmpty(box, 'Please approve')).toBe(true);
    expect(box.value).toBe('Please approve');
    expect(seen).toEqual(['input', 'change']);
  });
  it('never overwrites what the user typed', () => {
    const box = document.createElement('textarea');
    box.value = 'my own words';
    expect(fillEmpty(box, 'Please approve')).toBe(false);
    expect(box.value).toBe('my own words');
  });
});

describe('callbackErrorKey', () => {
  it.each([
    ['access_denied', 'AADSTS65004: User declined to consent', 'callbackError_65004'],
    ['consent_required', 'AADSTS65001: not consented', 'callbackError_65001'],
    ['access_denied', 'AADSTS90094: admin', 'callbackError_90094'],
    ['access_denied', '', 'callbackError_65004'],
    ['server_error', 'AADSTS50000', 'callbackErrorOther'],
    [undefined, undefined, 'callbackErrorOther'],
  ])('%s / %s -> %s', (e, d, key) => expect(callbackErrorKey(e, d)).toBe(key));
});
