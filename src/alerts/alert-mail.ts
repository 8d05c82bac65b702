import type { Language } from '#contracts';
import { type Cadence, DIGEST_TIME_ZONE } from './alerts.rules.js';

/**
 * The words of the alert e-mails and of the unsubscribe page, Swedish first (English for those who chose it), as plain
 * functions of what they show. Text and HTML say the same; every value put into HTML is escaped. A report is shown by
 * its category, place or area, severity, when it was observed, who reported it (the organisation, never the person)
 * and its description, with a link to it; a report holds no personal data (it is refused at entry).
 */

/** A report as a mail shows it (from the report's latest event: the report as the API returns it). */
export interface MailReport {
  id: string;
  category: string;
  /** The category as the collaboration names it, in the recipient's language (its own categories too). */
  categoryLabel: string;
  description: string;
  severity: number;
  observedAt: string;
  place: { name: string } | null;
  area: { name: string } | null;
  organisation: { name: string };
}

export interface MailLinks {
  /** The service's public address, without a trailing slash. */
  base: string;
  /** The one-click unsubscribe URL (also in List-Unsubscribe). */
  unsubscribe: string;
}

interface Words {
  product: string;
  newReport: string;
  intro: string;
  category: string;
  where: string;
  severity: (n: number) => string;
  observed: string;
  reportedBy: string;
  open: string;
  why: string;
  stop: string;
  manage: string;
  nowhere: string;
  digestSubject: (cadence: Cadence, period: string, n: number) => string;
  digestIntro: (cadence: Cadence, n: number) => string;
  dateTime: string;
}

const WORDS: Record<Language, Words> = {
  sv: {
    product: 'Lägesbild',
    newReport: 'Ny rapport',
    intro: 'En ny rapport i Lägesbild matchar en av dina bevakningar.',
    category: 'Kategori',
    where: 'Plats',
    severity: (n) => `${n} av 5`,
    observed: 'Observerad',
    reportedBy: 'Rapporterad av',
    open: 'Öppna rapporten',
    why: 'Du får det här e-postmeddelandet för att du har slagit på e-post för en bevakning i Lägesbild.',
    stop: 'Sluta få e-post för den här bevakningen',
    manage: 'Ändra dina bevakningar',
    nowhere: 'ingen plats angiven',
    digestSubject: (c, p, n) => `${c === 'daily' ? 'Dagens' : 'Veckans'} sammanfattning (${p}): ${n} ${n === 1 ? 'rapport' : 'rapporter'}`,
    digestIntro: (c, n) => `${n === 1 ? 'En rapport' : `${n} rapporter`} som matchar din bevakning ${c === 'daily' ? 'sedan förra sammanfattningen' : 'den senaste veckan'}.`,
    dateTime: 'sv-SE',
  },
  en: {
    product: 'Lägesbild',
    newReport: 'New report',
    intro: 'A new report in Lägesbild matches one of your subscriptions.',
    category: 'Category',
    where: 'Where',
    severity: (n) => `${n} of 5`,
    observed: 'Observed',
    reportedBy: 'Reported by',
    open: 'Open the report',
    why: 'You get this e-mail because you turned on e-mail for a subscription in Lägesbild.',
    stop: 'Stop e-mail for this subscription',
    manage: 'Change your subscriptions',
    nowhere: 'no place given',
    digestSubject: (c, p, n) => `${c === 'daily' ? 'Daily' : 'Weekly'} summary (${p}): ${n} ${n === 1 ? 'report' : 'reports'}`,
    digestIntro: (c, n) => `${n === 1 ? 'One report' : `${n} reports`} matching your subscription ${c === 'daily' ? 'since the last summary' : 'in the past week'}.`,
    dateTime: 'en-GB',
  },
};

const SEVERITY_WORD: Record<Language, Record<number, string>> = {
  sv: { 1: 'låg', 2: 'måttlig', 3: 'förhöjd', 4: 'hög', 5: 'mycket hög' },
  en: { 1: 'low', 2: 'moderate', 3: 'elevated', 4: 'high', 5: 'very high' },
};

const whereOf = (r: MailReport, w: Words) =>
  r.place && r.area ? `${r.place.name} (${r.area.name})` : r.place?.name ?? r.area?.name ?? w.nowhere;

const when = (iso: string, w: Words) =>
  new Intl.DateTimeFormat(w.dateTime, { timeZone: DIGEST_TIME_ZONE, dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso));

const severityText = (n: number, lang: Language) => `${WORDS[lang].severity(n)} (${SEVERITY_WORD[lang][n] ?? n})`;

export const reportLink = (base: string, id: string) => `${base}/rapporter/${id}`;

export const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** The `List-Unsubscribe` headers of RFC 2369 and RFC 8058 (one-click by POST; a mailbox too, when one is configured). */
export function unsubscribeHeaders(url: string, mailto?: string): Record<string, string> {
  const targets = [`<${url}>`, ...(mailto ? [`<mailto:${mailto}?subject=unsubscribe>`] : [])];
  return { 'List-Unsubscribe': targets.join(', '), 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

function factLines(r: MailReport, lang: Language): [string, string][] {
  const w = WORDS[lang];
  return [
    [w.category, r.categoryLabel],
    [w.where, whereOf(r, w)],
    [`${lang === 'sv' ? 'Allvarlighetsgrad' : 'Severity'}`, severityText(r.severity, lang)],
    [w.observed, when(r.observedAt, w)],
    [w.reportedBy, r.organisation.name],
  ];
}

const footerText = (links: MailLinks, w: Words) =>
  `--\n${w.why}\n${w.stop}: ${links.unsubscribe}\n${w.manage}: ${links.base}/bevakningar\n`;

const footerHtml = (links: MailLinks, w: Words) =>
  `<hr><p style="color:#555;font-size:13px">${escapeHtml(w.why)}<br><a href="${escapeHtml(links.unsubscribe)}">${escapeHtml(w.stop)}</a> · `
  + `<a href="${escapeHtml(`${links.base}/bevakningar`)}">${escapeHtml(w.manage)}</a></p>`;

const page = (lang: Language, title: string, body: string) =>
  `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`
  + `<body style="font-family:system-ui,sans-serif;max-width:40em;margin:1em auto;padding:0 1em">${body}</body></html>`;

/** The e-mail about one report, mailed at once. */
export function alertMail(r: MailReport, lang: Language, links: MailLinks): { subject: string; text: string; html: string } {
  const w = WORDS[lang];
  const facts = factLines(r, lang);
  const subject = `[${w.product}] ${r.categoryLabel}, ${whereOf(r, w)} (${w.severity(r.severity)})`;
  const text = `${w.intro}\n\n${facts.map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${r.description}\n\n${w.open}: ${reportLink(links.base, r.id)}\n\n${footerText(links, w)}`;
  const html = page(lang, subject, `<p>${escapeHtml(w.intro)}</p><table>${facts.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`
    + `<p style="white-space:pre-wrap">${escapeHtml(r.description)}</p><p><a href="${escapeHtml(reportLink(links.base, r.id))}">${escapeHtml(w.open)}</a></p>${footerHtml(links, w)}`);
  return { subject, text, html };
}

/** A digest: the reports of the period that the recipient may still see, most severe first. */
export function digestMail(reports: MailReport[], cadence: Cadence, period: string, lang: Language, links: MailLinks): { subject: string; text: string; html: string } {
  const w = WORDS[lang];
  const subject = `[${w.product}] ${w.digestSubject(cadence, period, reports.length)}`;
  const short = (d: string) => (d.length > 400 ? `${d.slice(0, 399)}…` : d);
  const head = (r: MailReport) => `${r.categoryLabel}, ${whereOf(r, w)} (${w.severity(r.severity)}), ${when(r.observedAt, w)}`;
  const text = `${w.digestIntro(cadence, reports.length)}\n\n${reports.map((r) => `* ${head(r)}\n  ${short(r.description).replace(/\n/g, '\n  ')}\n  ${reportLink(links.base, r.id)}`).join('\n\n')}\n\n${footerText(links, w)}`;
  const html = page(lang, subject, `<p>${escapeHtml(w.digestIntro(cadence, reports.length))}</p><ul>${reports.map((r) =>
    `<li><p><a href="${escapeHtml(reportLink(links.base, r.id))}"><strong>${escapeHtml(head(r))}</strong></a><br>`
    + `<span style="white-space:pre-wrap">${escapeHtml(short(r.description))}</span></p></li>`).join('')}</ul>${footerHtml(links, w)}`);
  return { subject, text, html };
}

// ---- the unsubscribe page (GET shows it and changes nothing; its buttons POST) ----

export type UnsubscribePage = 'confirm' | 'done' | 'done_all' | 'invalid';

const PAGE_WORDS: Record<Language, Record<UnsubscribePage, { title: string; text: string }> & { one: string; all: string }> = {
  sv: {
    confirm: { title: 'Sluta få e-post?', text: 'Vill du sluta få e-post från Lägesbild för den här bevakningen? Bevakningen finns kvar i tjänsten.' },
    done: { title: 'Klart', text: 'Du får inte längre e-post för den här bevakningen. Du kan slå på den igen under Bevakningar i Lägesbild.' },
    done_all: { title: 'Klart', text: 'Du får inte längre någon e-post med bevakningar från Lägesbild. Du kan slå på den igen i Lägesbild.' },
    invalid: { title: 'Länken fungerar inte', text: 'Länken är inte giltig. Öppna Lägesbild och ändra dina bevakningar där.' },
    one: 'Sluta få e-post för bevakningen',
    all: 'Sluta få all e-post från Lägesbild',
  },
  en: {
    confirm: { title: 'Stop e-mail?', text: 'Do you want to stop e-mail from Lägesbild for this subscription? The subscription itself stays.' },
    done: { title: 'Done', text: 'You no longer get e-mail for this subscription. You can turn it on again under Subscriptions in Lägesbild.' },
    done_all: { title: 'Done', text: 'You no longer get any subscription e-mail from Lägesbild. You can turn it on again in Lägesbild.' },
    invalid: { title: 'This link does not work', text: 'The link is not valid. Open Lägesbild and change your subscriptions there.' },
    one: 'Stop e-mail for this subscription',
    all: 'Stop all e-mail from Lägesbild',
  },
};

/** The page at the unsubscribe link; `action` is the link itself (the confirmation's buttons POST to it). */
export function unsubscribePage(kind: UnsubscribePage, lang: Language, action?: string): string {
  const w = PAGE_WORDS[lang];
  const form = kind === 'confirm' && action
    ? `<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(w.one)}</button></form>`
      + `<form method="post" action="${escapeHtml(`${action}&scope=all`)}" style="margin-top:1em"><button type="submit">${escapeHtml(w.all)}</button></form>`
    : '';
  return page(lang, w[kind].title, `<h1>${escapeHtml(w[kind].title)}</h1><p>${escapeHtml(w[kind].text)}</p>${form}`);
}
