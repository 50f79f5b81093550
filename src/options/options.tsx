/**
 * The options page: the justification template (live preview), the approval checks, extra Rox origins, then
 * the diagnostics report and "Forget all data". Every field is validated before anything is saved, and all
 * the settings are saved in one write (the worker validates them again). A setting managed by policy shows
 * its managed value, disabled, with "Managed by your organization"; policy changes show up live.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ROX_APP } from '../catalog/app';
import { browser, send, t } from '../platform/browser';
import { isManaged, validateUserSettings, type SettingProblem, type UserKey } from '../settings/effective';
import type { SettingsReply } from '../settings/messages';
import { EXPIRY_MAX, EXPIRY_MIN, INTERVAL_MAX, INTERVAL_MIN, TEMPLATE_MAX } from '../settings/validate';
import { justificationFrom } from '../shared/justification';
import { fromForm, toForm, type FormValues } from './form';
import { Diagnostics, ForgetAll } from './tools';

const problemText = (p: SettingProblem) => t(p.message, p.subs);

/** A setting's label, control, managed note and problems, tied together for assistive technology. */
function Field(props: { id: string; label: string; hint?: string; locked: boolean; problems: SettingProblem[]; children: (describedBy: string) => ComponentChildren; inline?: boolean }) {
  const { id, label, hint, locked, problems, children, inline } = props;
  const describedBy = [hint && `${id}-hint`, locked && `${id}-managed`, problems.length && `${id}-error`].filter(Boolean).join(' ');
  return (
    <div class={`field${locked ? ' locked' : ''}${problems.length ? ' invalid' : ''}`} data-setting={id}>
      {inline ? (
        <label class="inline">
          {children(describedBy)} {label}
        </label>
      ) : (
        <>
          <label for={id}>{label}</label>
          {children(describedBy)}
        </>
      )}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {locked && (
        <p id={`${id}-managed`} class="managed">
          {t('optManaged')}
        </p>
      )}
      {!!problems.length && (
        <ul id={`${id}-error`} class="error">
          {problems.map((p) => (
            <li key={p.message + (p.subs ?? []).join()}>{problemText(p)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Options() {
  const [reply, setReply] = useState<SettingsReply | null>(null);
  const [form, setForm] = useState<FormValues | null>(null);
  const [problems, setProblems] = useState<SettingProblem[]>([]);
  const [status, setStatus] = useState('');
  const [unreachable, setUnreachable] = useState(false);
  const summary = useRef<HTMLParagraphElement>(null);
  const formRef = useRef<FormValues | null>(null);
  formRef.current = form;

  /** Reads the settings; fields the user is editing keep their text, unless policy now locks them. */
  const load = async (replaceForm: boolean) => {
    const r = await send('get-settings');
    if (!r.ok) return setUnreachable(true);
    setUnreachable(false);
    setReply(r.value);
    const fresh = toForm({ ...r.value.user, ...lockedValues(r.value) });
    const current = formRef.current;
    if (replaceForm || !current) return setForm(fresh);
    const next = { ...current } as Record<string, unknown>;
    for (const key of Object.keys(fresh) as UserKey[]) if (isManaged(r.value.effective, key)) next[key] = fresh[key];
    setForm(next as unknown as FormValues);
  };

  useEffect(() => {
    document.documentElement.lang = browser.i18n.getMessage('langTag') || 'en';
    document.title = `${t('optTitle')} · ${t('extName')}`;
    void load(true);
    // Policy applies live (area 'managed'); another window's save or "Forget all data" too.
    const onChange = (_c: unknown, area: string) => {
      if (area === 'managed' || area === 'local') void load(false);
    };
    browser.storage.onChanged.addListener(onChange);
    return () => browser.storage.onChanged.removeListener(onChange);
  }, []);

  if (unreachable && !reply)
    return (
      <main>
        <h1>{t('optTitle')}</h1>
        <p class="problem" role="alert">
          {t('workerUnreachable')}
        </p>
      </main>
    );
  if (!reply || !form) return <main aria-busy="true" />;

  const eff = reply.effective;
  const locked = (key: UserKey) => isManaged(eff, key);
  const of = (key: UserKey) => problems.filter((p) => p.key === key);
  const set = (patch: Partial<FormValues>) => {
    setForm({ ...form, ...patch });
    setStatus('');
  };

  const save = (e: Event) => {
    e.preventDefault();
    const checked = validateUserSettings(fromForm(form));
    setProblems(checked.problems);
    if (!checked.value) {
      setStatus(t('optNotSaved', String(checked.problems.length)));
      summary.current?.focus();
      return;
    }
    const value = checked.value;
    // New extra origins need their access first: asked here, in the click, each origin exactly.
    const added = locked('roxOrigins') ? [] : value.roxOrigins.filter((o) => !reply.granted.includes(o));
    const access = added.length ? browser.permissions.request({ origins: added.map((o) => `${o}/*`) }).catch(() => false) : Promise.resolve(true);
    void access.then(async (granted) => {
      if (!granted) {
        setStatus(t('optAccessDenied', added.join(', ')));
        summary.current?.focus();
        return;
      }
      const r = await send('save-settings', value);
      if (!r.ok) {
        setStatus(t('optSaveFailed'));
        summary.current?.focus();
        return;
      }
      setReply(r.value);
      setForm(toForm({ ...r.value.user, ...lockedValues(r.value) }));
      setStatus(t('optSaved'));
    });
  };

  const grantManaged = () => {
    const missing = eff.values.roxOrigins.filter((o) => !reply.granted.includes(o));
    void browser.permissions
      .request({ origins: missing.map((o) => `${o}/*`) })
      .catch(() => false)
      .then(() => load(false));
  };

  const name = t('integrationOutlookCalendar');
  const preview = justificationFrom(form.justificationTemplate, name, t('justificationTemplate', [name, ROX_APP.name]));
  const ungranted = eff.values.roxOrigins.filter((o) => !reply.granted.includes(o));

  return (
    <main>
      <h1>{t('optTitle')}</h1>
      <form onSubmit={save} noValidate aria-describedby="save-status">
        <section aria-labelledby="s-justification">
          <h2 id="s-justification">{t('optJustificationHeading')}</h2>
          <Field id="justificationTemplate" label={t('optTemplateLabel')} hint={t('optTemplateHint', [String(TEMPLATE_MAX)])} locked={locked('justificationTemplate')} problems={of('justificationTemplate')}>
            {(d) => (
              <textarea
                id="justificationTemplate"
                rows={4}
                value={form.justificationTemplate}
                disabled={locked('justificationTemplate')}
                aria-describedby={d || undefined}
                aria-invalid={of('justificationTemplate').length > 0}
                placeholder={t('justificationTemplate', ['{integration}', ROX_APP.name])}
                onInput={(e) => set({ justificationTemplate: e.currentTarget.value })}
              />
            )}
          </Field>
          <div class="preview">
            <h3 id="preview-h">{t('optPreviewHeading', name)}</h3>
            <output id="preview" aria-labelledby="preview-h" for="justificationTemplate">
              {preview}
            </output>
          </div>
        </section>

        <section aria-labelledby="s-checks">
          <h2 id="s-checks">{t('optChecksHeading')}</h2>
          <Field id="approvalChecks" label={t('optChecksLabel')} hint={t('optChecksHint')} locked={locked('approvalChecks')} problems={of('approvalChecks')} inline>
            {(d) => <input id="approvalChecks" type="checkbox" checked={form.approvalChecks} disabled={locked('approvalChecks')} aria-describedby={d || undefined} onChange={(e) => set({ approvalChecks: e.currentTarget.checked })} />}
          </Field>
          <Field id="checkIntervalMinutes" label={t('optIntervalLabel')} hint={t('optIntervalHint', [String(INTERVAL_MIN), String(INTERVAL_MAX)])} locked={locked('checkIntervalMinutes')} problems={of('checkIntervalMinutes')}>
            {(d) => (
              <input
                id="checkIntervalMinutes"
                inputMode="numeric"
                value={form.checkIntervalMinutes}
                disabled={locked('checkIntervalMinutes')}
                aria-describedby={d || undefined}
                aria-invalid={of('checkIntervalMinutes').length > 0}
                onInput={(e) => set({ checkIntervalMinutes: e.currentTarget.value })}
              />
            )}
          </Field>
          <Field id="notifications" label={t('optNotificationsLabel')} locked={locked('notifications')} problems={of('notifications')} inline>
            {(d) => <input id="notifications" type="checkbox" checked={form.notifications} disabled={locked('notifications')} aria-describedby={d || undefined} onChange={(e) => set({ notifications: e.currentTarget.checked })} />}
          </Field>
          <Field id="expiryDays" label={t('optExpiryLabel')} hint={t('optExpiryHint', [String(EXPIRY_MIN), String(EXPIRY_MAX)])} locked={locked('expiryDays')} problems={of('expiryDays')}>
            {(d) => (
              <input
                id="expiryDays"
                inputMode="numeric"
                value={form.expiryDays}
                disabled={locked('expiryDays')}
                aria-describedby={d || undefined}
                aria-invalid={of('expiryDays').length > 0}
                onInput={(e) => set({ expiryDays: e.currentTarget.value })}
              />
            )}
          </Field>
        </section>

        <section aria-labelledby="s-origins">
          <h2 id="s-origins">{t('optOriginsHeading')}</h2>
          <p>{t('optOriginsExplain')}</p>
          <Field id="roxOrigins" label={t('optOriginsLabel')} hint={t('optOriginsHint')} locked={locked('roxOrigins')} problems={of('roxOrigins')}>
            {(d) => (
              <textarea
                id="roxOrigins"
                rows={3}
                spellcheck={false}
                value={form.roxOrigins}
                disabled={locked('roxOrigins')}
                aria-describedby={d || undefined}
                aria-invalid={of('roxOrigins').length > 0}
                placeholder="https://rox.example.com"
                onInput={(e) => set({ roxOrigins: e.currentTarget.value })}
              />
            )}
          </Field>
          {locked('roxOrigins') && ungranted.length > 0 && (
            <p class="hint">
              {t('optOriginsUngranted', ungranted.join(', '))}{' '}
              <button type="button" onClick={grantManaged}>
                {t('optOriginsGrant')}
              </button>
            </p>
          )}
        </section>

        <div class="save">
          <button type="submit" class="primary">
            {t('optSave')}
          </button>
          <p id="save-status" ref={summary} tabIndex={-1} role="status" aria-live="polite" class={problems.length ? 'problem' : ''}>
            {status}
          </p>
        </div>
      </form>

      <OrganizationSettings reply={reply} />
      <Diagnostics reply={reply} />
      <ForgetAll onForgotten={() => void load(true).then(() => setProblems([]))} />
    </main>
  );
}

/** Locked settings show their managed value. */
function lockedValues(r: SettingsReply): Partial<SettingsReply['user']> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(r.user) as UserKey[]) if (isManaged(r.effective, key)) out[key] = r.effective.values[key];
  return out;
}

/** What IT set that has no control here: trusted apps, tenants, the admin contact, and ignored policy values. */
function OrganizationSettings({ reply }: { reply: SettingsReply }) {
  const { values, sources, managedProblems } = reply.effective;
  const any = Object.values(sources).includes('managed') || managedProblems.length > 0;
  if (!any) return null;
  return (
    <section aria-labelledby="s-org" class="org">
      <h2 id="s-org">{t('optOrgHeading')}</h2>
      <dl>
        {sources.trustedClientIds === 'managed' && (
          <div>
            <dt>{t('optOrgTrusted')}</dt>
            <dd>{String(values.trustedClientIds.length)}</dd>
          </div>
        )}
        {sources.tenantIds === 'managed' && (
          <div>
            <dt>{t('optOrgTenants')}</dt>
            <dd>{values.tenantIds.join(', ')}</dd>
          </div>
        )}
        {sources.adminContact === 'managed' && (
          <div>
            <dt>{t('optOrgContact')}</dt>
            <dd>{values.adminContact}</dd>
          </div>
        )}
      </dl>
      {managedProblems.length > 0 && (
        <>
          <p>{t('optOrgIgnored')}</p>
          <ul class="error">
            {managedProblems.map((p, i) => (
              <li key={i}>
                <code>{p.key}</code>: {problemText(p)}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
