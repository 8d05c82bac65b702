import {
  type Category, type CommitmentTargetKind, type EffortStatus, type EffortType, type OrganisationKind, PUBLIC_FEWER_THAN_MIN,
  PUBLIC_MIN_COUNT, type PublicCount, swedishCategoryLabel,
} from '#contracts';

/**
 * The words the documents share: Swedish labels for the contract's codes, and numbers and days as a Swedish reader
 * writes them. Every count a document's words carry goes through `count`: below 3 it is "färre än 3", so that the
 * words a coordinator publishes hold no small number that could point at a person (the public page's rule).
 */

/** The collaboration's Swedish category labels by code (its renamed and own categories). */
export type CategoryLabels = Readonly<Record<string, string>>;
/** A category's label (the collaboration's, else the default's); no category is "Övrigt". */
export const categoryLabel = (code: Category | null, labels?: CategoryLabels): string => (code ? swedishCategoryLabel(code, labels) : 'Övrigt');
/** A category's label inside a sentence: "narkotikabruk". */
export const categoryWord = (code: Category | null, labels?: CategoryLabels): string => categoryLabel(code, labels).toLowerCase();

export const EFFORT_TYPE_LABEL: Record<EffortType, string> = {
  visibility_patrol: 'Synlighetspatrull', school_visit: 'Skolbesök', dog_search: 'Hundsök', drug_operation: 'Narkotikainsats',
  concern_talk: 'Orossamtal', speed_check: 'Hastighetskontroll', sobriety_check: 'Nykterhetskontroll', lighting_fix: 'Belysningsåtgärd',
  cleanup: 'Städning', rural_council: 'Landsbygdsråd', meeting: 'Möte', other: 'Övrigt',
};
export const effortTypeWord = (t: EffortType) => EFFORT_TYPE_LABEL[t].toLowerCase();

export const EFFORT_STATUS_LABEL: Record<EffortStatus, string> = { planned: 'planerad', ongoing: 'pågår', done: 'genomförd', cancelled: 'inställd' };

export const ORGANISATION_KIND_LABEL: Record<OrganisationKind, string> = {
  police: 'Polisen', municipality: 'Kommunen', property_owner: 'Fastighetsägare', business: 'Näringsliv', school: 'Skola',
  social_services: 'Socialtjänsten', other: 'Övrig',
};

export const TARGET_KIND_LABEL: Record<CommitmentTargetKind, string> = {
  efforts: 'genomförda insatser', actions: 'registrerade åtgärder', reports_trend: 'färre rapporter än året före',
};

const NUMBER = new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 });
/** A number as written in Swedish (1 234, −5). */
export const num = (n: number): string => NUMBER.format(n).replace(/\u2212/g, '−');

/** A count for a document's words: its number from 3, else "färre än 3". */
export const count = (n: number): string => (n >= PUBLIC_MIN_COUNT ? num(n) : PUBLIC_FEWER_THAN_MIN);
/** A public count as text. */
export const publicText = (n: PublicCount): string => (typeof n === 'number' ? num(n) : n);

const MONTHS = ['januari', 'februari', 'mars', 'april', 'maj', 'juni', 'juli', 'augusti', 'september', 'oktober', 'november', 'december'];
/** A local day YYYY-MM-DD as "31 december 2020". */
export function dayText(day: string): string {
  const [y, m, d] = day.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

const STOCKHOLM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' });
/** An instant as its local day in Sweden, "3 december 2026". */
export const instantDay = (iso: string | Date): string => dayText(STOCKHOLM_DAY.format(new Date(iso)));

/** "a, b och c". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}`;
}

/** A heading from a longer text: its first sentence, at most `max` characters (cut at a word, with an ellipsis). */
export function headingOf(text: string, max = 120): string {
  const first = text.trim().split(/(?<=[.!?])\s/)[0].replace(/[.!?]$/, '');
  if (first.length <= max) return first;
  const cut = first.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}
