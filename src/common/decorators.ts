import { SetMetadata } from '@nestjs/common';
import { ADMIN_ROLES, COORDINATOR_ROLES, type OrganisationKind, type Role } from '#contracts';

export const IS_PUBLIC = 'lagesbild:public';
export const REQUIRED_ROLES = 'lagesbild:roles';
export const PLATFORM_ADMIN = 'lagesbild:platform-admin';
export const COLLABORATION_ADMIN = 'lagesbild:collaboration-admin';
export const ORGANISATION_KINDS_ONLY = 'lagesbild:organisation-kinds';

/** No token needed (login, health, categories, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only callers with one of these roles; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
export const CoordinatorOnly = () => Roles(...COORDINATOR_ROLES);
/** An organisation's admin or a collaboration admin (services narrow it further to whose users they manage). */
export const AdminOnly = () => Roles(...ADMIN_ROLES);
export const CollaborationAdminOnly = () => SetMetadata(COLLABORATION_ADMIN, true);
export const PlatformAdminOnly = () => SetMetadata(PLATFORM_ADMIN, true);

/** Who a route is for by the kind of their organisation, and what everyone else is answered. */
export interface OrganisationKindGate {
  kinds: readonly OrganisationKind[];
  /** 404 "<what> not found" (reads of records only those kinds hold: for the others there is nothing), or 403. */
  otherwise: { status: 404; what: string } | { status: 403; reason: string };
}
/** Only callers whose organisation is of one of `kinds`; checked before any input is read. */
export const OrganisationKindsOnly = (gate: OrganisationKindGate) => SetMetadata(ORGANISATION_KINDS_ONLY, gate);
