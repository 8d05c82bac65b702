import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { isCoordinatorRole, managesCollaboration, type OrganisationKind, type Role } from '#contracts';

/** The authenticated caller as every service sees it: who, which partner, which collaboration, from where. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
  platformAdmin: boolean;
  collaborationId: string;
  organisationId: string;
  organisationName: string;
  organisationKind: OrganisationKind;
  ip?: string;
  requestId?: string;
  /** The session (login) the caller's token belongs to. */
  sessionId?: string;
}

export const isCoordinator = (a: Pick<Actor, 'role'>) => isCoordinatorRole(a.role);
/** Manages the collaboration's organisations and all their users (a platform admin may everywhere). */
export const isCollaborationAdmin = (a: Pick<Actor, 'role' | 'platformAdmin'>) => managesCollaboration(a);

export interface AuthenticatedRequest extends Request {
  actor?: Actor;
}

/** Injects the caller set by the global JwtAuthGuard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});
