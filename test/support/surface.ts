/**
 * The service's whole surface, read from the service itself so that a test generated from it cannot skip a new
 * endpoint: the HTTP routes from the OpenAPI document it serves (`GET /api/docs-json`, where every controller route
 * is), and the Socket.IO events its gateways handle (every `@SubscribeMessage` under src/). Not a spec file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A JSON Schema of the OpenAPI document, as far as the tests read it. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  example?: unknown;
  default?: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** The OpenAPI path, e.g. `/api/reports/{id}`. */
  path: string;
  /** `METHOD path`, the key the tests' tables use. */
  key: string;
  pathParams: Parameter[];
  query: Parameter[];
  headers: Parameter[];
  /** The JSON request body's schema (resolved), if the route takes one. */
  body?: Schema;
  /** Whether the document says the route needs a bearer token. */
  bearer: boolean;
  /** The route takes a CSV file (`text/csv`) instead of a JSON body (police-reported crime). */
  csv?: boolean;
}

export interface Surface {
  routes: Route[];
  /** Resolves a `$ref` of the document (other schemas are returned as they are). */
  resolve(schema: Schema): Schema;
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

/** Every route of the running service, from its OpenAPI document. */
export async function readSurface(baseUrl: string): Promise<Surface> {
  const res = await fetch(`${baseUrl}/api/docs-json`);
  if (res.status !== 200) throw new Error(`GET /api/docs-json: ${res.status}`);
  const doc = (await res.json()) as {
    paths: Record<string, Partial<Record<(typeof METHODS)[number], {
      parameters?: Parameter[];
      requestBody?: { content: Record<string, { schema: Schema }> };
      security?: unknown[];
    }>>>;
    components?: { schemas?: Record<string, Schema> };
  };
  const schemas = doc.components?.schemas ?? {};
  const resolve = (s: Schema): Schema => {
    if (!s.$ref) return s;
    const found = schemas[s.$ref.replace('#/components/schemas/', '')];
    if (!found) throw new Error(`the OpenAPI document has no schema ${s.$ref}`);
    return resolve(found);
  };
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const m of METHODS) {
      const op = ops[m];
      if (!op) continue;
      const params = op.parameters ?? [];
      const body = op.requestBody?.content['application/json']?.schema;
      const method = m.toUpperCase() as Route['method'];
      routes.push({
        method, path, key: `${method} ${path}`,
        pathParams: params.filter((p) => p.in === 'path'),
        query: params.filter((p) => p.in === 'query'),
        headers: params.filter((p) => p.in === 'header'),
        body: body && resolve(body),
        bearer: (op.security ?? []).some((s) => Object.keys(s as object).includes('bearer')),
        ...(op.requestBody?.content['text/csv'] && { csv: true }),
      });
    }
  }
  return { routes, resolve };
}

/** The path with its `{param}`s replaced (values percent-encoded unless `raw`). */
export function fillPath(path: string, values: Record<string, string>, raw = false): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for {${name}} in ${path}`);
    return raw ? values[name] : encodeURIComponent(values[name]);
  });
}

/** The Socket.IO events the service's gateways handle: every `@SubscribeMessage('…')` in src/. */
export function gatewayEvents(root = process.cwd()): string[] {
  const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') ? [join(dir, e.name)] : []);
  const events = new Set<string>();
  for (const file of sources(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/@SubscribeMessage\(\s*['"`]([^'"`]+)['"`]/g)) events.add(m[1]);
  }
  return [...events].sort();
}
