import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '#contracts';
import { type AuthenticatedRequest, isCollaborationAdmin } from '../common/actor.js';
import { bearerToken } from '../common/bearer-token.js';
import { forbidden, notFound } from '../common/domain-error.js';
import { AuthService } from './auth.service.js';
import {
  COLLABORATION_ADMIN, IS_PUBLIC, ORGANISATION_KINDS_ONLY, type OrganisationKindGate, PLATFORM_ADMIN, REQUIRED_ROLES,
} from '../common/decorators.js';

/**
 * Global guard: every route needs a valid bearer token (or the httpOnly cookie the web client may use)
 * unless marked @Public(); @Roles and @PlatformAdminOnly narrow it further (403), @OrganisationKindsOnly by the kind of
 * the caller's organisation (403, or 404 where the route holds nothing for the others). Guards run before the pipes:
 * a caller the route is not for learns nothing from how their input would have been judged.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(private readonly auth: AuthService, private readonly reflector: Reflector) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Socket.IO is authenticated once, in the /feed handshake middleware (guards do not run on connect).
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = await this.auth.authenticate(bearerToken(req));
    req.actor = { ...actor, ip: req.ip, requestId: req.id === undefined ? undefined : String(req.id) };
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(actor.role)) throw forbidden(`this needs the role ${roles.join(' or ')}`);
    if (this.reflector.getAllAndOverride<boolean>(COLLABORATION_ADMIN, targets) && !isCollaborationAdmin(actor)) {
      throw forbidden('this needs a collaboration admin');
    }
    if (this.reflector.getAllAndOverride<boolean>(PLATFORM_ADMIN, targets) && !actor.platformAdmin) {
      throw forbidden('this needs a platform admin');
    }
    const gate = this.reflector.getAllAndOverride<OrganisationKindGate | undefined>(ORGANISATION_KINDS_ONLY, targets);
    if (gate && !gate.kinds.includes(actor.organisationKind)) {
      throw gate.otherwise.status === 404 ? notFound(gate.otherwise.what) : forbidden(gate.otherwise.reason);
    }
    return true;
  }
}
