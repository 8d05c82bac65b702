/**
 * The default report categories with their Swedish and English labels, in the order the web client lists them.
 * Every collaboration starts with these; its coordinators may switch some off, rename their labels and add its own
 * (`GET /api/categories` answers a collaboration's list, src/categories/).
 */
export const CATEGORIES = [
  { code: 'drug_dealing', sv: 'Narkotikaförsäljning', en: 'Drug dealing' },
  { code: 'drug_use', sv: 'Narkotikabruk', en: 'Drug use' },
  { code: 'youth_at_risk', sv: 'Ungdomar i riskzon', en: 'Youth at risk' },
  { code: 'disorder', sv: 'Ordningsstörning', en: 'Public disorder' },
  { code: 'nightlife', sv: 'Krogmiljö', en: 'Nightlife' },
  { code: 'unsafe_place', sv: 'Otrygg plats', en: 'Unsafe place' },
  { code: 'vandalism', sv: 'Skadegörelse', en: 'Vandalism' },
  { code: 'littering', sv: 'Nedskräpning', en: 'Littering' },
  { code: 'lighting', sv: 'Belysning', en: 'Lighting' },
  { code: 'traffic_speeding', sv: 'Hastighet', en: 'Speeding' },
  { code: 'traffic_drunk_driving', sv: 'Rattfylleri', en: 'Drunk driving' },
  { code: 'gathering', sv: 'Folksamling', en: 'Gathering' },
  { code: 'reckless_driving', sv: 'Buskörning', en: 'Reckless driving (mopeds, A-tractors)' },
  { code: 'violence', sv: 'Våld', en: 'Violence' },
  { code: 'burglary', sv: 'Inbrott', en: 'Burglary' },
  { code: 'fire', sv: 'Brand, anlagd brand', en: 'Fire, arson' },
  { code: 'threat_to_staff', sv: 'Hot mot personal', en: 'Threats to staff' },
  { code: 'event', sv: 'Arrangemang', en: 'Event affecting safety' },
  { code: 'other', sv: 'Övrigt', en: 'Other' },
] as const;

/** The code of a default category. */
export type DefaultCategory = (typeof CATEGORIES)[number]['code'];
/**
 * A category code: a default one or a collaboration's own (`CATEGORY_CODE_PATTERN`). Which codes a collaboration
 * takes is data (its list), not a type: the server checks them against that list.
 */
export type Category = string;
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as readonly DefaultCategory[];

/** What a category code looks like: lower-case letters, digits and underscores, 2–40, starting with a letter. */
export const CATEGORY_CODE_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;

/** The default categories' Swedish labels by code. */
export const DEFAULT_CATEGORY_LABELS_SV: Readonly<Record<string, string>> = Object.fromEntries(CATEGORIES.map((c) => [c.code, c.sv]));

/**
 * A category's Swedish label in the files and documents made on the server: the collaboration's (`labels`, its renamed
 * and own categories by code) or the default's; a code neither knows is shown as itself.
 */
export const swedishCategoryLabel = (code: string, labels?: Readonly<Record<string, string>>): string =>
  labels?.[code] ?? DEFAULT_CATEGORY_LABELS_SV[code] ?? code;
/** A label of a category (Swedish or English): 1–100 characters. */
export const CATEGORY_LABEL_MAX = 100;
