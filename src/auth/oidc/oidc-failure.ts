import type { OidcErrorCode } from '#contracts';

/**
 * Why a sign-in through an identity provider stopped: the code the login page explains (`/logga-in?oidcError=`),
 * what happened for the log and the audit row (never a token, a code or a secret), and the account it was about
 * when one was found.
 */
export class OidcFailure extends Error {
  readonly userId?: string;

  constructor(readonly code: OidcErrorCode, detail: string, about: { userId?: string } = {}) {
    super(detail);
    this.userId = about.userId;
  }
}
