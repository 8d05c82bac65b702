import { LIMITS, type ConcernTalkCounts } from '#contracts';

/** Concern talks (orossamtal, api-contract.md): months, and the rules of the counts the form checks as they are typed. */

export const COUNT_FIELDS = ['talks', 'youths', 'guardiansPresent', 'socialServicesPresent'] as const satisfies readonly (keyof ConcernTalkCounts)[];
export type CountField = (typeof COUNT_FIELDS)[number];
/** Counted per talk: in how many of the talks they were present, so never more than the talks. */
export const PER_TALK_FIELDS = ['guardiansPresent', 'socialServicesPresent'] as const;

export const MONTH_RE = /^[1-9]\d{3}-(0[1-9]|1[0-2])$/;

const MONTH_OF = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit' });

/** The month it is in Sweden (the API's months are Swedish ones), as YYYY-MM. */
export function currentMonth(now = Date.now()): string {
  const parts = MONTH_OF.formatToParts(new Date(now));
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}`;
}

/** `month` moved by `delta` months. */
export function addMonths(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + delta;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

/** Why a count as typed is not accepted, or null: a whole number 0–10,000. */
export function countProblem(value: string): 'required' | 'whole' | null {
  if (value.trim() === '') return 'required';
  if (!/^\d+$/.test(value.trim()) || Number(value) > LIMITS.concernTalkCountMax) return 'whole';
  return null;
}

/**
 * The problems of the counts as typed, by field: `whole` for a value that is not a whole number in range, `exceeds`
 * where guardians or social services present outnumber the talks. Empty fields are problems only when `submitting`.
 */
export function countProblems(values: Record<CountField, string>, submitting: boolean): Partial<Record<CountField, 'required' | 'whole' | 'exceeds'>> {
  const out: Partial<Record<CountField, 'required' | 'whole' | 'exceeds'>> = {};
  for (const f of COUNT_FIELDS) {
    const p = countProblem(values[f]);
    if (p === 'whole' || (p === 'required' && submitting)) out[f] = p;
  }
  if (!out.talks && countProblem(values.talks) === null) {
    for (const f of PER_TALK_FIELDS) {
      if (!out[f] && countProblem(values[f]) === null && Number(values[f]) > Number(values.talks)) out[f] = 'exceeds';
    }
  }
  return out;
}
