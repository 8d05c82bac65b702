import { type ArgumentMetadata, ParseUUIDPipe, Param, ValidationPipe, type ValidationError } from '@nestjs/common';
import { registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { findPersonalData, PERSONAL_DATA_LABELS, type PersonalDataKind } from '#privacy';
import { DomainError, invalid } from './domain-error.js';

export const PERSONAL_DATA_CONSTRAINT = 'noPersonalData';

/**
 * Free text and names in the shared picture may hold no personnummer, samordningsnummer, phone number or e-mail
 * address, however they are written (#privacy normalises first: other digits, separators, invisible characters,
 * written-out e-mail addresses). Not for fields that are meant to hold one, such as a user's login e-mail.
 * The message names the field and the kind found, never the value.
 */
export function NoPersonalData(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: PERSONAL_DATA_CONSTRAINT,
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || findPersonalData(value).length === 0,
        defaultMessage: (args?: ValidationArguments) => {
          const kinds = kindsIn(args?.value);
          return `${args?.property} contains personal data (${kinds.map((k) => PERSONAL_DATA_LABELS[k].en).join(', ')}): the shared picture may not hold personal data#${kinds.join(',')}`;
        },
      },
    });
}

/** The kinds of personal data in a text, or in each text of a list (`@NoPersonalData({ each: true })`). */
function kindsIn(value: unknown): PersonalDataKind[] {
  const texts = Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : typeof value === 'string' ? [value] : [];
  return [...new Set(texts.flatMap((t) => findPersonalData(t).map((f) => f.kind)))];
}

function flatten(errors: ValidationError[], prefix = ''): { field: string; constraints: Record<string, string> }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, constraints: e.constraints }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The global ValidationPipe: unknown fields are refused, types converted, and every message names its field
 * (nested fields as `location.lat`). Personal data gets its own code so clients can show it by the field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const flat = flatten(errors);
      const personal = flat.find((f) => f.constraints[PERSONAL_DATA_CONSTRAINT]);
      if (personal) {
        const [message, kinds] = personal.constraints[PERSONAL_DATA_CONSTRAINT].split('#');
        const kind = kinds.split(',');
        return new DomainError('invalid', 'PERSONAL_DATA', [message], { field: personal.field, kind: kind[0], kinds: kind });
      }
      const messages = flat.flatMap((f) =>
        Object.values(f.constraints).map((m) => {
          if (!f.field.includes('.')) return m;
          const own = f.field.split('.').pop()!;
          // "property alt should not exist" inside location: name it as location.alt, like every other message.
          if (m.startsWith(`property ${own} `)) return `property ${f.field}${m.slice(`property ${own}`.length)}`;
          if (m.startsWith(`each value in ${own} `)) return `each value in ${f.field}${m.slice(`each value in ${own}`.length)}`;
          return m.startsWith(own) ? `${f.field.slice(0, f.field.lastIndexOf('.') + 1)}${m}` : m;
        }),
      );
      return new DomainError('invalid', 'VALIDATION', messages, { field: flat[0]?.field });
    },
  });
}

/**
 * Refused before any DTO, as a 400 naming the field:
 * - U+0000 anywhere in a body or query string: PostgreSQL text cannot hold it, so it reached the database and came
 *   back as a 500; the same for a lone UTF-16 surrogate (half a character: no encoding can store it);
 * - the keys `__proto__`, `constructor` and `prototype`: class-transformer drops them silently, so they slipped past
 *   `forbidNonWhitelisted` (every unknown field must be refused) and are never legitimate input.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only for HTTP's DTO classes: a Socket.IO handler's untyped @MessageBody() is checked by the handler itself, and
    // this pipe's HTTP errors there reached the client as "Internal server error" with no ack (found by the fuzz).
    if ((metadata.type === 'body' || metadata.type === 'query') && metadata.metatype && metadata.metatype !== Object) {
      const bad = forbiddenInput(value);
      if (bad?.reason === 'nul') throw invalid(bad.field || metadata.type, 'must not contain NUL characters (\\u0000)');
      if (bad?.reason === 'surrogate') throw invalid(bad.field || metadata.type, 'is not well-formed text (a lone UTF-16 surrogate)');
      if (bad) throw invalid(`property ${bad.field}`, 'should not exist', 'VALIDATION', bad.field);
    }
    return super.transform(value, metadata);
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The path of the first string or key holding U+0000, or of the first forbidden key; iterative, as bodies may nest deeply. */
function forbiddenInput(value: unknown): { field: string; reason: 'nul' | 'surrogate' | 'key' } | undefined {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return { field: path, reason: 'nul' };
      if (!isWellFormed(v)) return { field: path, reason: 'surrogate' };
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, item] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        if (k.includes('\u0000')) return { field: at, reason: 'nul' };
        if (!isWellFormed(k)) return { field: at, reason: 'surrogate' };
        if (FORBIDDEN_KEYS.has(k)) return { field: at, reason: 'key' };
        stack.push([item, at]);
      }
    }
  }
  return undefined;
}

/** Whether a string is whole UTF-16 (no lone surrogate). String.prototype.isWellFormed is Node 20+. */
export const isWellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** A route parameter that must be a UUID: anything else is a 400 naming the parameter. */
export const UuidParam = (name = 'id') =>
  Param(name, new ParseUUIDPipe({ version: undefined, exceptionFactory: () => invalid(name, 'must be a UUID') }));
