import type { Role } from '#contracts';
import { type Actor, isCollaborationAdmin } from '../common/actor.js';
import { forbidden } from '../common/domain-error.js';

/** Who may manage whom, as plain functions (unit-tested in users.rules.spec.ts). */

export interface ManagedUser {
  id?: string;
  organisationId: string;
  role: Role;
  platformAdmin: boolean;
}

type Manager = Pick<Actor, 'id' | 'role' | 'platformAdmin' | 'organisationId'>;

/**
 * An organisation's admin manages the users of that organisation only, and cannot make or change a collaboration
 * admin; a collaboration admin manages every organisation's users; only a platform admin touches a platform admin
 * (one who could reset their password would take over the whole installation).
 */
export function assertMayManage(actor: Manager, target: ManagedUser, newRole?: Role): void {
  if (target.platformAdmin && !actor.platformAdmin) throw forbidden('only a platform admin may change a platform admin');
  if (isCollaborationAdmin(actor)) return;
  if (actor.role !== 'admin') throw forbidden('only admins manage users');
  if (target.organisationId !== actor.organisationId) throw forbidden("an organisation's admin manages the users of that organisation only");
  if (target.role === 'collaboration_admin' || newRole === 'collaboration_admin') {
    throw forbidden('only a collaboration admin may make or change a collaboration admin');
  }
}

/** Nobody locks themselves out: no disabling oneself, no taking away one's own admin role. */
export function assertNotSelfLockout(actor: Pick<Actor, 'id' | 'role'>, targetId: string, change: { disabled?: boolean | null; role?: Role | null }): void {
  if (targetId !== actor.id) return;
  const demoted = change.role !== undefined && change.role !== null && change.role !== actor.role
    && !(actor.role === 'admin' && change.role === 'collaboration_admin');
  if (change.disabled === true || demoted) throw forbidden('you cannot disable yourself or take away your own admin role');
}
