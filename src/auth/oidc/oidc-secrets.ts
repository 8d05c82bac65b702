import { Injectable } from '@nestjs/common';
import { InjectConfig, type ResolvedConfig } from '../../config/config.module.js';
import { SecretBox } from './secret-box.js';

/** The two sealing keys of sign-in with OpenID Connect, both derived from the installation's JWT key (secret-box.ts). */
@Injectable()
export class OidcSecrets {
  /** Identity providers' client secrets, in the database. */
  readonly clientSecrets: SecretBox;
  /** A sign-in under way (state, nonce, PKCE verifier), in a cookie of the browser that started it. */
  readonly flows: SecretBox;

  constructor(@InjectConfig() config: ResolvedConfig) {
    this.clientSecrets = new SecretBox(config.jwtSecret, 'oidc client secret');
    this.flows = new SecretBox(config.jwtSecret, 'oidc sign-in state');
  }
}
