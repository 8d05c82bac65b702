import argon2 from 'argon2';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** argon2id's cost: 64 MiB and three passes by default, the library's and OWASP's recommendation for interactive logins. */
export interface PasswordHashCost {
  memoryKib: number;
  timeCost: number;
}
export const DEFAULT_PASSWORD_HASH_COST: PasswordHashCost = { memoryKib: 65_536, timeCost: 3 };
let cost = DEFAULT_PASSWORD_HASH_COST;

/**
 * Sets the cost of new hashes (PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_TIME_COST; AppModule.forRoot calls it). A hash
 * carries its own parameters, so hashes made at another cost still verify; the next password change re-hashes.
 */
export function configurePasswordHashing(next: PasswordHashCost): void {
  cost = next;
}

export const hashPassword = (plain: string) => argon2.hash(plain, { type: argon2.argon2id, memoryCost: cost.memoryKib, timeCost: cost.timeCost });

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

type Strength = (password: string) => { score: number };
let strength: Strength | undefined;

/**
 * zxcvbn (its common-password, name and English dictionaries, keyboard patterns, repeats, sequences, dates), loaded
 * on first use: the dictionaries are a few megabytes that a node answering only reads never needs.
 */
async function loadStrength(): Promise<Strength> {
  const [{ ZxcvbnFactory }, common, en] = await Promise.all([
    import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en'),
  ]);
  const factory = new ZxcvbnFactory({ dictionary: { ...common.dictionary, ...en.dictionary }, graphs: common.adjacencyGraphs });
  return (p) => factory.check(p);
}

/** Score 3 of 4 ("safely unguessable", about 10^8 guesses or more): twelve spaces, "password1234" and "qwertyuiopasdf" are not. */
const MIN_SCORE = 3;

/** Why a new password is refused, or undefined when it is strong enough. */
export async function weakPasswordReason(password: string): Promise<string | undefined> {
  if (!password.trim()) return 'must not be only spaces';
  strength ??= await loadStrength();
  return strength(password).score < MIN_SCORE
    ? 'is too easy to guess (a common password, a word with a few digits, a keyboard pattern or a repetition): use a few unrelated words'
    : undefined;
}

const reasons = new WeakMap<object, string>();

/** A new password that is not easily guessed (checked asynchronously, after the length rules). */
export function IsUnguessablePassword() {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isUnguessablePassword',
      target: target.constructor,
      propertyName,
      validator: {
        async validate(value: unknown, args?: ValidationArguments) {
          if (typeof value !== 'string') return true; // the type rules say so
          const reason = await weakPasswordReason(value);
          if (reason && args) reasons.set(args.object, reason);
          return !reason;
        },
        defaultMessage: (args?: ValidationArguments) => `${args?.property} ${(args && reasons.get(args.object)) ?? 'is too easy to guess'}`,
      },
    });
}
