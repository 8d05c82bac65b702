import type { DocumentSection, DocumentText, FollowUpCommitmentFigures, FollowUpFigures, ReportTrend } from '#contracts';
import { followsConcernTalks } from '../promise.rules.js';
import {
  type CategoryLabels, categoryWord, count, dayText, effortTypeWord, headingOf, instantDay, list, num, TARGET_KIND_LABEL,
} from './swedish.js';

/**
 * The yearly follow-up of a promise, written in Swedish from its figures (the joint view of the year): per focus area
 * the reports' trend in its areas and categories and what changed most; per commitment its owner, target and result,
 * the efforts done by type and organisation, the actions recorded, the concern talks (sums only), and the reports'
 * trend. Every count goes through `count` ("färre än 3" below three), so the words can be published as they are.
 * A coordinator edits them before publishing; this draft is kept beside the edited words.
 */

export interface DraftContext {
  municipality: string;
  /** The collaboration's Swedish category labels by code (its own categories and renamed defaults). */
  categoryLabels?: CategoryLabels;
}

/** A category as a word of a sentence, by the collaboration's labels. */
type Word = (code: string | null) => string;

const WORDS = ['noll', 'ett', 'två', 'tre', 'fyra', 'fem', 'sex', 'sju', 'åtta', 'nio', 'tio'];
const inWords = (n: number) => WORDS[n] ?? num(n);
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const quoted = (s: string) => `”${s}”`;

/** "under 2020", or "under 2026 till och med 3 december" while the year runs. */
function during(f: Pick<FollowUpFigures, 'year' | 'period'>): string {
  return f.period.countedTo < f.period.to ? `under ${f.year} till och med ${dayText(f.period.countedTo)}` : `under ${f.year}`;
}
/** "under 2019", or "samma del av 2025". */
function before(f: Pick<FollowUpFigures, 'year' | 'period'>): string {
  return f.period.countedTo < f.period.to ? `samma del av ${f.year - 1}` : `under ${f.year - 1}`;
}

const TREND_PHRASE: Record<ReportTrend['trend'], string> = { down: 'en minskning', up: 'en ökning', steady: 'ungefär lika många' };

function scope(categories: string[], areas: string[]): string {
  const what = categories.length ? `om ${list(categories)}` : '';
  const where = areas.length ? `i ${list(areas)}` : 'i hela kommunen';
  return [what, where].filter(Boolean).join(' ');
}

/** "Rapporterna om X i Y var 40 under 2020 mot 52 under 2019, en minskning." */
function trendSentence(f: FollowUpFigures, t: ReportTrend, categories: string[], areas: string[]): string {
  return `Rapporterna ${scope(categories, areas)} var ${count(t.current)} ${during(f)} mot ${count(t.previous)} ${before(f)}, ${TREND_PHRASE[t.trend]}.`;
}

/** The categories that moved most (by at least two reports), the largest change first. */
function changes(t: ReportTrend, word: Word): string | null {
  const moved = t.byCategory.filter((c) => Math.abs(c.current - c.previous) >= 2)
    .sort((a, b) => Math.abs(b.current - b.previous) - Math.abs(a.current - a.previous)).slice(0, 4);
  if (!moved.length) return null;
  return `Störst förändring: ${list(moved.map((c) => `${word(c.category)} från ${count(c.previous)} till ${count(c.current)}`))}.`;
}

function targetText(c: FollowUpCommitmentFigures): string {
  const types = c.effortTypes.length ? ` (${list(c.effortTypes.map(effortTypeWord))})` : '';
  switch (c.target.kind) {
    case 'efforts': return `minst ${num(c.target.count ?? 0)} ${TARGET_KIND_LABEL.efforts}${types}`;
    case 'actions': return `minst ${num(c.target.count ?? 0)} ${TARGET_KIND_LABEL.actions}${types}`;
    case 'reports_trend': return c.target.count ? `minst ${num(c.target.count)} färre rapporter än året före` : TARGET_KIND_LABEL.reports_trend;
  }
}

function resultText(f: FollowUpFigures, c: FollowUpCommitmentFigures): string {
  const p = c.progress;
  const verdict = p.met ? 'målet är nått' : 'målet är inte nått';
  if (c.target.kind === 'reports_trend') {
    return `Resultat: ${count(p.reports.current)} rapporter ${during(f)} mot ${count(p.reports.previous)} ${before(f)}, ${TREND_PHRASE[p.reports.trend]} – ${verdict}.`;
  }
  const what = c.target.kind === 'efforts' ? 'insatser genomförda' : 'åtgärder registrerade';
  // A percentage of a known target would give a small count away: only with at least three.
  const share = !p.met && p.percent !== null && p.done >= 3 ? ` (${p.percent} procent av målet)` : '';
  return `Resultat: ${count(p.done)} ${what} – ${verdict}${share}.`;
}

function commitmentSection(f: FollowUpFigures, c: FollowUpCommitmentFigures, word: Word): DocumentSection {
  const p = c.progress;
  const heading = headingOf(c.text);
  const paragraphs: string[] = [];
  if (heading !== c.text.trim().replace(/[.!?]$/, '')) paragraphs.push(c.text);
  paragraphs.push(`Ansvarig: ${c.owner.name}. Mål: ${targetText(c)}, senast ${dayText(c.dueAt)}.`);
  paragraphs.push(resultText(f, c));
  // By type when there are several; organisations by name, with their count from 3 (that one took part says nothing of a person).
  const done = p.efforts.byType.length > 1 ? p.efforts.byType.map((t) => `${effortTypeWord(t.type)} ${count(t.done)}`) : [];
  const orgs = p.efforts.byOrganisation.map((o) => (o.done >= 3 ? `${o.organisation.name} ${count(o.done)}` : o.organisation.name));
  const any = p.efforts.done + p.efforts.planned + p.efforts.ongoing + p.efforts.cancelled > 0;
  // A reports trend that names no effort type covers no effort: nothing to say of efforts.
  if (any || c.target.kind !== 'reports_trend') {
    let efforts = `${cap(count(p.efforts.done))} insatser genomfördes`;
    if (done.length) efforts += ` (${list(done)})`;
    efforts += orgs.length ? `, med ${list(orgs)}.` : '.';
    const open = [p.efforts.planned && `${count(p.efforts.planned)} planerade`, p.efforts.ongoing && `${count(p.efforts.ongoing)} pågående`].filter(Boolean) as string[];
    if (open.length) efforts += ` Därtill finns ${list(open)}.`;
    if (p.efforts.cancelled) efforts += ` ${cap(count(p.efforts.cancelled))} ställdes in.`;
    paragraphs.push(efforts);
  }
  if (p.actions.total > 0) {
    paragraphs.push(`Registrerade åtgärder: ${list(p.actions.byKind.map((a) => `${a.kind} ${count(a.total)}`))}.`);
  }
  if (p.concernTalks && followsConcernTalks(c.effortTypes) && p.concernTalks.records > 0) {
    const t = p.concernTalks;
    paragraphs.push(`Orossamtal ${scope([], c.areas.map((a) => a.name))}: ${count(t.talks)} samtal med ${count(t.youths)} ungdomar; vårdnadshavare var med vid ${count(t.guardiansPresent)} och socialtjänsten vid ${count(t.socialServicesPresent)} av samtalen.`);
  }
  if (c.target.kind !== 'reports_trend' && (c.categories.length || c.areas.length)) {
    paragraphs.push(trendSentence(f, p.reports, c.categories.map(word), c.areas.map((a) => a.name)));
  }
  return { key: `commitment:${c.id}`, level: 2, heading, paragraphs };
}

export function followUpDraft(f: FollowUpFigures, ctx: DraftContext): DocumentText {
  const word: Word = (code) => categoryWord(code, ctx.categoryLabels);
  const commitments = f.focusAreas.flatMap((a) => a.commitments);
  const met = commitments.filter((c) => c.progress.met);
  const years = f.promise.toYear > f.promise.year ? `${f.promise.year}–${f.promise.toYear}` : String(f.promise.year);
  const intro: string[] = [
    `I medborgarlöftet för ${years} lovade parterna i ${ctx.municipality} att arbeta med ${inWords(f.focusAreas.length)} `
      + `${f.focusAreas.length === 1 ? 'fokusområde' : 'fokusområden'}: ${list(f.focusAreas.map((a) => quoted(a.title)))}.`,
    `Uppföljningen är skriven utifrån det parterna har registrerat i Lägesbild ${during(f)}: insatser, åtgärder, orossamtal och `
      + 'rapporter om iakttagelser. Den redovisar det som delas med hela samverkan.',
    `Sammanlagt genomfördes ${count(f.totals.effortsDone)} insatser inom löftets åtaganden och ${count(f.totals.actions)} åtgärder registrerades. `
      + `${cap(inWords(met.length))} av ${inWords(commitments.length)} åtaganden nådde sitt mål.`,
  ];
  if (f.totals.concernTalks.records > 0) {
    intro.push(`Polis och socialtjänst höll ${count(f.totals.concernTalks.talks)} orossamtal med ${count(f.totals.concernTalks.youths)} ungdomar i riskzon och deras vårdnadshavare.`);
  }
  const sections: DocumentSection[] = [{ key: 'intro', level: 1, heading: 'Inledning', paragraphs: intro }];
  for (const area of f.focusAreas) {
    // The reports of its problem: those its commitments naming categories follow (else all its commitments'), as counted.
    const named = area.commitments.filter((c) => c.categories.length);
    const following = named.length ? named : area.commitments;
    const categories = [...new Set(following.flatMap((c) => c.categories))];
    const areas = [...new Map(following.flatMap((c) => c.areas).map((a) => [a.id, a.name])).values()];
    const everywhere = following.some((c) => !c.areas.length);
    const paragraphs = [area.text, trendSentence(f, area.reports, categories.map(word), everywhere ? [] : areas)];
    const moved = changes(area.reports, word);
    if (moved) paragraphs.push(moved);
    sections.push({ key: `focus:${area.id}`, level: 1, heading: area.title, paragraphs });
    for (const c of area.commitments) sections.push(commitmentSection(f, c, word));
  }
  const summary: string[] = [`Av löftets ${inWords(commitments.length)} åtaganden nådde ${inWords(met.length)} sitt mål.`];
  const missed = commitments.filter((c) => !c.progress.met);
  if (missed.length) summary.push(`Inte nådda: ${list(missed.map((c) => quoted(headingOf(c.text, 80))))}.`);
  const worse = f.focusAreas.filter((a) => a.reports.trend === 'up');
  const better = f.focusAreas.filter((a) => a.reports.trend === 'down');
  if (better.length) summary.push(`Rapporterna minskade inom ${list(better.map((a) => quoted(a.title)))}.`);
  if (worse.length) summary.push(`Utvecklingen går åt fel håll inom ${list(worse.map((a) => quoted(a.title)))}: rapporterna ökade, och insatserna där behöver ses över inför nästa år.`);
  sections.push({ key: 'summary', level: 1, heading: 'Vad har förändrats', paragraphs: summary });
  sections.push({
    key: 'closing', level: 1, heading: 'Om underlaget', paragraphs: [
      `Underlaget hämtades ur Lägesbild den ${instantDay(f.generatedAt)}. En insats räknas till året den började (eller var planerad att `
        + 'börja), en åtgärd till när den utfördes och en rapport till när iakttagelsen gjordes. Bara det som delas med alla parter i '
        + 'samverkan räknas. Orossamtal redovisas bara som summor. Antal under tre skrivs som ”färre än 3”.',
    ],
  });
  const title = `Uppföljning av medborgarlöftet ${f.year}: ${f.promise.title}`;
  return { title: title.length <= 200 ? title : `${title.slice(0, 199)}…`, sections };
}
