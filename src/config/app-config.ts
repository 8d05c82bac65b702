import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { DEFAULT_PASSWORD_HASH_COST, type PasswordHashCost } from '../common/password.js';

const toBool = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : value === true || value === 'true' || value === '1' ? true : value === false || value === 'false' || value === '0' ? false : value;
const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : /^-?\d+$/.test(String(value)) ? Number(value) : value);

/** Every environment variable the service reads. Unknown LAGESBILD-style typos are caught by name below. */
export class EnvironmentVariables {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsString() DATA_DIR?: string;
  @IsOptional() @IsString() DATABASE_URL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) EMBEDDED_PG_PORT?: number;
  @IsOptional() @Transform(toBool) @IsBoolean() SEED_DEMO?: boolean;
  @IsOptional() @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' }) JWT_SECRET?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(60) @Max(30 * 24 * 3600) JWT_EXPIRES_IN_SECONDS?: number;
  @IsOptional() @IsString() BOOTSTRAP_ADMIN_EMAIL?: string;
  @IsOptional() @IsString() @MinLength(12, { message: 'BOOTSTRAP_ADMIN_PASSWORD must be at least 12 characters' }) BOOTSTRAP_ADMIN_PASSWORD?: string;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) LOGIN_THROTTLE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600) LOGIN_THROTTLE_TTL_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3650) EVENT_RETENTION_DAYS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(200) DB_POOL_SIZE?: number;
  @IsOptional() @IsString() MAP_TILE_URL?: string;
  @IsOptional() @IsString() MAP_TILE_ATTRIBUTION?: string;
  @IsOptional() @IsString() STATIC_DIR?: string;
  @IsOptional() @Transform(toBool) @IsBoolean() TRUST_PROXY?: boolean;
  @IsOptional() @IsString() @MinLength(24, { message: 'METRICS_TOKEN must be at least 24 characters' }) METRICS_TOKEN?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1_000_000) WRITE_THROTTLE_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600) WRITE_THROTTLE_TTL_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) @Max(4_194_304) PASSWORD_HASH_MEMORY_KIB?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(20) PASSWORD_HASH_TIME_COST?: number;
  // ---- e-mail (src/mail, src/alerts, the password reset link) ----
  @IsOptional() @Matches(/^smtps?:\/\/[^\s]+$/, { message: 'SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…' }) SMTP_URL?: string;
  @IsOptional() @IsString() @MinLength(3) SMTP_FROM?: string;
  @IsOptional() @IsString() @Matches(/^[^\s@<>]+@[^\s@<>]+$/, { message: 'SMTP_UNSUBSCRIBE_MAILTO must be an e-mail address' }) SMTP_UNSUBSCRIBE_MAILTO?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(600) SMTP_TIMEOUT_SECONDS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(100) SMTP_RETRY_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(3600) SMTP_RETRY_DELAY_SECONDS?: number;
  @IsOptional() @Matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, { message: 'PUBLIC_URL must be the http(s) address people open the service at, e.g. https://lagesbild.kommun.se' }) PUBLIC_URL?: string;
  // ---- end of e-mail ----
  // ---- plausible reports (src/reports): how old an observation may be, how far outside the collaboration's areas ----
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(36500) REPORT_MAX_AGE_DAYS?: number;
  @IsOptional() @IsString() @Matches(/^(off|\d{1,4}(\.\d{1,3})?)$/, { message: 'REPORT_OUTSIDE_MARGIN_KM must be kilometres (e.g. 5 or 2.5) or off' })
  REPORT_OUTSIDE_MARGIN_KM?: string;
}

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  embeddedPgPort?: number;
  seedDemo: boolean;
  jwtSecret?: string;
  jwtExpiresInSeconds: number;
  bootstrapAdmin?: { email: string; password: string };
  logLevel: string;
  loginThrottle: { limit: number; ttlSeconds: number };
  eventRetentionDays: number;
  dbPoolSize: number;
  mapTileUrl: string;
  mapTileAttribution: string;
  staticDir?: string;
  trustProxy: boolean;
  /** A bearer token for Prometheus at /api/metrics (platform admins may read it with their own token too). */
  metricsToken?: string;
  /** Writes (POST, PATCH, PUT, DELETE) per user per window, all write routes together. */
  writeThrottle: { limit: number; ttlSeconds: number };
  /** argon2id's memory (KiB) and passes for new password hashes (common/password.ts). */
  passwordHash: PasswordHashCost;
  // ---- e-mail ----
  /** SMTP for alerts, digests and password reset links; undefined: e-mail is off (logged once at start). */
  mail?: MailConfig;
  /** Where people open the service (links in e-mails); PUBLIC_URL, else http://localhost:PORT. */
  publicUrl: string;
  // ---- end of e-mail ----
  /**
   * Plausible reports: an observation older than `maxAgeDays` is refused (null: any age), and a point further than
   * `outsideMarginKm` outside the bounding box of the collaboration's areas is refused unless the client confirms it
   * (null: no check).
   */
  reports: { maxAgeDays: number | null; outsideMarginKm: number | null };
}

/** SMTP_* (README, "Configuration"). */
export interface MailConfig {
  url: string;
  from: string;
  /** Also offered in List-Unsubscribe (a mailbox someone reads); the https one-click link is always there. */
  unsubscribeMailto?: string;
  /** Connection, greeting and socket timeouts of one SMTP conversation. */
  timeoutSeconds: number;
  /** Retries after the first attempt before a message is marked failed. */
  retryLimit: number;
  /** The first retry's delay; each next one about doubles (up to an hour). */
  retryDelaySeconds: number;
}

const PREFIXES = ['LAGESBILD_', 'JWT_', 'BOOTSTRAP_', 'EMBEDDED_PG_', 'LOGIN_THROTTLE_', 'WRITE_THROTTLE', 'METRICS_', 'EVENT_RETENTION', 'DB_POOL', 'MAP_TILE', 'SEED_', 'SMTP_', 'PUBLIC_URL', 'REPORT_'];

/** Reads and validates the environment; throws one readable line on the first problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = new Set(knownKeys());
  // A typo such as JWT_SECRETS or SEED_DEMOS would otherwise be silently ignored.
  for (const key of Object.keys(env)) {
    if (PREFIXES.some((p) => key.startsWith(p)) && !known.has(key)) {
      throw new ConfigError(`unknown setting ${key}`);
    }
  }
  const parsed = plainToInstance(EnvironmentVariables, pick(env), { enableImplicitConversion: false });
  const errors = validateSync(parsed, { whitelist: true });
  if (errors.length > 0) {
    const e = errors[0];
    // Never echo a secret into logs: the line names the setting and the rule only (a connection URL may hold a password).
    const got = /SECRET|PASSWORD|TOKEN|DATABASE_URL|SMTP_URL/.test(e.property) ? '' : ` (got ${JSON.stringify(e.value)})`;
    throw new ConfigError(`${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}${got}`);
  }
  if ((parsed.BOOTSTRAP_ADMIN_EMAIL === undefined) !== (parsed.BOOTSTRAP_ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('BOOTSTRAP_ADMIN_EMAIL and BOOTSTRAP_ADMIN_PASSWORD must be set together');
  }
  if (parsed.SMTP_URL && (!parsed.SMTP_FROM || !parsed.PUBLIC_URL)) {
    // Without a sender nothing can be sent, and without the public address no link in a mail would open.
    throw new ConfigError('SMTP_URL needs SMTP_FROM (the sender, e.g. "Lägesbild <noreply@kommun.se>") and PUBLIC_URL (where the links in e-mails open)');
  }
  return {
    env: (parsed.NODE_ENV as AppConfig['env']) ?? 'development',
    port: parsed.PORT ?? 3000,
    host: parsed.HOST ?? '0.0.0.0',
    dataDir: parsed.DATA_DIR ?? './data',
    databaseUrl: parsed.DATABASE_URL || undefined,
    embeddedPgPort: parsed.EMBEDDED_PG_PORT,
    seedDemo: parsed.SEED_DEMO ?? !parsed.DATABASE_URL,
    jwtSecret: parsed.JWT_SECRET,
    jwtExpiresInSeconds: parsed.JWT_EXPIRES_IN_SECONDS ?? 12 * 3600,
    bootstrapAdmin: parsed.BOOTSTRAP_ADMIN_EMAIL
      ? { email: parsed.BOOTSTRAP_ADMIN_EMAIL.toLowerCase(), password: parsed.BOOTSTRAP_ADMIN_PASSWORD! }
      : undefined,
    logLevel: parsed.LOG_LEVEL ?? 'info',
    loginThrottle: { limit: parsed.LOGIN_THROTTLE_LIMIT ?? 10, ttlSeconds: parsed.LOGIN_THROTTLE_TTL_SECONDS ?? 60 },
    eventRetentionDays: parsed.EVENT_RETENTION_DAYS ?? 90,
    dbPoolSize: parsed.DB_POOL_SIZE ?? 20,
    ...mapTiles(parsed.MAP_TILE_URL, parsed.MAP_TILE_ATTRIBUTION),
    staticDir: parsed.STATIC_DIR,
    trustProxy: parsed.TRUST_PROXY ?? false,
    metricsToken: parsed.METRICS_TOKEN,
    writeThrottle: { limit: parsed.WRITE_THROTTLE_LIMIT ?? 600, ttlSeconds: parsed.WRITE_THROTTLE_TTL_SECONDS ?? 60 },
    passwordHash: {
      memoryKib: parsed.PASSWORD_HASH_MEMORY_KIB ?? DEFAULT_PASSWORD_HASH_COST.memoryKib,
      timeCost: parsed.PASSWORD_HASH_TIME_COST ?? DEFAULT_PASSWORD_HASH_COST.timeCost,
    },
    mail: parsed.SMTP_URL ? {
      url: parsed.SMTP_URL, from: parsed.SMTP_FROM!, unsubscribeMailto: parsed.SMTP_UNSUBSCRIBE_MAILTO,
      timeoutSeconds: parsed.SMTP_TIMEOUT_SECONDS ?? 30, retryLimit: parsed.SMTP_RETRY_LIMIT ?? 10, retryDelaySeconds: parsed.SMTP_RETRY_DELAY_SECONDS ?? 30,
    } : undefined,
    publicUrl: (parsed.PUBLIC_URL ?? `http://localhost:${parsed.PORT ?? 3000}`).replace(/\/+$/, ''),
    reports: {
      maxAgeDays: parsed.REPORT_MAX_AGE_DAYS === 0 ? null : (parsed.REPORT_MAX_AGE_DAYS ?? 30),
      outsideMarginKm: parsed.REPORT_OUTSIDE_MARGIN_KM === 'off' ? null : Number(parsed.REPORT_OUTSIDE_MARGIN_KM ?? 5),
    },
  };
}

export class ConfigError extends Error {}

/** OpenStreetMap's standard tiles, used unless MAP_TILE_URL names the municipality's own (or `none`). */
export const OSM_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const OSM_ATTRIBUTION = '© OpenStreetMap-bidragsgivare';

/**
 * Map tiles for the web client: OpenStreetMap with its attribution by default; `MAP_TILE_URL=none` for an offline
 * installation (no tiles: areas, places and reports on a plain background); any other value is a tile URL template
 * (`https://…/{z}/{x}/{y}.png`, `{s}` for subdomains) shown with MAP_TILE_ATTRIBUTION.
 */
export function mapTiles(url: string | undefined, attribution: string | undefined): { mapTileUrl: string; mapTileAttribution: string } {
  if (url === undefined) return { mapTileUrl: OSM_TILE_URL, mapTileAttribution: attribution ?? OSM_ATTRIBUTION };
  if (url.trim().toLowerCase() === 'none') return { mapTileUrl: '', mapTileAttribution: '' };
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\{[a-z]\}/gi, 'a'));
  } catch {
    throw new ConfigError(`MAP_TILE_URL: must be a tile URL such as ${OSM_TILE_URL}, or none (got ${JSON.stringify(url)})`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigError(`MAP_TILE_URL: must be an http(s) URL or none (got ${JSON.stringify(url)})`);
  }
  return { mapTileUrl: url, mapTileAttribution: attribution ?? '' };
}

/**
 * The origin(s) the Content-Security-Policy must allow images from for MAP_TILE_URL: its origin, with a `{s}`
 * subdomain as a wildcard (`https://*.tiles.example.se`); none without tiles.
 */
export function tileImageSources(url: string): string[] {
  if (!url) return [];
  try {
    const u = new URL(url.replace(/\{s\}/g, 'subdomain').replace(/\{[a-z]\}/gi, '0'));
    const host = u.host.replace(/(^|\.)subdomain(\.|$)/, '$1*$2');
    return [`${u.protocol}//${host}`];
  } catch {
    return [];
  }
}

function knownKeys(): string[] {
  // The settings EnvironmentVariables declares; kept as a list because decorated fields have no runtime keys.
  return [
    'NODE_ENV', 'PORT', 'HOST', 'DATA_DIR', 'DATABASE_URL', 'EMBEDDED_PG_PORT', 'SEED_DEMO', 'JWT_SECRET',
    'JWT_EXPIRES_IN_SECONDS', 'BOOTSTRAP_ADMIN_EMAIL', 'BOOTSTRAP_ADMIN_PASSWORD', 'LOG_LEVEL', 'LOGIN_THROTTLE_LIMIT',
    'LOGIN_THROTTLE_TTL_SECONDS', 'EVENT_RETENTION_DAYS', 'DB_POOL_SIZE', 'MAP_TILE_URL', 'MAP_TILE_ATTRIBUTION',
    'STATIC_DIR', 'TRUST_PROXY', 'METRICS_TOKEN', 'WRITE_THROTTLE_LIMIT', 'WRITE_THROTTLE_TTL_SECONDS',
    'PASSWORD_HASH_MEMORY_KIB', 'PASSWORD_HASH_TIME_COST',
    'SMTP_URL', 'SMTP_FROM', 'SMTP_UNSUBSCRIBE_MAILTO', 'SMTP_TIMEOUT_SECONDS', 'SMTP_RETRY_LIMIT', 'SMTP_RETRY_DELAY_SECONDS', 'PUBLIC_URL',
    'REPORT_MAX_AGE_DAYS', 'REPORT_OUTSIDE_MARGIN_KM',
  ];
}

/** The known settings that are set; an empty one counts as unset (`JWT_SECRET=${JWT_SECRET:-}` in a compose file). */
function pick(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of knownKeys()) if (env[k] !== undefined && env[k] !== '') out[k] = env[k];
  return out;
}
