import { SetMetadata } from '@nestjs/common';
import type { Role } from '#contracts';

export const IS_PUBLIC = 'lagesbild:public';
export const REQUIRED_ROLES = 'lagesbild:roles';
export const PLATFORM_ADMIN = 'lagesbild:platform-admin';

/** No token needed (login, health, categories, docs). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Only callers with one of these roles; others get 403. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
export const CoordinatorOnly = () => Roles('coordinator', 'admin');
export const AdminOnly = () => Roles('admin');
export const PlatformAdminOnly = () => SetMetadata(PLATFORM_ADMIN, true);
