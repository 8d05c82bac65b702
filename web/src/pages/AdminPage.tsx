import { LiveNotice } from '../components/LiveNotice.js';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { grantableRoles, isAdminRole, LIMITS, managesCollaboration, ORGANISATION_KINDS, type OrganisationResponse, type Role, type UserResponse } from '#contracts';
import { getAll, HttpError, patch, post } from '../lib/api.js';
import { formErrors } from '../lib/errors.js';
import { useAsync, useDocumentTitle, useSession } from '../lib/hooks.js';

type Msg = { kind: 'success' | 'error'; text: string } | null;

export default function AdminPage() {
  const { t } = useTranslation();
  const session = useSession()!;
  useDocumentTitle(t('admin.title'));
  const orgs = useAsync(() => getAll<OrganisationResponse>('/api/organisations', 1000), []);
  const users = useAsync(() => getAll<UserResponse>('/api/users', 5000), []);
  const [message, setMessage] = useState<Msg>(null);

  if (!isAdminRole(session.user.role)) {
    return (
      <div className="narrow">
        <h1>{t('admin.title')}</h1>
        <p className="notice warning">{t('admin.onlyAdmins')}</p>
      </div>
    );
  }

  return (
    <div>
      <h1>{t('admin.title')}</h1>
      <nav aria-label={t('admin.sections')} className="subnav">
        <a href="#organisationer">{t('admin.organisations')}</a> <a href="#anvandare">{t('admin.users')}</a>
      </nav>
      <LiveNotice message={message} />
      <Organisations orgs={orgs.data ?? []} loading={orgs.loading} onChanged={orgs.reload} setMessage={setMessage} canAdd={managesCollaboration(session.user)} />
      <Users
        users={users.data ?? []}
        // An organisation's admin manages its own organisation's people; a collaboration admin everyone's.
        orgs={(orgs.data ?? []).filter((o) => managesCollaboration(session.user) || o.id === session.user.organisation.id)}
        allOrgs={orgs.data ?? []}
        roles={grantableRoles(session.user)}
        canEdit={(u) => managesCollaboration(session.user) || (u.organisation.id === session.user.organisation.id && u.role !== 'collaboration_admin')}
        loading={users.loading}
        onChanged={users.reload}
        setMessage={setMessage}
      />
    </div>
  );
}

function Organisations({ orgs, loading, onChanged, setMessage, canAdd }: { orgs: OrganisationResponse[]; loading: boolean; onChanged: () => void; setMessage: (m: Msg) => void; canAdd: boolean }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<string>('municipality');
  const [busy, setBusy] = useState(false);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await post('/api/organisations', { name: name.trim(), kind });
      setMessage({ kind: 'success', text: t('admin.orgCreated', { name: name.trim() }) });
      setName('');
      onChanged();
    } catch (err) {
      setMessage({ kind: 'error', text: [...formErrors(err, t, []).general].join(' ') });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section id="organisationer" aria-labelledby="orgs-heading" className="admin-section">
      <h2 id="orgs-heading">{t('admin.organisations')}</h2>
      {loading && !orgs.length ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="org-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.kind')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.map((o) => (
                <tr key={o.id}>
                  <td>{o.name}</td>
                  <td>{t(`orgKinds.${o.kind}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canAdd && <form onSubmit={create} className="stack card">
        <h3>{t('admin.newOrg')}</h3>
        <div className="field">
          <label htmlFor="org-name">{t('admin.name')}</label>
          <input id="org-name" required maxLength={LIMITS.name} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="org-kind">{t('admin.kind')}</label>
          <select id="org-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
            {ORGANISATION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`orgKinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button" disabled={busy || !name.trim()}>
          {t('admin.addOrg')}
        </button>
      </form>}
    </section>
  );
}

function Users({
  users,
  orgs,
  allOrgs,
  roles,
  canEdit,
  loading,
  onChanged,
  setMessage,
}: {
  users: UserResponse[];
  /** The organisations whose people the admin manages. */
  orgs: OrganisationResponse[];
  allOrgs: OrganisationResponse[];
  roles: readonly Role[];
  canEdit: (u: UserResponse) => boolean;
  loading: boolean;
  onChanged: () => void;
  setMessage: (m: Msg) => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const [filterOrg, setFilterOrg] = useState('');
  const shown = users.filter((u) => !filterOrg || u.organisation.id === filterOrg);

  return (
    <section id="anvandare" aria-labelledby="users-heading" className="admin-section">
      <h2 id="users-heading">{t('admin.users')}</h2>
      <div className="field inline">
        <label htmlFor="user-org-filter">{t('admin.organisation')}</label>
        <select id="user-org-filter" value={filterOrg} onChange={(e) => setFilterOrg(e.target.value)}>
          <option value="">{t('admin.allOrgs')}</option>
          {allOrgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      {loading && !users.length ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="user-table">
            <thead>
              <tr>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.email')}</th>
                <th scope="col">{t('admin.organisation')}</th>
                <th scope="col">{t('admin.role')}</th>
                <th scope="col">{t('admin.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((u) =>
                editing === u.id ? (
                  <tr key={u.id}>
                    <td colSpan={6}>
                      <EditUser
                        user={u}
                        roles={roles}
                        onDone={(text) => {
                          setEditing(null);
                          if (text) {
                            setMessage({ kind: 'success', text });
                            onChanged();
                          }
                        }}
                        setMessage={setMessage}
                      />
                    </td>
                  </tr>
                ) : (
                  <tr key={u.id}>
                    <td>{u.name}</td>
                    <td>{u.email}</td>
                    <td>{u.organisation.name}</td>
                    <td>{t(`roles.${u.role}`)}</td>
                    <td>{u.disabled ? t('admin.disabled') : t('admin.active')}</td>
                    <td>
                      {canEdit(u) && (
                        <button type="button" className="button secondary small" onClick={() => setEditing(u.id)}>
                          {t('admin.edit')}
                          <span className="visually-hidden">: {u.name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      )}
      <NewUser orgs={orgs} roles={roles} onCreated={onChanged} setMessage={setMessage} />
    </section>
  );
}

function EditUser({ user, roles, onDone, setMessage }: { user: UserResponse; roles: readonly Role[]; onDone: (msg?: string) => void; setMessage: (m: Msg) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [disabled, setDisabled] = useState(user.disabled);
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { version: user.version };
    if (name.trim() !== user.name) body.name = name.trim();
    if (role !== user.role) body.role = role;
    if (disabled !== user.disabled) body.disabled = disabled;
    if (password) body.password = password;
    setBusy(true);
    try {
      await patch(`/api/users/${user.id}`, body);
      onDone(t('admin.userSaved', { name: name.trim() }));
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof HttpError && err.status === 409 ? t('errors.conflict') : formErrors(err, t, []).general.join(' ') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={save} className="stack inline-form" aria-label={t('admin.editUser', { name: user.name })}>
      <div className="field">
        <label htmlFor={`name-${user.id}`}>{t('admin.name')}</label>
        <input id={`name-${user.id}`} value={name} maxLength={LIMITS.name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`role-${user.id}`}>{t('admin.role')}</label>
        <select id={`role-${user.id}`} value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={disabled} onChange={(e) => setDisabled(e.target.checked)} />
        {t('admin.disableUser')}
      </label>
      <div className="field">
        <label htmlFor={`pw-${user.id}`}>{t('admin.newPassword')}</label>
        <p className="hint" id={`pw-hint-${user.id}`}>
          {t('admin.passwordHint', { min: LIMITS.passwordMin })}
        </p>
        <input id={`pw-${user.id}`} type="password" autoComplete="new-password" aria-describedby={`pw-hint-${user.id}`} value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('common.save')}
        </button>
        <button type="button" className="button secondary" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function NewUser({ orgs, roles, onCreated, setMessage }: { orgs: OrganisationResponse[]; roles: readonly Role[]; onCreated: () => void; setMessage: (m: Msg) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await post('/api/users', { email: email.trim(), name: name.trim(), organisationId, role, password });
      setMessage({ kind: 'success', text: t('admin.userCreated', { name: name.trim() }) });
      setEmail('');
      setName('');
      setPassword('');
      onCreated();
    } catch (err) {
      setMessage({ kind: 'error', text: formErrors(err, t, []).general.join(' ') });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={create} className="stack card">
      <h3>{t('admin.newUser')}</h3>
      <div className="field">
        <label htmlFor="new-email">{t('admin.email')}</label>
        <input id="new-email" type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-name">{t('admin.name')}</label>
        <input id="new-name" required maxLength={LIMITS.name} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="new-org">{t('admin.organisation')}</label>
        <select id="new-org" required value={organisationId} onChange={(e) => setOrganisationId(e.target.value)}>
          <option value="">{t('admin.chooseOrg')}</option>
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-role">{t('admin.role')}</label>
        <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="new-password">{t('admin.password')}</label>
        <p className="hint" id="new-password-hint">
          {t('admin.passwordHint', { min: LIMITS.passwordMin })}
        </p>
        <input id="new-password" type="password" autoComplete="new-password" aria-describedby="new-password-hint" required minLength={LIMITS.passwordMin} value={password} onChange={(e) => setPassword(e.target.value)} />
      </div>
      <button type="submit" className="button" disabled={busy || !email || !name || !organisationId || password.length < LIMITS.passwordMin}>
        {t('admin.addUser')}
      </button>
    </form>
  );
}
