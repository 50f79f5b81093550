/** Issue 9: every setting's validation, and managed > user > default (bad policy values ignored, never a crash). */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnosticsReport } from '../../src/settings/diagnostics';
import { DEFAULT_SETTINGS, effectiveSettings, mergeForSave, SETTING_KEYS, validateUserSettings, type UserSettings } from '../../src/settings/effective';
import { checkAdminContact, checkClientId, checkExpiryDays, checkInterval, checkOrigin, checkOrigins, checkTemplate, checkTenant } from '../../src/settings/validate';
import { parseStored } from '../../src/flow/storage';
import { nextCheckAt } from '../../src/background/checker';
import type { Flow } from '../../src/flow/model';

const USER: UserSettings = { justificationTemplate: '', expiryDays: 30, approvalChecks: true, checkIntervalMinutes: 60, notifications: true, roxOrigins: [] };
const GUID = '11111111-2222-4333-8444-555555555555';

describe('validation, one setting at a time', () => {
  it('template: {integration} only, at most 500 characters, no invisible controls; blank is the built-in one', () => {
    expect(checkTemplate('Rox needs {integration}.')).toEqual({ ok: true, value: 'Rox needs {integration}.' });
    expect(checkTemplate('   ')).toEqual({ ok: true, value: '' });
    expect(checkTemplate('a\r\nb')).toEqual({ ok: true, value: 'a\nb' });
    expect(checkTemplate('For {app}')).toMatchObject({ ok: false, key: 'errTemplatePlaceholder', subs: ['{app}', '{integration}'] });
    expect(checkTemplate('x'.repeat(501))).toMatchObject({ ok: false, key: 'errTemplateLong', subs: ['500', '501'] });
    expect(checkTemplate('bidi \u202e trick')).toMatchObject({ ok: false, key: 'errTemplateControl' });
    expect(checkTemplate(7)).toMatchObject({ ok: false });
  });
  it('numbers: whole, within bounds; typed digits are accepted', () => {
    expect(checkExpiryDays(14)).toEqual({ ok: true, value: 14 });
    expect(checkExpiryDays(' 7 ')).toEqual({ ok: true, value: 7 });
    for (const bad of [0, 366, 1.5, 'abc', '', NaN, Infinity, null, '1e2']) expect(checkExpiryDays(bad).ok, String(bad)).toBe(false);
    expect(checkInterval(15).ok && checkInterval(1440).ok).toBe(true);
    expect(checkInterval(14)).toMatchObject({ ok: false, key: 'errCheckInterval', subs: ['15', '1440'] });
  });
  it('origins: exactly https://host, no built-in Rox or Microsoft host, no wildcard, port, path, query or user', () => {
    expect(checkOrigin('https://Rox.Example.com/')).toEqual({ ok: true, value: 'https://rox.example.com' });
    const codes = (v: string) => (checkOrigin(v) as { key?: string }).key;
    expect(codes('http://rox.example.com')).toBe('errOriginHttps');
    expect(codes('https://*.example.com')).toBe('errOriginWildcard');
    expect(codes('https://rox.example.com:8443')).toBe('errOriginExact');
    expect(codes('https://rox.example.com/integrations')).toBe('errOriginExact');
    expect(codes('https://rox.example.com?x=1')).toBe('errOriginExact');
    expect(codes('https://me:pw@rox.example.com')).toBe('errOriginExact');
    expect(codes('https://app.rox.com')).toBe('errOriginBuiltIn');
    expect(codes('https://login.microsoftonline.com')).toBe('errOriginMicrosoft');
    expect(codes('https://localhost')).toBe('errOriginInvalid');
    expect(codes('not a url')).toBe('errOriginInvalid');
    expect(checkOrigins(['https://a.example', 'https://A.example/']).errors).toEqual([{ key: 'errOriginDuplicate', subs: ['https://a.example'] }]);
    expect(checkOrigins(Array.from({ length: 11 }, (_, i) => `https://r${i}.example`)).errors).toEqual([{ key: 'errListLong', subs: ['10'] }]);
  });
  it('ids, tenants and the admin contact', () => {
    expect(checkClientId(GUID.toUpperCase())).toEqual({ ok: true, value: GUID });
    expect(checkClientId('rox-test-app').ok).toBe(false);
    expect(checkTenant('Fabrikam.onmicrosoft.com')).toEqual({ ok: true, value: 'fabrikam.onmicrosoft.com' });
    expect(checkTenant('../evil').ok).toBe(false);
    expect(checkAdminContact('mailto:it@fabrikam.com')).toEqual({ ok: true, value: 'it@fabrikam.com' });
    expect(checkAdminContact('https://help.fabrikam.com/forms/consent')).toEqual({ ok: true, value: 'https://help.fabrikam.com/forms/consent' });
    expect(checkAdminContact('javascript:alert(1)').ok).toBe(false);
    expect(checkAdminContact('http://help.fabrikam.com').ok).toBe(false);
  });
});

describe('the options page\'s save: all or nothing', () => {
  it('names every problem of every field and gives no value to save', () => {
    const r = validateUserSettings({ ...USER, justificationTemplate: '{x}', expiryDays: '0', roxOrigins: ['http://a.example', 'https://ok.example'] });
    expect(r.value).toBeUndefined();
    expect(r.problems.map((p) => [p.key, p.message])).toEqual([
      ['justificationTemplate', 'errTemplatePlaceholder'],
      ['expiryDays', 'errExpiryDays'],
      ['roxOrigins', 'errOriginHttps'],
    ]);
  });
  it('a valid form becomes the settings to store, numbers as numbers', () => {
    expect(validateUserSettings({ ...USER, expiryDays: '14', checkIntervalMinutes: '120', roxOrigins: ['https://rox.example/'] })).toEqual({
      value: { ...USER, expiryDays: 14, checkIntervalMinutes: 120, roxOrigins: ['https://rox.example'] },
      problems: [],
    });
  });
  it('a locked setting keeps the user\'s own stored value (the policy may let go later)', () => {
    const eff = effectiveSettings({ expiryDays: 20 }, { expiryDays: 90 });
    expect(mergeForSave({ ...USER, expiryDays: 90, notifications: false }, { expiryDays: 20 }, eff)).toEqual({ ...USER, expiryDays: 20, notifications: false });
  });
});

describe('effective settings: managed > user > default', () => {
  it('defaults without anything', () => {
    const e = effectiveSettings(undefined, undefined);
    expect(e.values).toEqual(DEFAULT_SETTINGS);
    expect(new Set(Object.values(e.sources))).toEqual(new Set(['default']));
    expect(e.managedProblems).toEqual([]);
  });
  it('the user\'s valid choices over the defaults; invalid stored ones are as if unset', () => {
    const e = effectiveSettings({ justificationTemplate: 'Mine {integration}', expiryDays: 999, notifications: false, roxOrigins: ['https://rox.example'] }, {});
    expect(e.values).toMatchObject({ justificationTemplate: 'Mine {integration}', expiryDays: 30, notifications: false, roxOrigins: ['https://rox.example'] });
    expect(e.sources).toMatchObject({ justificationTemplate: 'user', expiryDays: 'default', notifications: 'user', roxOrigins: 'user' });
  });
  it('managed values win and lock; managed-only settings come from nowhere else', () => {
    const e = effectiveSettings(
      { justificationTemplate: 'Mine', notifications: true, trustedClientIds: [GUID] },
      { justificationTemplate: 'IT says {integration}', notifications: false, trustedClientIds: [GUID], tenantIds: ['fabrikam.com'], adminContact: 'it@fabrikam.com', approvalChecks: false },
    );
    expect(e.values).toMatchObject({ justificationTemplate: 'IT says {integration}', notifications: false, trustedClientIds: [GUID], tenantIds: ['fabrikam.com'], adminContact: 'it@fabrikam.com', approvalChecks: false });
    expect(e.sources).toMatchObject({ justificationTemplate: 'managed', notifications: 'managed', trustedClientIds: 'managed', approvalChecks: 'managed', expiryDays: 'default' });
  });
  it('trusted client ids never come from the user\'s storage (content scripts can write it)', () => {
    expect(effectiveSettings({ trustedClientIds: [GUID], adminContact: 'evil@example.com', tenantIds: ['x.example'] }, {}).values).toMatchObject({ trustedClientIds: [], adminContact: '', tenantIds: [] });
  });
  it('bad managed values are ignored with a diagnostic, never a crash; good list items stay', () => {
    const e = effectiveSettings(
      { expiryDays: 10 },
      { expiryDays: 'forever', justificationTemplate: 42, trustedClientIds: [GUID, 'not-a-guid', 7], roxOrigins: 'https://a.example', notifications: 'no', surprise: true },
    );
    expect(e.values).toMatchObject({ expiryDays: 10, justificationTemplate: '', trustedClientIds: [GUID], roxOrigins: [], notifications: true });
    expect(e.sources).toMatchObject({ expiryDays: 'user', justificationTemplate: 'default', trustedClientIds: 'managed', roxOrigins: 'default', notifications: 'default' });
    expect(e.managedProblems.map((p) => `${p.key}:${p.message}`)).toEqual([
      'justificationTemplate:errTemplateType',
      'expiryDays:errExpiryDays',
      'notifications:errSwitch',
      'roxOrigins:errListType',
      'trustedClientIds:errClientId',
      'trustedClientIds:errClientId',
      'surprise:errPolicyUnknown',
    ]);
    for (const junk of [null, 'x', 3, [1, 2], { trustedClientIds: null }]) expect(() => effectiveSettings({}, junk)).not.toThrow();
  });
});

describe('stored preferences and the check schedule', () => {
  it('parseStored keeps the options page\'s valid choices and drops bad ones', () => {
    const { prefs } = parseStored({ version: 1, flows: {}, prefs: { justificationTemplate: '', expiryDays: 30, approvalChecks: false, checkIntervalMinutes: 5, roxOrigins: ['https://rox.example'], notifications: 'x' } }).stored;
    expect(prefs).toEqual({ justificationTemplate: '', expiryDays: 30, approvalChecks: false, roxOrigins: ['https://rox.example'] });
  });
  it('after the first day a waiting flow is checked at the chosen interval', () => {
    const day = 24 * 60 * 60_000;
    const f = { state: 'requested', requestedAt: 0, updatedAt: 0, lastProbe: { at: 2 * day, result: 'pending' } } as unknown as Flow;
    expect(nextCheckAt(f)).toBe(2 * day + 60 * 60_000);
    expect(nextCheckAt(f, undefined, 180 * 60_000)).toBe(2 * day + 180 * 60_000);
    expect(nextCheckAt({ ...f, lastProbe: { at: 60_000, result: 'pending' } } as Flow, undefined, 180 * 60_000)).toBe(60_000 + 10 * 60_000);
  });
});

describe('the diagnostics report', () => {
  it('holds no personal data: no account, tenant, contact, client id, origin, URL or justification', () => {
    const e = effectiveSettings(
      { justificationTemplate: 'Megan needs {integration} for Falcon', roxOrigins: ['https://rox.fabrikam.com'] },
      { trustedClientIds: [GUID], tenantIds: ['fabrikam.onmicrosoft.com', '72f988bf-86f1-41af-91ab-2d7cd011db47'], adminContact: 'adele@fabrikam.com', bogus: 'https://evil.example/?q=megan' },
    );
    const report = diagnosticsReport({
      extensionVersion: '0.1.0',
      browser: 'Chrome 131',
      os: 'linux',
      uiLanguage: 'en-US',
      effective: e,
      grantedOrigins: 1,
      facts: { flowCounts: { requested: 2, approved: 1 }, tab: { kind: 'approval-required', verdict: { level: 'genuine', rox: true, reasons: [], unchecked: [] }, secondsAgo: 3 } },
      generatedAt: 0,
    });
    const text = JSON.stringify(report);
    for (const secret of ['Megan', 'Falcon', 'fabrikam', '72f988bf', GUID, 'adele', '@', 'https://', '?q=']) expect(text, secret).not.toContain(secret);
    expect(report.settings).toMatchObject({
      justificationTemplate: { value: 'custom (36 characters)', source: 'user' },
      tenantIds: { value: 2, source: 'managed' },
      adminContact: { value: 'e-mail address', source: 'managed' },
      trustedClientIds: { value: 1, source: 'managed' },
      roxOrigins: { value: 1, source: 'user' },
    });
    expect(report.policyProblems).toEqual([{ setting: 'bogus', problem: 'errPolicyUnknown' }]);
    expect(report.currentTab).toMatchObject({ kind: 'approval-required', verdict: { level: 'genuine' } });
  });
});

describe('the managed policy schema and the shipped samples', () => {
  const read = (p: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../..', p), 'utf8'));
  it('the manifest\'s managed_schema names exactly the settings, each with the type the validators take', () => {
    const schema = read(read('manifest.json').storage.managed_schema.replace(/^/, 'public/'));
    expect(Object.keys(schema.properties).sort()).toEqual([...SETTING_KEYS].sort());
    for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
      const type = Array.isArray(value) ? 'array' : typeof value === 'number' ? 'integer' : typeof value;
      expect(schema.properties[key].type, key).toBe(type);
    }
  });
  it.each([
    ['policy/chrome-linux.json', (j: any) => j['3rdparty'].extensions.cnkmldlicjhaomlcbgbgijgehokplhpk],
    ['policy/firefox-policies.json', (j: any) => j.policies['3rdparty'].Extensions['consent-companion@rox.com']],
  ])('%s sets every setting, all valid', (file, pick) => {
    const values = pick(read(file));
    expect(Object.keys(values).sort()).toEqual([...SETTING_KEYS].sort());
    const e = effectiveSettings(undefined, values);
    expect(e.managedProblems).toEqual([]);
    expect(new Set(Object.values(e.sources))).toEqual(new Set(['managed']));
  });
});
