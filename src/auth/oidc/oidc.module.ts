import { Module } from '@nestjs/common';
import { OrganisationsModule } from '../../organisations/organisations.module.js';
import { UsersModule } from '../../users/users.module.js';
import { IdentityProvidersController } from './identity-providers.controller.js';
import { IdentityProvidersService } from './identity-providers.service.js';
import { OidcClients } from './oidc-client.js';
import { OidcHandoffsJob } from './oidc-handoffs.job.js';
import { OidcSecrets } from './oidc-secrets.js';
import { OidcController } from './oidc.controller.js';
import { OidcRepository } from './oidc.repository.js';
import { OidcService } from './oidc.service.js';

/** Sign-in with OpenID Connect; AuthService (global, from AuthModule) starts the sessions, as for a password login. */
@Module({
  imports: [UsersModule, OrganisationsModule],
  controllers: [OidcController, IdentityProvidersController],
  providers: [OidcService, IdentityProvidersService, OidcRepository, OidcClients, OidcSecrets, OidcHandoffsJob],
})
export class OidcModule {}
