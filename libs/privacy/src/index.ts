export * from './types.js';
export { findPersonalData, containsPersonalData } from './find-personal-data.js';
export { isValidIdentityNumber, identityNumberKind, luhnCheckDigit } from './identity-number.js';
export type { IdentityNumberKind } from './identity-number.js';
