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
export type IdPool = Record<'report' | 'user' | 'organisation' | 'collaboration' | 'area' | 'place' | 'subscription' | 'concernTalk' | 'meeting' | 'decision'
  | 'promise' | 'document'
  // The admin screens: category codes (PATCH /api/categories/{code}).
  | 'category', string[]>;

/** Which kind of record a field or path parameter names, by its name and the route. */
function kindOf(name: string, path: string): keyof IdPool | undefined {
  if (/^organisation|OrganisationIds$/.test(name)) return 'organisation';
  if (/^area/.test(name)) return 'area';
  if (/^place/.test(name)) return 'place';
  if (/^collaboration/.test(name)) return 'collaboration';
  if (/^(user|entity)Id$/.test(name)) return name === 'userId' ? 'user' : 'report';
  if (name === 'decisionId') return 'decision';
  if (name === 'promiseId') return 'promise';
  if (name === 'code' && path.includes('/categories/')) return 'category';
  if (name !== 'id') return undefined;
  if (path.includes('/concern-talks/')) return 'concernTalk';
  // Citizen promises: a promise, or a document (a follow-up or an action plan, also on the public pages).
  if (path.includes('/promises/')) return 'promise';
  if (path.includes('/follow-ups/') || path.includes('/action-plans/')) return 'document';
  return (['report', 'user', 'area', 'place', 'subscription', 'meeting'] as const).find((k) => path.includes(`/${k}s/`));
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
  /** The labels of the callers (the spec knows their tokens); `person`: a real person's valid token. */
  callers: { label: string; person: boolean }[];
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

/** An id for `name` on `path`: mostly a real one of its kind, else any real one or a random uuid; `hostile`: also garbage. */
function idFor(pool: IdPool, name: string, path: string, hostile = true): fc.Arbitrary<string> {
  const kind = kindOf(name, path);
  const all = Object.values(pool).flat();
  return fc.oneof(
    { arbitrary: fc.constantFrom(...(kind && pool[kind].length ? pool[kind] : all)), weight: 6 },
    { arbitrary: fc.constantFrom(...all), weight: 1 },
    { arbitrary: fc.uuid(), weight: 1 },
    ...(hostile ? [{ arbitrary: fc.uuid().map((u) => u.toUpperCase()), weight: 1 }, { arbitrary: fc.string({ maxLength: 40 }), weight: 1 }] : []),
  );
}

/** How a value is made: valid by its schema; valid but with every free text tainted (see `taint`); or anything. */
export type Mode = 'valid' | 'tainted' | 'any';

/**
 * A value for a schema. `any`: valid by the schema most of the time (enums, bounds, formats, real ids), tainted text
 * or one of `nasty` otherwise, objects sometimes losing required fields or gaining unknown ones.
 */
export function fromSchema(t: FuzzContext, schema: Schema, name = '', path = '', mode: Mode = 'any'): fc.Arbitrary<unknown> {
  const s = t.surface.resolve(schema);
  const valid = validFor(t, s, name, path, mode);
  const text = s.type === 'string' && !s.enum && !s.format;
  if (mode === 'valid' || (mode === 'tainted' && !text)) return valid;
  if (mode === 'tainted') return taint(valid as fc.Arbitrary<string>);
  // A text field also gets text that is fine but for one character PostgreSQL cannot store or a reader may trip on.
  return fc.oneof({ arbitrary: valid, weight: 9 }, { arbitrary: nasty, weight: 1 }, ...(text ? [{ arbitrary: taint(valid as fc.Arbitrary<string>), weight: 2 }] : []));
}

/** The text with NUL, a lone surrogate or a control or bidi character put somewhere in it. */
const taint = (text: fc.Arbitrary<string>) => fc.tuple(text, fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\u0007', '\ufeff'), fc.nat())
  .map(([t, ch, at]) => t.slice(0, at % (t.length + 1)) + ch + t.slice(at % (t.length + 1)));

function validFor(t: FuzzContext, s: Schema, name: string, path: string, mode: Mode): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'string': {
      if (s.format === 'uuid') return idFor(t.pool, name, path, mode === 'any');
      if (s.format === 'date-time') {
        return fc.tuple(fc.date({ min: new Date('1990-01-01'), max: new Date(Date.now() + 3 * 86_400_000), noInvalidDate: true }), fc.constantFrom('Z', '+01:00', 'date', '+0530'))
          .map(([d, zone]) => (zone === 'Z' ? d.toISOString() : zone === 'date' ? d.toISOString().slice(0, 10) : d.toISOString().replace('Z', zone)));
      }
      const min = s.minLength ?? 1;
      const max = Math.min(s.maxLength ?? 200, 300);
      // E-mail addresses are random: one address failing login after login only meets the service's back-off.
      if (name === 'email') return fc.emailAddress();
      return fc.oneof(
        ...(typeof s.example === 'string' ? [fc.constant(s.example)] : []),
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
      return fc.array(fromSchema(t, s.items ?? {}, name, path, mode), { maxLength: 4 });
    case 'object':
    case undefined: {
      if (!s.properties) return s.example !== undefined ? fc.oneof(fc.constant(s.example), fc.jsonValue({ maxDepth: 4 })) : fc.jsonValue({ maxDepth: 4 });
      const fields = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, fromSchema(t, v, k, path, mode)]));
      const whole = fc.record(fields, { requiredKeys: s.required ?? [] });
      if (mode !== 'any') return whole;
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

const MISSING = Symbol('missing');

/**
 * The JSON value of a route's body: valid by its schema; valid with tainted text; valid but for one field (wrong,
 * tainted or missing), so that the one fault meets the code behind validation; anything; or any JSON at all.
 */
function jsonBodyFor(t: FuzzContext, route: Route): fc.Arbitrary<unknown> {
  if (!route.body) return fc.jsonValue({ maxDepth: 2 });
  const valid = fromSchema(t, route.body, '', route.path, 'valid');
  const keys = Object.keys(t.surface.resolve(route.body).properties ?? {});
  const oneFault = !keys.length ? valid : fc.tuple(valid, fc.constantFrom(...keys), fc.oneof(nasty, taint(fc.lorem({ maxCount: 4 })), fc.constant(MISSING)))
    .map(([body, key, value]) => {
      const copy: Record<string, unknown> = { ...(body as object) };
      if (value === MISSING) delete copy[key];
      else copy[key] = value;
      return copy;
    });
  return fc.oneof(
    { arbitrary: valid, weight: 3 },
    { arbitrary: fromSchema(t, route.body, '', route.path, 'tainted'), weight: 3 },
    { arbitrary: oneFault, weight: 4 },
    { arbitrary: fromSchema(t, route.body, '', route.path), weight: 2 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 1 },
  );
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

/** A query string of the route's declared parameters (valid or not) and, if hostile, unknown ones and repeated keys. */
function queryFor(t: FuzzContext, route: Route, hostile: boolean): fc.Arbitrary<string> {
  const declared = route.query.map((p) => fc.tuple(fc.constant(p.name), fromSchema(t, p.schema, p.name, route.path, hostile ? 'any' : 'valid')));
  const unknown = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'x', 'limit[]', 'a[b]', 'id', '', 'organisationId'), nasty);
  const pairs = !hostile ? (declared.length ? fc.uniqueArray(fc.oneof(...declared), { maxLength: 3, selector: ([k]) => k }) : fc.constant([]))
    : fc.array(declared.length ? fc.oneof({ arbitrary: fc.oneof(...declared), weight: 4 }, { arbitrary: unknown, weight: 1 }) : unknown, { minLength: 1, maxLength: 5 });
  return fc.tuple(pairs, fc.boolean()).map(([list, raw]) => {
    if (!list.length) return '';
    const text = (v: unknown) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : JSON.stringify(v) ?? '');
    return `?${list.map(([k, v]) => `${percent(k)}=${raw && hostile ? text(v).replace(/[#&?\s]/g, '') : percent(text(v))}`).join('&')}`;
  }).map((q) => (q.length > 6000 ? q.slice(0, 6000) : q));
}

// ---- Police-reported crime: routes that take a CSV file (`text/csv`, Route.csv) instead of JSON.

/** A month as YYYY-MM, `back` months before this one (UTC; never later than the month it is in Sweden). */
const monthBack = (back: number) => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - back);
  return d.toISOString().slice(0, 7);
};
const CRIME_TYPES = ['Skadegörelse', 'Narkotikabrott', 'Misshandel', 'Stöld och snatteri', 'Trafikbrott'];
const CSV_HEADERS = [
  'month;area;crimeType;count', 'month;areaId;crimeType;count', 'månad;område;brottstyp;antal', 'count;crimeType;area;month',
  'month;area;type;count', 'month;area;area;crimeType;count', 'month', '', '"month;area', 'month;area;crimeType;count;;;',
];

/**
 * A CSV file of police-reported crime: valid (a header and lines of real areas, months up to three years back, counts
 * and types, each month, area and type once), or hostile: any header and separator, lines with bad months, areas,
 * types (personal data, too long, NUL, control characters), counts and field counts, unclosed quotes, odd line ends.
 */
function csvBodyFor(t: FuzzContext, hostile: boolean): fc.Arbitrary<string> {
  const month = fc.integer({ min: 0, max: 36 }).map(monthBack);
  const area = fc.constantFrom(...t.pool.area);
  const line = fc.tuple(month, area, fc.constantFrom(...CRIME_TYPES), fc.nat(500));
  const valid = fc.uniqueArray(line, { minLength: 1, maxLength: 6, selector: ([m, a, c]) => `${m};${a};${c}` })
    .map((lines) => `month;area;crimeType;count\n${lines.map((l) => l.join(';')).join('\n')}\n`);
  if (!hostile) return valid;
  const badField = fc.oneof(
    fc.constantFrom('2026-13', '1999-12', '2099-12', monthBack(-3), '26-01', '-1', '1.5', '12 st', '1e3', '99999999999999999999', '', ' ', '"', '""', '"x',
      'Ring 070-123 45 67', 'kalle@example.com', 'x'.repeat(101), 'a\u0000b', '\u202e', '\ud800', 'Centrum', 'ö'.normalize('NFD')),
    fc.constantFrom(...ODD_STRINGS),
    fc.string({ maxLength: 30 }),
    fc.uuid(),
  );
  const field = fc.oneof({ arbitrary: fc.oneof(month, area, fc.constantFrom(...CRIME_TYPES), fc.nat(500).map(String)), weight: 3 }, { arbitrary: badField, weight: 2 });
  const hostileLine = fc.tuple(fc.array(field, { minLength: 0, maxLength: 6 }), fc.constantFrom(';', ',', '\t', ';;'), fc.boolean())
    .map(([fields, sep, quoted]) => fields.map((f) => (quoted ? `"${f.replace(/"/g, '""')}"` : f)).join(sep));
  const hostileFile = fc.tuple(
    fc.oneof(fc.constantFrom(...CSV_HEADERS), fc.string({ maxLength: 40 })),
    fc.array(fc.oneof({ arbitrary: line.map((l) => l.join(';')), weight: 2 }, { arbitrary: hostileLine, weight: 3 }), { maxLength: 8 }),
    fc.constantFrom('\n', '\r\n', '\r', '\n\n'),
    fc.constantFrom('', '\uFEFF', '\uFEFF\uFEFF'),
  ).map(([header, lines, eol, bom]) => `${bom}${[header, ...lines].join(eol)}${eol}`);
  return fc.oneof({ arbitrary: valid, weight: 1 }, { arbitrary: hostileFile, weight: 4 });
}
// ---- end of police-reported crime

/** What of a request is hostile: nothing, one part, or everything at once. */
type Aspect = 'nothing' | 'caller' | 'path' | 'query' | 'headers' | 'body' | 'everything';
const ASPECTS: { arbitrary: fc.Arbitrary<Aspect>; weight: number }[] = [
  { arbitrary: fc.constant('nothing'), weight: 2 }, { arbitrary: fc.constant('caller'), weight: 1 }, { arbitrary: fc.constant('path'), weight: 1 },
  { arbitrary: fc.constant('query'), weight: 1 }, { arbitrary: fc.constant('headers'), weight: 1 }, { arbitrary: fc.constant('body'), weight: 4 },
  { arbitrary: fc.constant('everything'), weight: 1 },
];

/**
 * A request to `route`. One part of it at a time is hostile (or none, or all): the caller (anyone, a bad token, the
 * token carried wrongly), the path parameters, the query, the headers (Idempotency-Key, content type and encoding)
 * or the body; the rest is valid, so that the hostile part meets the code behind everything that checks the others.
 * `validOnly`: nothing hostile (for the concurrent writes, which should mostly get through to the database).
 */
export function requestFor(t: FuzzContext, route: Route, validOnly = false): fc.Arbitrary<FuzzRequest> {
  const aspect = validOnly ? fc.constant<Aspect>('nothing') : fc.oneof(...ASPECTS);
  return aspect.chain((a) => {
    const hostile = (part: Aspect) => a === part || a === 'everything';
    const people = t.callers.filter((c) => c.person);
    const caller = fc.constantFrom(...(hostile('caller') ? t.callers : people).map((c) => c.label));
    const auth = hostile('caller') ? fc.constantFrom('bearer' as const, 'lowercase' as const, 'bare' as const, 'cookie' as const, 'basic' as const, 'appended' as const) : fc.constant('bearer' as const);
    const params = route.pathParams.map((p) => hostile('path')
      ? fc.oneof({ arbitrary: idFor(t.pool, p.name, route.path, true).map(percent), weight: 3 }, { arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 1 })
      : idFor(t.pool, p.name, route.path, false));
    const path = fc.tuple(...params).map((values) => fillPath(route.path, Object.fromEntries(route.pathParams.map((p, i) => [p.name, values[i]])), true));
    // fetch sends no body with a GET.
    const body: fc.Arbitrary<string | number[] | undefined> = route.method === 'GET' ? fc.constant(undefined)
      // Police-reported crime: a CSV file (hostile: mostly a hostile file, sometimes JSON, raw bytes or nothing).
      : route.csv ? (!hostile('body') ? csvBodyFor(t, false) : fc.oneof(
        { arbitrary: csvBodyFor(t, true), weight: 8 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)), weight: 1 },
        { arbitrary: RAW_BODIES, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 },
      ))
      : !hostile('body') ? (route.body ? fromSchema(t, route.body, '', route.path, 'valid').map((v) => JSON.stringify(v)) : fc.constant(undefined))
      : fc.oneof(
        { arbitrary: jsonBodyFor(t, route).map((v) => JSON.stringify(v)), weight: route.body ? 12 : 1 },
        { arbitrary: fc.constant(undefined), weight: route.body ? 1 : 6 },
        { arbitrary: RAW_BODIES, weight: route.body ? 1 : 2 },
      );
    const key = fc.oneof({ arbitrary: fc.constantFrom(...t.keys), weight: 2 }, fc.uuid());
    const sometimes = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 2 });
    const headers = hostile('headers')
      ? fc.record({
        'idempotency-key': sometimes(fc.oneof(key, headerText, fc.uuid().map((u) => u.toUpperCase()))),
        'content-type': sometimes(fc.constantFrom(...CONTENT_TYPES)),
        'content-encoding': sometimes(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown')),
        'accept': sometimes(fc.constantFrom('application/json', 'text/html', '*/*', 'application/pdf', '')),
      })
      : fc.record({ 'idempotency-key': sometimes(key) });
    return fc.record({ caller, auth, path, query: queryFor(t, route, hostile('query')), headers, body }).map(({ caller, auth, path, query, headers, body }) => {
      // A body needs a content type to be read as one: only hostile headers withhold it or name another.
      const h = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
      if (body !== undefined && !('content-type' in h)) h['content-type'] = route.csv ? 'text/csv' : 'application/json';
      if (body === undefined) delete h['content-encoding'];
      return { route: route.key, method: route.method, url: path + query, caller, auth, headers: h, ...(body !== undefined && { body }) };
    });
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
