import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { managesCollaboration, ROLES, type ClaimRule, type IdentityProviderResponse, type OrganisationResponse, type Page, type Role } from '#contracts';
import { ConfirmInline } from '../components/ConfirmInline.js';
import { LiveNotice, type NoticeMessage } from '../components/LiveNotice.js';
import { del, get, getAll, HttpError, patch, post } from '../lib/api.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { useAsync, useDocumentTitle, useSession } from '../lib/hooks.js';
import { ManageHeading, OnlyFor } from './ManagePage.js';
import './manage.css';

const PATH = '/api/identity-providers';
const DEFAULT_SCOPES = 'openid email profile';

/** Where the provider sends the browser back: the address this browser reaches the service at (register it there). */
const redirectUriOf = (id: string) => `${window.location.origin}/api/auth/oidc/${id}/callback`;

/** A rule as edited: the contract's five fields and a key of its own, so a moved rule keeps its inputs. */
type RuleDraft = ClaimRule & { key: number };
let nextKey = 1;
const draftOf = (r: ClaimRule): RuleDraft => ({ ...r, key: nextKey++ });
const plain = ({ key: _key, ...r }: RuleDraft): ClaimRule => r;

/** What the form edits, and what it was when opened (a PATCH sends only what changed). */
interface Draft {
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Remove the stored secret (the provider becomes a public client). */
  removeSecret: boolean;
  scopes: string;
  mapping: RuleDraft[];
  linkByEmail: boolean;
  enabled: boolean;
}
const draftFrom = (p: IdentityProviderResponse | null): Draft => ({
  displayName: p?.displayName ?? '', issuer: p?.issuer ?? '', clientId: p?.clientId ?? '', clientSecret: '', removeSecret: false, scopes: p?.scopes ?? DEFAULT_SCOPES,
  mapping: (p?.mapping ?? []).map(draftOf), linkByEmail: p?.linkByEmail ?? false, enabled: p?.enabled ?? true,
});

/** The fields the server names (`mapping.0.claim`; an older server wrote `mapping[0].organisationId`) as this form's keys. */
const fieldKey = (f: string) => f.replace(/\[(\d+)\]/g, '.$1');
const KNOWN = /^(displayName|issuer|clientId|clientSecret|scopes|mapping|linkByEmail|enabled|mapping\.\d+\.(claim|value|organisationId|role|createAccounts))$/;
const MESSAGE_FIELD = /^(?:property )?([A-Za-z][\w.[\]]*)\s/;

/** The server's reasons, which are English and fixed (src/auth/oidc/oidc.rules.ts), in the reader's words. */
function reasonText(field: string, message: string, t: TFunction): string {
  const e = (k: string) => t(`identityProviders.errors.${k}`);
  if (field === 'issuer') {
    if (message.includes('absolute URL')) return e('issuerUrl');
    if (message.includes('https')) return e('issuerHttps');
    if (message.includes('user name')) return e('issuerCredentials');
    if (message.includes('query')) return e('issuerQuery');
    if (message.includes('discovery')) return e('issuerWellKnown');
  }
  if (field === 'scopes') {
    if (message.includes('openid')) return e('scopesOpenid');
    if (message.includes('separated')) return e('scopesFormat');
  }
  if (/^mapping\.\d+\.claim$/.test(field) && message.includes('claim name')) return e('claim');
  return t('identityProviders.errors.invalid', { detail: message });
}

/** A refusal of a POST or PATCH, by the field it is about (rules' fields too); what belongs to no field in `general`. */
function providerErrors(err: unknown, t: TFunction): FormErrors {
  if (!(err instanceof HttpError)) return formErrors(err, t, []);
  const b = err.body;
  const out: FormErrors = { fields: {}, general: [] };
  const at = (field: string | undefined, text: string) => {
    const key = field === undefined ? undefined : fieldKey(field);
    if (key && KNOWN.test(key)) out.fields[key] ??= text;
    else out.general.push(text);
  };
  if (b.code === 'PROVIDER_EXISTS') at('clientId', t('identityProviders.errors.PROVIDER_EXISTS'));
  else if (b.code === 'PERSONAL_DATA') {
    const f = formErrors(err, t, b.field ? [b.field] : []);
    for (const text of [...Object.values(f.fields), ...f.general]) at(b.field, text);
  } else if (err.status === 404 && b.field) at(b.field, t('identityProviders.errors.organisationUnknown'));
  else if (err.status === 400) {
    const messages = Array.isArray(b.message) ? b.message : [String(b.message)];
    for (const m of messages) {
      const field = fieldKey(MESSAGE_FIELD.exec(m)?.[1] ?? b.field ?? '');
      at(field || undefined, reasonText(field, m, t));
    }
  } else return formErrors(err, t, []);
  return out;
}

/**
 * The collaboration's identity providers (collaboration admins): the list, a form to connect one and to change one
 * (its claim mapping as an ordered list of rules, the client secret write-only), switched on and off, deleted after a
 * question. An existing provider shows the redirect URI to register at the provider.
 */
export default function ManageIdentityProvidersPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  useDocumentTitle(t('identityProviders.title'));
  const allowed = managesCollaboration(session.user);
  const list = useAsync(() => (allowed ? get<Page<IdentityProviderResponse>>(PATH).then((p) => p.items) : Promise.resolve([])), [allowed]);
  const orgs = useAsync(() => (allowed ? getAll<OrganisationResponse>('/api/organisations', 1000) : Promise.resolve([])), [allowed]);
  const [message, setMessage] = useState<NoticeMessage | null>(null);
  /** The form: closed, a new provider (null), or the provider as last read. */
  const [editing, setEditing] = useState<{ provider: IdentityProviderResponse | null } | null>(null);
  if (!allowed) return <OnlyFor title={t('identityProviders.title')} text={t('identityProviders.onlyAdmins')} />;

  const saved = (p: IdentityProviderResponse, text: string) => {
    setMessage({ kind: 'success', text });
    setEditing({ provider: p });
    list.reload();
  };

  return (
    <div className="manage-page">
      <ManageHeading title={t('identityProviders.title')} intro={t('identityProviders.intro')} />
      <LiveNotice message={message} />
      <section aria-labelledby="idp-list-heading">
        <h2 id="idp-list-heading">{t('identityProviders.list')}</h2>
        {list.loading && !list.data ? (
          <p role="status">{t('common.loading')}</p>
        ) : !list.data?.length ? (
          <p className="empty">{t('identityProviders.none')}</p>
        ) : (
          <ul className="plain-list cards idp-list">
            {list.data.map((p) => (
              <ProviderItem key={`${p.id}:${p.version}`} provider={p} onEdit={() => setEditing({ provider: p })} setMessage={setMessage}
                onChanged={(changed) => {
                  list.reload();
                  // The open form of a provider switched or deleted from the list follows it.
                  if (editing?.provider?.id === p.id) setEditing(changed ? { provider: changed } : null);
                }}
                onStale={list.reload} />
            ))}
          </ul>
        )}
        {!editing && (
          <p>
            <button type="button" className="button" onClick={() => setEditing({ provider: null })} data-testid="add-provider">{t('identityProviders.add')}</button>
          </p>
        )}
      </section>
      {editing && (
        <ProviderForm key={editing.provider ? `${editing.provider.id}:${editing.provider.version}` : 'new'} provider={editing.provider}
          organisations={orgs.data ?? []} onSaved={saved} onClose={() => setEditing(null)} />
      )}
    </div>
  );
}

function ProviderItem({ provider: p, onEdit, onChanged, onStale, setMessage }: {
  provider: IdentityProviderResponse; onEdit: () => void; onChanged: (p: IdentityProviderResponse | null) => void; onStale: () => void;
  setMessage: (m: NoticeMessage) => void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState(false);
  const deleteRef = useRef<HTMLButtonElement>(null);
  const fail = (e: unknown) => {
    const stale = e instanceof HttpError && e.body.code === 'VERSION_CONFLICT';
    if (stale) onStale();
    const f = providerErrors(e, t);
    setMessage({ kind: 'error', text: stale ? t('manage.stale') : [...Object.values(f.fields), ...f.general].join(' ') });
  };
  const toggle = async () => {
    setBusy(true);
    try {
      const changed = await patch<IdentityProviderResponse>(`${PATH}/${p.id}`, { version: p.version, enabled: !p.enabled });
      setMessage({ kind: 'success', text: t(changed.enabled ? 'identityProviders.switchedOn' : 'identityProviders.switchedOff', { name: p.displayName }) });
      onChanged(changed);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await del(`${PATH}/${p.id}`);
      setMessage({ kind: 'success', text: t('identityProviders.deleted', { name: p.displayName }) });
      onChanged(null);
    } catch (e) {
      fail(e);
      setBusy(false);
    }
  };
  return (
    <li className="card idp-item" data-testid="provider-item" data-id={p.id} data-enabled={p.enabled}>
      <h3 className="manage-item-name">{p.displayName}</h3>
      <p className="idp-issuer"><code>{p.issuer}</code></p>
      <p className="idp-facts">
        <span className={`badge ${p.enabled ? 'status-active' : 'status-inactive'}`}>{p.enabled ? t('identityProviders.enabled') : t('identityProviders.disabled')}</span>{' '}
        <span data-testid="rule-count">{p.mapping.length ? t('identityProviders.rules', { count: p.mapping.length }) : t('identityProviders.noRules')}</span>
        <span className="muted"> · {p.hasClientSecret ? t('identityProviders.secretStored') : t('identityProviders.noSecret')}</span>
      </p>
      {asking ? (
        <ConfirmInline question={t('identityProviders.deleteQuestion', { name: p.displayName })} confirmLabel={t('identityProviders.delete')} busy={busy}
          testId="confirm-delete" onConfirm={() => void remove()}
          onCancel={() => {
            setAsking(false);
            setTimeout(() => deleteRef.current?.focus());
          }} />
      ) : (
        <span className="row-actions">
          <button type="button" className="button small secondary" disabled={busy} onClick={onEdit}>{t('identityProviders.edit')}</button>
          <button type="button" className="button small secondary" disabled={busy} onClick={() => void toggle()}>
            {p.enabled ? t('identityProviders.disable') : t('identityProviders.enable')}
          </button>
          <button type="button" ref={deleteRef} className="button small secondary" disabled={busy} onClick={() => setAsking(true)}>{t('identityProviders.delete')}</button>
        </span>
      )}
    </li>
  );
}

function ProviderForm({ provider, organisations, onSaved, onClose }: {
  provider: IdentityProviderResponse | null; organisations: OrganisationResponse[];
  onSaved: (p: IdentityProviderResponse, text: string) => void; onClose: () => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftFrom(provider));
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const [busy, setBusy] = useState(false);
  const [conflict, setConflict] = useState(false);
  const [note, setNote] = useState<NoticeMessage | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  /** Set by a refused save: the first field named goes into focus (it may be far above the button). */
  const focusError = useRef(false);
  useEffect(() => {
    if (!focusError.current) return;
    focusError.current = false;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);
  // Opened from a button further up: the heading takes focus (and the form comes into view).
  useEffect(() => {
    heading.current?.focus();
    heading.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const setRule = (i: number, change: Partial<ClaimRule>) => setDraft((d) => ({ ...d, mapping: d.mapping.map((r, j) => (j === i ? { ...r, ...change } : r)) }));
  /** Moving or removing a rule renumbers those after it: errors named by number no longer point at the right one. */
  const reorder = (f: (m: RuleDraft[]) => RuleDraft[]) => {
    setDraft((d) => ({ ...d, mapping: f(d.mapping) }));
    setErrors((e) => ({ fields: Object.fromEntries(Object.entries(e.fields).filter(([k]) => !k.startsWith('mapping.'))), general: e.general }));
  };
  const move = (i: number, by: -1 | 1) => reorder((m) => {
    const out = [...m];
    [out[i], out[i + by]] = [out[i + by], out[i]];
    return out;
  });

  /** The body to send: every field for a new provider; only what changed (and the version read) for an existing one. */
  const body = (): Record<string, unknown> | null => {
    const mapping = draft.mapping.map(plain);
    const all: Record<string, unknown> = {
      displayName: draft.displayName.trim(), issuer: draft.issuer.trim(), clientId: draft.clientId.trim(), scopes: draft.scopes.trim(),
      mapping, linkByEmail: draft.linkByEmail, enabled: draft.enabled,
      ...(draft.clientSecret ? { clientSecret: draft.clientSecret } : draft.removeSecret && { clientSecret: null }),
    };
    if (!provider) return all;
    const before: Record<string, unknown> = {
      displayName: provider.displayName, issuer: provider.issuer, clientId: provider.clientId, scopes: provider.scopes,
      mapping: provider.mapping, linkByEmail: provider.linkByEmail, enabled: provider.enabled,
    };
    const changed = Object.fromEntries(Object.entries(all).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(before[k])));
    return Object.keys(changed).length ? { version: provider.version, ...changed } : null;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    const local: Record<string, string> = {};
    for (const k of ['displayName', 'issuer', 'clientId'] as const) if (!draft[k].trim()) local[k] = t('identityProviders.required');
    draft.mapping.forEach((r, i) => {
      if (!r.claim.trim()) local[`mapping.${i}.claim`] = t('identityProviders.required');
      if (!r.value.trim()) local[`mapping.${i}.value`] = t('identityProviders.required');
      if (!r.organisationId) local[`mapping.${i}.organisationId`] = t('identityProviders.orgRequired');
    });
    focusError.current = true;
    setErrors({ fields: local, general: [] });
    if (Object.keys(local).length) return;
    const payload = body();
    if (!payload) {
      setNote({ kind: 'success', text: t('identityProviders.nothingChanged') });
      return;
    }
    setBusy(true);
    try {
      const saved = provider
        ? await patch<IdentityProviderResponse>(`${PATH}/${provider.id}`, payload)
        : await post<IdentityProviderResponse>(PATH, payload);
      onSaved(saved, t(provider ? 'identityProviders.saved' : 'identityProviders.created', { name: saved.displayName }));
    } catch (err) {
      if (err instanceof HttpError && err.body.code === 'VERSION_CONFLICT') setConflict(true);
      else {
        focusError.current = true;
        setErrors(providerErrors(err, t));
      }
    } finally {
      setBusy(false);
    }
  };

  /** After a conflict: the provider as it is now (the form starts again from it). */
  const reload = async () => {
    if (!provider) return;
    setBusy(true);
    try {
      const fresh = await get<IdentityProviderResponse>(`${PATH}/${provider.id}`);
      onSaved(fresh, t('identityProviders.reloaded'));
    } catch (err) {
      setErrors(providerErrors(err, t));
      setBusy(false);
    }
  };

  const field = (id: 'displayName' | 'issuer' | 'clientId' | 'clientSecret' | 'scopes', label: string, hint: string, extra: { type?: string; autoComplete?: string; inputMode?: 'url' } = {}) => {
    const error = errors.fields[id];
    return (
      <div className={`field${error ? ' has-error' : ''}`} data-testid={`field-${id}`}>
        <label htmlFor={`idp-${id}`}>{label}</label>
        <p className="hint" id={`idp-${id}-hint`}>{hint}</p>
        {error && <p className="field-error" id={`idp-${id}-error`}>{error}</p>}
        <input id={`idp-${id}`} className="wide" type={extra.type ?? 'text'} autoComplete={extra.autoComplete ?? 'off'} inputMode={extra.inputMode} spellCheck={false}
          value={draft[id]} onChange={(ev) => set(id, ev.target.value)} aria-invalid={!!error || undefined}
          aria-describedby={`idp-${id}-hint${error ? ` idp-${id}-error` : ''}`} />
      </div>
    );
  };
  const secretHint = !provider ? t('identityProviders.clientSecretNewHint') : provider.hasClientSecret ? t('identityProviders.clientSecretKeepHint') : t('identityProviders.clientSecretNoneHint');

  return (
    <section className="card idp-form" aria-labelledby="idp-form-heading" data-testid="provider-form">
      <h2 id="idp-form-heading" ref={heading} tabIndex={-1}>
        {provider ? t('identityProviders.editHeading', { name: provider.displayName }) : t('identityProviders.addHeading')}
      </h2>
      {provider && <RedirectUri id={provider.id} />}
      <form ref={formRef} onSubmit={(ev) => void submit(ev)} className="stack" noValidate>
        {field('displayName', t('identityProviders.displayName'), t('identityProviders.displayNameHint'))}
        {field('issuer', t('identityProviders.issuer'), t('identityProviders.issuerHint'), { inputMode: 'url' })}
        {field('clientId', t('identityProviders.clientId'), t('identityProviders.clientIdHint'))}
        {field('clientSecret', t('identityProviders.clientSecret'), secretHint, { type: 'password', autoComplete: 'new-password' })}
        {provider?.hasClientSecret && !draft.clientSecret && (
          <Check id="idp-removeSecret" checked={draft.removeSecret} onChange={(v) => set('removeSecret', v)}>{t('identityProviders.removeSecret')}</Check>
        )}
        {field('scopes', t('identityProviders.scopes'), t('identityProviders.scopesHint'))}
        <fieldset className="field idp-rules" aria-describedby="idp-rules-hint">
          <legend>{t('identityProviders.mapping')}</legend>
          <p className="hint" id="idp-rules-hint">{t('identityProviders.mappingHint')}</p>
          {errors.fields.mapping && <p className="field-error">{errors.fields.mapping}</p>}
          {draft.mapping.length === 0 ? (
            <p className="muted">{t('identityProviders.noRulesYet')}</p>
          ) : (
            <ol className="plain-list idp-rule-list">
              {draft.mapping.map((r, i) => (
                <RuleEditor key={r.key} rule={r} index={i} last={i === draft.mapping.length - 1} organisations={organisations} errors={errors.fields}
                  onChange={(c) => setRule(i, c)} onMove={(by) => move(i, by)} onRemove={() => reorder((m) => m.filter((_, j) => j !== i))} />
              ))}
            </ol>
          )}
          <div>
            <button type="button" className="button small secondary" data-testid="add-rule"
              onClick={() => setDraft((d) => ({ ...d, mapping: [...d.mapping, draftOf({ claim: 'groups', value: '', organisationId: '', role: 'member', createAccounts: false })] }))}>
              {t('identityProviders.addRule')}
            </button>
          </div>
        </fieldset>
        <Check id="idp-linkByEmail" checked={draft.linkByEmail} onChange={(v) => set('linkByEmail', v)} hint={t('identityProviders.linkByEmailHint')}>
          {t('identityProviders.linkByEmail')}
        </Check>
        <Check id="idp-enabled" checked={draft.enabled} onChange={(v) => set('enabled', v)}>{t('identityProviders.enabledLabel')}</Check>
        {/* Beside the button that was pressed, where the eye is: what belongs to no field, and a change made meanwhile. */}
        {errors.general.length > 0 && <p className="notice error" role="alert">{errors.general.join(' ')}</p>}
        {conflict && (
          <div className="notice warning" role="alert" data-testid="provider-conflict">
            <p>{t('identityProviders.conflict')}</p>
            <button type="button" className="button small secondary" disabled={busy} onClick={() => void reload()}>{t('identityProviders.reload')}</button>
          </div>
        )}
        <LiveNotice message={note} />
        <div className="actions">
          <button type="submit" className="button" disabled={busy} data-testid="save-provider">
            {provider ? t('identityProviders.save') : t('identityProviders.create')}
          </button>
          <button type="button" className="button secondary" onClick={onClose}>{t('identityProviders.close')}</button>
        </div>
      </form>
    </section>
  );
}

function Check({ id, checked, onChange, hint, children }: { id: string; checked: boolean; onChange: (v: boolean) => void; hint?: string; children: ReactNode }) {
  return (
    <div>
      <label className="checkbox" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-describedby={hint ? `${id}-hint` : undefined} />
        <span>{children}</span>
      </label>
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
    </div>
  );
}

function RuleEditor({ rule: r, index: i, last, organisations, errors, onChange, onMove, onRemove }: {
  rule: RuleDraft; index: number; last: boolean; organisations: OrganisationResponse[]; errors: Record<string, string>;
  onChange: (c: Partial<ClaimRule>) => void; onMove: (by: -1 | 1) => void; onRemove: () => void;
}) {
  const { t } = useTranslation();
  const id = (f: string) => `idp-rule-${r.key}-${f}`;
  const error = (f: keyof ClaimRule) => errors[`mapping.${i}.${f}`];
  const wrap = (f: keyof ClaimRule, label: string, control: ReactNode, hint?: string) => (
    <div className={`field${error(f) ? ' has-error' : ''}`}>
      <label htmlFor={id(f)}>{label}</label>
      {hint && <p className="hint" id={id(`${f}-hint`)}>{hint}</p>}
      {error(f) && <p className="field-error" id={id(`${f}-error`)}>{error(f)}</p>}
      {control}
    </div>
  );
  const described = (f: keyof ClaimRule, hint: boolean) => [hint && id(`${f}-hint`), error(f) && id(`${f}-error`)].filter(Boolean).join(' ') || undefined;
  return (
    <li data-testid="rule" data-index={i}>
      <fieldset className="nested idp-rule">
        <legend>{t('identityProviders.rule', { n: i + 1 })}</legend>
        <div className="idp-rule-grid">
          {wrap('claim', t('identityProviders.claim'),
            <input id={id('claim')} value={r.claim} maxLength={100} spellCheck={false} autoComplete="off" onChange={(e) => onChange({ claim: e.target.value })}
              aria-invalid={!!error('claim') || undefined} aria-describedby={described('claim', true)} />, t('identityProviders.claimHint'))}
          {wrap('value', t('identityProviders.value'),
            <input id={id('value')} value={r.value} maxLength={500} spellCheck={false} autoComplete="off" onChange={(e) => onChange({ value: e.target.value })}
              aria-invalid={!!error('value') || undefined} aria-describedby={described('value', true)} />, t('identityProviders.valueHint'))}
          {wrap('organisationId', t('identityProviders.organisation'),
            <select id={id('organisationId')} value={r.organisationId} onChange={(e) => onChange({ organisationId: e.target.value })}
              aria-invalid={!!error('organisationId') || undefined} aria-describedby={described('organisationId', false)}>
              <option value="">{t('identityProviders.chooseOrganisation')}</option>
              {/* A rule naming an organisation not (or no longer) listed keeps it, shown by its id, until changed. */}
              {r.organisationId && !organisations.some((o) => o.id === r.organisationId) && <option value={r.organisationId}>{r.organisationId}</option>}
              {organisations.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>)}
          {wrap('role', t('identityProviders.role'),
            <select id={id('role')} value={r.role} onChange={(e) => onChange({ role: e.target.value as Role })}
              aria-invalid={!!error('role') || undefined} aria-describedby={described('role', false)}>
              {ROLES.map((role) => <option key={role} value={role}>{t(`roles.${role}`)}</option>)}
            </select>)}
        </div>
        <Check id={id('createAccounts')} checked={r.createAccounts} onChange={(v) => onChange({ createAccounts: v })}>{t('identityProviders.createAccounts')}</Check>
        <span className="row-actions">
          <button type="button" className="button small secondary" disabled={i === 0} onClick={() => onMove(-1)}>{t('identityProviders.moveUp')}</button>
          <button type="button" className="button small secondary" disabled={last} onClick={() => onMove(1)}>{t('identityProviders.moveDown')}</button>
          <button type="button" className="button small secondary" onClick={onRemove}>{t('identityProviders.removeRule')}</button>
        </span>
      </fieldset>
    </li>
  );
}

function RedirectUri({ id }: { id: string }) {
  const { t } = useTranslation();
  const uri = redirectUriOf(id);
  const input = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState<NoticeMessage | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(uri);
      setNote({ kind: 'success', text: t('identityProviders.copied') });
    } catch {
      // No clipboard (an insecure context, or permission refused): the address selected for the person to copy.
      input.current?.focus();
      input.current?.select();
      setNote({ kind: 'error', text: t('identityProviders.copyFailed') });
    }
  };
  return (
    <div className="notice info idp-redirect" data-testid="redirect-uri">
      <div className="field">
        <label htmlFor="idp-redirect-uri">{t('identityProviders.redirectUri')}</label>
        <p className="hint" id="idp-redirect-uri-hint">{t('identityProviders.redirectUriHint')}</p>
        <div className="idp-copy">
          <input id="idp-redirect-uri" ref={input} readOnly value={uri} aria-describedby="idp-redirect-uri-hint" onFocus={(e) => e.target.select()} />
          <button type="button" className="button small secondary" onClick={() => void copy()} data-testid="copy-redirect-uri">{t('identityProviders.copy')}</button>
        </div>
      </div>
      <LiveNotice message={note} />
    </div>
  );
}
