/**
 * A failure the caller can act on. Each context declares its own code enum; `kind` decides the HTTP status
 * in one place (the global filter), so services never speak HTTP.
 */
export type DomainErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'too_large' | 'rate_limited' | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string | string[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = message;
  }
  readonly messages: string | string[];
}

export const notFound = (what: string) => new DomainError('not_found', 'NOT_FOUND', `${what} not found`);
export const forbidden = (why: string) => new DomainError('forbidden', 'FORBIDDEN', why);
export const invalid = (field: string, reason: string, code = 'VALIDATION', fieldName = field) =>
  new DomainError('invalid', code, [`${field} ${reason}`], { field: fieldName });
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
