import { type ConcernTalkCounts, type ConcernTalkSummaryResponse, holdsConcernTalks, LIMITS } from '#contracts';
import { type Actor, isCoordinator } from '../common/actor.js';
import { DomainError, forbidden, invalid, notFound } from '../common/domain-error.js';

/** The rules of concern talks (orossamtal), as plain functions: no database, unit-tested in concern-talk.rules.spec.ts. */

export enum ConcernTalkErrorCode {
  VersionConflict = 'VERSION_CONFLICT',
}

/** The counts of a record, in the order the API lists them. */
export const COUNT_FIELDS = ['talks', 'youths', 'guardiansPresent', 'socialServicesPresent'] as const satisfies readonly (keyof ConcernTalkCounts)[];

/** YYYY-MM, a year of four digits (no year 0: PostgreSQL has none) and a month 01–12. */
export const MONTH = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;

/** The months are those of Sweden: a talk on the evening of the 31st belongs to that month, whatever the server's zone. */
const MONTH_OF = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' });

/** The month it is in Sweden at `now` (plus the clock slack a report's time has: a device a few minutes fast). */
export function currentMonth(now = Date.now()): string {
  const parts = MONTH_OF.formatToParts(new Date(now + LIMITS.futureSlackMs));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}`;
}

/** A month of the API (YYYY-MM) as the date column holds it: its first day. */
export const monthStart = (month: string) => `${month}-01`;

export function assertMonth(value: string, field: string): void {
  if (!MONTH.test(value)) throw invalid(field, 'must be a month as YYYY-MM, such as 2026-03');
}

/** A record is about a month that has begun, and not one before 2000 (a typo, not a record). */
export function assertMonthAllowed(month: string, field: string, now = Date.now()): void {
  assertMonth(month, field);
  if (month < LIMITS.concernTalkFirstMonth) throw invalid(field, `may not come before ${LIMITS.concernTalkFirstMonth}`);
  const current = currentMonth(now);
  if (month > current) throw invalid(field, `may not lie in the future (this month is ${current})`);
}

/** A period of months, both ends included. */
export function assertPeriod(from: string, to: string): void {
  assertMonth(from, 'from');
  assertMonth(to, 'to');
  if (to < from) throw invalid('to', `may not come before from (${from})`);
}

/**
 * Guardians and social services are counted per talk: in how many of the talks they were present, so neither may
 * exceed the talks. The message names the field the caller sent (of the two that disagree), else `talks`.
 */
export function assertCounts(counts: ConcernTalkCounts, sent: Partial<ConcernTalkCounts> = counts): void {
  for (const field of ['guardiansPresent', 'socialServicesPresent'] as const) {
    if (counts[field] <= counts.talks) continue;
    if (sent[field] === undefined && sent.talks !== undefined) {
      throw invalid('talks', `may not be fewer than ${field} (${counts[field]}): it counts the talks where they were present`);
    }
    throw invalid(field, `may not exceed talks (${counts.talks}): it counts the talks where they were present`);
  }
}

/** Only the police and social services organisations hold concern talks: others are told nothing exists (reads) or refused (writes). */
export function assertHolder(actor: Pick<Actor, 'organisationKind'>, access: 'read' | 'write'): void {
  if (holdsConcernTalks(actor.organisationKind)) return;
  throw access === 'read' ? notFound('concern talk') : forbidden('concern talks are kept by police and social services organisations only');
}

/** The organisation that entered a record, or a coordinator (or admin) of a holding organisation, may change or delete it. */
export function assertMayChange(actor: Pick<Actor, 'role' | 'organisationId' | 'organisationKind'>, record: { organisationId: string }): void {
  assertHolder(actor, 'write');
  if (record.organisationId === actor.organisationId || isCoordinator(actor)) return;
  throw forbidden('only the organisation that entered a concern talk record, or a coordinator, may change or delete it');
}

export const versionConflict = (current: number, sent: number) => new DomainError('conflict', ConcernTalkErrorCode.VersionConflict,
  `the record was changed by someone else (version ${current}, you sent ${sent}); reload and try again`, { currentVersion: current });

/** A delete that met a change committed after the record was read: the audit row would not say what was deleted. */
export const changedWhileDeleting = (current: number) => new DomainError('conflict', ConcernTalkErrorCode.VersionConflict,
  `the record was changed by someone else while you deleted it (now version ${current}); read it again and delete it then`, { currentVersion: current });

/** The counts that differ, with their old and new values (for the audit row of an update). */
export function countChanges(a: ConcernTalkCounts, b: ConcernTalkCounts): { field: keyof ConcernTalkCounts; from: number; to: number }[] {
  return COUNT_FIELDS.filter((f) => a[f] !== b[f]).map((field) => ({ field, from: a[field], to: b[field] }));
}

/** The sums of one month and one area (or none), as the repository groups them; PostgreSQL sums come as text. */
export interface SumCell {
  month: string;
  areaId: string | null;
  areaName: string | null;
  records: number | string;
  talks: number | string;
  youths: number | string;
  guardiansPresent: number | string;
  socialServicesPresent: number | string;
}

type Totals = ConcernTalkCounts & { records: number };
const zero = (): Totals => ({ records: 0, talks: 0, youths: 0, guardiansPresent: 0, socialServicesPresent: 0 });
const add = (t: Totals, c: SumCell): Totals => {
  t.records += Number(c.records);
  for (const f of COUNT_FIELDS) t[f] += Number(c[f]);
  return t;
};

/** Totals of a period: in all, per month (ascending; months with records) and per area (by name, no area last). */
export function summarise(from: string, to: string, areaId: string | null, cells: readonly SumCell[]): ConcernTalkSummaryResponse {
  const total = zero();
  const months = new Map<string, Totals>();
  const areas = new Map<string | null, { area: { id: string; name: string } | null; totals: Totals }>();
  for (const c of cells) {
    add(total, c);
    add(months.get(c.month) ?? months.set(c.month, zero()).get(c.month)!, c);
    const area = areas.get(c.areaId) ?? areas.set(c.areaId, { area: c.areaId ? { id: c.areaId, name: c.areaName ?? '' } : null, totals: zero() }).get(c.areaId)!;
    add(area.totals, c);
  }
  const byArea = [...areas.values()].sort((a, b) => (a.area === null ? 1 : b.area === null ? -1 : a.area.name.localeCompare(b.area.name, 'sv') || a.area.id.localeCompare(b.area.id)));
  return {
    from, to, areaId, total,
    byMonth: [...months.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([month, t]) => ({ month, ...t })),
    byArea: byArea.map(({ area, totals }) => ({ area, ...totals })),
  };
}
