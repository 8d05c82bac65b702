/**
 * fast-check arbitraries for hostile requests, generated from the service's OpenAPI document (test/support/surface.ts):
 * for a route, path parameters (real ids of the right kind, other uuids, garbage, broken percent-encoding), query
 * strings (declared and unknown parameters, repeated keys, prototype keys), JSON bodies (mostly shaped by the
 * route's schema, with wrong types, huge strings, NUL, lone surrogates, deep nesting and prototype keys mixed in,
 * or no JSON at all) and headers (Idempotency-Key, content types and encodings, tokens in every wrong shape).
 * Not a spec file; the fuzz tests are test/e2e/fuzz.spec.ts.
 */
import fc from 'fast-check';
import { fillPath, type Route, type Schema, type Surface } from './surface.js';

/** Real ids by the kind of record, and every one of them. */
export type IdPool = Record<'report' | 'user' | 'organisation' | 'collaboration' | 'area' | 'place' | 'subscription', string[]>;

/** Which kind of record a field or path parameter names, by its name and the route. */
function kindOf(name: string, path: string): keyof IdPool | undefined {
  if (/^organisation|OrganisationIds$/.test(name)) return 'organisation';
  if (/^area/.test(name)) return 'area';
  if (/^place/.test(name)) return 'place';
  if (/^collaboration/.test(name)) return 'collaboration';
  if (/^(user|entity)Id$/.test(name)) return name === 'userId' ? 'user' : 'report';
  if (name !== 'id') return undefined;
  return (['report', 'user', 'area', 'place', 'subscription'] as const).find((k) => path.includes(`/${k}s/`));
}

const LONE_SURROGATES = ['\ud800', 'x\udfffy', '\udc00\ud800', 'a\ud83d'];
const ODD_STRINGS = ['a\u0000b', '\u0000', ...LONE_SURROGATES, '\uffff', '\u202eevil', '𝕏𝕐', 'e\u0301', ' ', '', '\n\t\r', '%00', '\\', '"', '<script>', "' OR 1=1 --"];

/** Objects and arrays nested `depth` deep (the service refuses JSON deeper than 32 before parsing it). */
export const nested = (depth: number, object = false): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = object ? { a: v } : [v];
  return v;
};

/** A value no schema asked for: wrong types, extremes, hostile strings, deep nesting, prototype keys. */
export const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, -0, 1e308, -1e308, 5e-324, 2 ** 53 + 2, 2 ** 31, -(2 ** 31) - 1),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(...ODD_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('x'.repeat(201), 'x'.repeat(4001), 'å'.repeat(20_000)),
  fc.constantFrom(31, 32, 33, 200).chain((d) => fc.boolean().map((o) => nested(d, o))),
  fc.constantFrom(JSON.parse('{"__proto__":{"isAdmin":true}}'), { constructor: { prototype: { isAdmin: true } } }, { prototype: 1 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.array(fc.constantFrom(...ODD_STRINGS), { maxLength: 3 }),
);

/** Garbage for a path segment, some of it not even valid percent-encoding (sent as is). */
const RAW_SEGMENTS = ['%', '%zz', '%00', '%ff%fe', '..', '%2e%2e', 'a%2Fb', '%C0%AF', '00000000-0000-0000-0000-000000000000%00', '%E2%80%AE', 'x'.repeat(3000)];

export interface FuzzContext {
  surface: Surface;
  pool: IdPool;
  /** The labels of the callers (the spec knows their tokens), each with how often to pick it. */
  callers: { label: string; weight: number }[];
  /** A few Idempotency-Keys shared by all requests, so that some meet again (replays, 409s). */
  keys: string[];
}

export interface FuzzRequest {
  route: string;
  method: string;
  /** Path and query string, as sent. */
  url: string;
  caller: string;
  /** How the caller's token travels. */
  auth: 'bearer' | 'lowercase' | 'bare' | 'cookie' | 'basic' | 'appended';
  headers: Record<string, string>;
  body?: string | number[];
}

/** An id for `name` on `path`: mostly a real one of its kind, else any real one, a random uuid or garbage. */
function idFor(pool: IdPool, name: string, path: string): fc.Arbitrary<string> {
  const kind = kindOf(name, path);
  const all = Object.values(pool).flat();
  return fc.oneof(
    { arbitrary: fc.constantFrom(...(kind && pool[kind].length ? pool[kind] : all)), weight: 5 },
    { arbitrary: fc.constantFrom(...all), weight: 1 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: fc.uuid().map((u) => u.toUpperCase()), weight: 1 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
  );
}

/**
 * A value for a schema: valid by the schema most of the time (enums, bounds, formats, real ids), one of `nasty`
 * otherwise (never, with `validOnly`). Objects sometimes lose required fields or gain unknown ones.
 */
export function fromSchema(t: FuzzContext, schema: Schema, name = '', path = '', validOnly = false): fc.Arbitrary<unknown> {
  const s = t.surface.resolve(schema);
  const valid = validFor(t, s, name, path, validOnly);
  return validOnly ? valid : fc.oneof({ arbitrary: valid, weight: 9 }, { arbitrary: nasty, weight: 1 });
}

function validFor(t: FuzzContext, s: Schema, name: string, path: string, validOnly: boolean): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string': {
      if (s.format === 'uuid') return idFor(t.pool, name, path);
      if (s.format === 'date-time') {
        return fc.tuple(fc.date({ min: new Date('1990-01-01'), max: new Date(Date.now() + 3 * 86_400_000), noInvalidDate: true }), fc.constantFrom('Z', '+01:00', 'date', '+0530'))
          .map(([d, zone]) => (zone === 'Z' ? d.toISOString() : zone === 'date' ? d.toISOString().slice(0, 10) : d.toISOString().replace('Z', zone)));
      }
      const min = s.minLength ?? 1;
      const max = Math.min(s.maxLength ?? 200, 300);
      return fc.oneof(
        ...(typeof s.example === 'string' ? [fc.constant(s.example)] : []),
        ...(name === 'email' ? [fc.emailAddress()] : []),
        ...(name === 'password' ? [fc.constant('a-long-test-password')] : []),
        fc.lorem({ maxCount: 6 }).filter((x) => x.length >= min && x.length <= max),
        fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 60) }),
      );
    }
    case 'number':
    case 'integer': {
      if (s.minimum !== undefined && s.maximum !== undefined) return fc.integer({ min: s.minimum, max: s.maximum });
      // Unbounded numbers are versions and limits: small ones find the records' versions.
      return fc.oneof({ arbitrary: fc.integer({ min: 1, max: 5 }), weight: 3 }, fc.integer({ min: 0, max: 1000 }));
    }
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(t, s.items ?? {}, name, path, validOnly), { maxLength: 4 });
    case 'object':
    case undefined: {
      if (!s.properties) return s.example !== undefined ? fc.oneof(fc.constant(s.example), fc.jsonValue({ maxDepth: 4 })) : fc.jsonValue({ maxDepth: 4 });
      const fields = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, fromSchema(t, v, k, path, validOnly)]));
      const whole = fc.record(fields, { requiredKeys: s.required ?? [] });
      if (validOnly) return whole;
      return fc.oneof(
        { arbitrary: whole, weight: 6 },
        { arbitrary: fc.record(fields, { requiredKeys: [] }), weight: 1 },
        { arbitrary: fc.tuple(whole, fc.constantFrom('extra', 'id', 'organisationId', 'role', 'platformAdmin', 'version'), nasty).map(([o, k, v]) => ({ ...(o as object), [k]: v })), weight: 1 },
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Bodies that are not the JSON of a value: broken, truncated, too deep to parse, too big, not UTF-8. */
const RAW_BODIES: fc.Arbitrary<string | number[]> = fc.oneof(
  fc.constantFrom('{', '{"a":', 'null', '"text"', '[]', '1', 'true', '{"a":1,"a":2}', '\u0000', '{"x":"\\ud800"}', '{"x":"\\u0000"}',
    '{"description":"\\udc00"}', `${'['.repeat(33)}${']'.repeat(33)}`, `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    `{${Array.from({ length: 5000 }, (_, i) => `"k${i}":${i}`).join(',')}}`, `"${'x'.repeat(300_000)}"`),
  fc.string({ maxLength: 100 }),
  fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 64 }),
);

const CONTENT_TYPES = [
  'application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=nope',
  'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/merge-patch+json', 'application/*', '',
];
const headerText = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 80 });

/** Percent-encodes text, a lone surrogate as the three bytes it would take (WTF-8): invalid UTF-8 on the wire. */
export function percent(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    out += code >= 0xd800 && code <= 0xdfff
      ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('')
      : encodeURIComponent(ch);
  }
  return out;
}

/** A query string of the route's declared parameters (valid or not) and unknown ones, keys repeated at times. */
function queryFor(t: FuzzContext, route: Route, validOnly: boolean): fc.Arbitrary<string> {
  const declared = route.query.map((p) => fc.tuple(fc.constant(p.name), fromSchema(t, p.schema, p.name, route.path, validOnly)));
  const unknown = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'x', 'limit[]', 'a[b]', 'id', '', 'organisationId'), nasty);
  const pairs = validOnly || !declared.length ? fc.array(fc.oneof(...(declared.length ? declared : [unknown])), { maxLength: 3 })
    : fc.array(fc.oneof({ arbitrary: fc.oneof(...declared), weight: 4 }, { arbitrary: unknown, weight: 1 }), { maxLength: 5 });
  return fc.tuple(pairs, fc.boolean()).map(([list, raw]) => {
    if (!list.length) return '';
    const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : JSON.stringify(v) ?? '');
    return `?${list.map(([k, v]) => `${percent(k)}=${raw && !validOnly ? text(v).replace(/[#&?\s]/g, '') : percent(text(v))}`).join('&')}`;
  }).map((q) => (q.length > 6000 ? q.slice(0, 6000) : q));
}

/**
 * A request to `route`: by one of `t.callers`, its token carried in one of several ways, with path parameters,
 * query, headers and body as described above. `validOnly`: schema-valid values and JSON bodies only (for the
 * concurrent writes, which should mostly get through to the database).
 */
export function requestFor(t: FuzzContext, route: Route, validOnly = false): fc.Arbitrary<FuzzRequest> {
  const params = route.pathParams.map((p) => fc.oneof(
    { arbitrary: idFor(t.pool, p.name, route.path).map(percent), weight: validOnly ? 1 : 6 },
    ...(validOnly ? [] : [{ arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 1 }]),
  ));
  const path = fc.tuple(...params).map((values) => fillPath(route.path, Object.fromEntries(route.pathParams.map((p, i) => [p.name, values[i]])), true));
  const json = route.body ? fromSchema(t, route.body, '', route.path, validOnly) : fc.jsonValue({ maxDepth: 2 });
  // fetch sends no body with a GET.
  const body: fc.Arbitrary<string | number[] | undefined> = route.method === 'GET' ? fc.constant(undefined) : validOnly
    ? (route.body ? json.map((v) => JSON.stringify(v)) : fc.constant(undefined))
    : fc.oneof(
      { arbitrary: json.map((v) => JSON.stringify(v)), weight: route.body ? 8 : 1 },
      { arbitrary: fc.constant(undefined), weight: route.body ? 1 : 6 },
      { arbitrary: RAW_BODIES, weight: 2 },
    );
  // Each header now and then (most requests should get past the headers to the body and the database).
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>, weight = 1) => fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary, weight });
  const headers = fc.record({
    'idempotency-key': sometimes(fc.oneof({ arbitrary: fc.constantFrom(...t.keys), weight: 2 }, fc.uuid(), ...(validOnly ? [] : [headerText, fc.uuid().map((u) => u.toUpperCase())])), 3),
    'content-type': validOnly ? fc.constant(undefined) : sometimes(fc.constantFrom(...CONTENT_TYPES)),
    'content-encoding': validOnly ? fc.constant(undefined) : sometimes(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown')),
    'accept': sometimes(fc.constantFrom('application/json', 'text/html', '*/*', 'application/pdf', '')),
  });
  const auth = validOnly ? fc.constant('bearer' as const) : fc.oneof(
    { arbitrary: fc.constant('bearer' as const), weight: 12 },
    { arbitrary: fc.constantFrom('lowercase' as const, 'bare' as const, 'cookie' as const, 'basic' as const, 'appended' as const), weight: 1 },
  );
  return fc.record({ caller: fc.oneof(...t.callers.map((c) => ({ arbitrary: fc.constant(c.label), weight: c.weight }))), auth, path, query: queryFor(t, route, validOnly), headers, body })
    .map(({ caller, auth, path, query, headers, body }) => {
      // A body needs a content type to be read as one: only the content-type arbitrary may withhold it.
      const h = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
      if (body !== undefined && !('content-type' in h)) h['content-type'] = 'application/json';
      if (body === undefined) delete h['content-encoding'];
      return { route: route.key, method: route.method, url: path + query, caller, auth, headers: h, ...(body !== undefined && { body }) };
    });
}

/** The headers that carry a token as `auth` says. */
export function authHeaders(token: string | undefined, auth: FuzzRequest['auth']): Record<string, string> {
  if (token === undefined) return {};
  switch (auth) {
    case 'bearer': return { authorization: `Bearer ${token}` };
    case 'lowercase': return { authorization: `bearer ${token}` };
    case 'bare': return { authorization: token };
    case 'cookie': return { cookie: `lagesbild_token=${token}` };
    case 'basic': return { authorization: `Basic ${Buffer.from(`x:${token}`).toString('base64')}` };
    case 'appended': return { authorization: `Bearer ${token}x` };
  }
}

/** A payload for a socket event: what its handler expects now and then, anything at all otherwise. */
export const socketPayload: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ afterSeq: fc.oneof(fc.nat(100), fc.constantFrom(-1, 1.5, 2 ** 53, 1e300, '3', null)) }, { requiredKeys: [] }),
  fc.record({ enabled: fc.oneof(fc.boolean(), nasty) }, { requiredKeys: [] }),
  fc.tuple(fc.record({ afterSeq: fc.nat(5) }), fc.constantFrom('extra', '__proto__'), nasty).map(([o, k, v]) => (k === '__proto__' ? JSON.parse(`{"afterSeq":${o.afterSeq},"__proto__":{"x":1}}`) : { ...o, [k]: v })),
  nasty,
  fc.constantFrom(undefined, 'x'.repeat(20_000), Buffer.from([0, 1, 2, 255])),
);
