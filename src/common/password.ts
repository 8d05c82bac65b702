import argon2 from 'argon2';

// argon2id with the library's defaults (64 MiB, t=3): OWASP's recommendation for interactive logins.
export const hashPassword = (plain: string) => argon2.hash(plain, { type: argon2.argon2id });

export async function verifyPassword(hash: string, plain: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, plain);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Spends the same time as a real check so that response times do not tell whether an e-mail exists. */
export async function verifyAgainstDummy(plain: string): Promise<false> {
  dummy ??= hashPassword('not-a-real-password-for-timing');
  await verifyPassword(await dummy, plain);
  return false;
}
