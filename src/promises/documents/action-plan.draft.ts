import type { ActionPlanEffort, ActionPlanFigures, ActionPlanFollowUpFigures, ActionPlanGroup, DocumentSection, DocumentText } from '#contracts';
import type { DraftContext } from './follow-up.draft.js';
import { count, dayText, EFFORT_TYPE_LABEL, instantDay, list } from './swedish.js';

/**
 * The action plan of lag (2023:196) om kommuners ansvar för brottsförebyggande arbete, and its follow-up, written in
 * Swedish from their figures: per problem (a focus area of the year's promise, or a report category) and area, the
 * commitments with owners and dates and the planned efforts by type and owner with their dates; the follow-up says how
 * they went, from their status and whether their owners recorded an outcome. Aggregates only, every count through
 * `count`: the words are published as they are written.
 */

const day = (iso: string | null) => (iso ? instantDay(iso) : null);

const groupHeading = (g: ActionPlanGroup) => `${g.problem.title} – ${g.area?.name ?? 'hela kommunen'}`.slice(0, 200);

function commitmentParagraph(c: ActionPlanGroup['commitments'][number]): string {
  return `Åtagande: ${c.text.trim().replace(/[.!?]?$/, '.')} Ansvarig: ${c.owner.name}. Klart senast ${dayText(c.dueAt)}.`;
}

/**
 * The efforts of a group by type and owner, in the order they first come: a published plan's words are aggregates
 * (the public page shows them as written), so the words never name an effort's title, which may name a single place
 * or person-near detail ("Kvällspatrull vid busshållplatsen"), and every count below 3 is "färre än 3". The titles
 * stay in the figures, which the coordinators see.
 */
function byTypeAndOwner(efforts: ActionPlanEffort[]): ActionPlanEffort[][] {
  const groups = new Map<string, ActionPlanEffort[]>();
  for (const e of efforts) {
    const key = `${e.type}:${e.owner.id}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()];
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const earliest = (days: (string | null)[]) => days.filter((d): d is string => d !== null).sort()[0] ?? null;
const latest = (days: (string | null)[]) => days.filter((d): d is string => d !== null).sort().at(-1) ?? null;

function plannedParagraph(efforts: ActionPlanEffort[]): string {
  const [first] = efforts;
  const others = [...new Set(efforts.flatMap((e) => e.organisations).filter((o) => o.id !== first.owner.id).map((o) => o.name))];
  const from = earliest(efforts.map((e) => e.plannedStart));
  const to = latest(efforts.map((e) => e.plannedEnd ?? e.plannedStart));
  const when = [day(from), to && day(to) !== day(from) ? day(to) : null].filter(Boolean).join('–');
  const followUp = earliest(efforts.map((e) => e.followUpAt));
  return `${capitalised(EFFORT_TYPE_LABEL[first.type].toLowerCase())}: ${count(efforts.length)} planerade. Ansvarig: ${first.owner.name}`
    + `${others.length ? `, tillsammans med ${list(others)}` : ''}. Planerad ${when}${followUp ? `, följs upp ${day(followUp)}` : ''}.`;
}

export function actionPlanDraft(f: ActionPlanFigures, ctx: DraftContext): DocumentText {
  const sections: DocumentSection[] = [{
    key: 'intro', level: 1, heading: 'Inledning', paragraphs: [
      'Enligt lagen (2023:196) om kommuners ansvar för brottsförebyggande arbete ska kommunen ta fram en lägesbild och utifrån den '
        + `besluta om en åtgärdsplan. Den här planen för ${f.year} samlar åtagandena i årets medborgarlöfte och de insatser som parterna i `
        + `${ctx.municipality} har planerat, ordnade efter problem och område.`,
      `Planen omfattar ${count(f.totals.commitments)} åtaganden och ${count(f.totals.efforts)} planerade insatser`
        + (f.totals.byType.length ? `: ${list(f.totals.byType.map((t) => `${EFFORT_TYPE_LABEL[t.type].toLowerCase()} ${count(t.count)}`))}.` : '.'),
    ],
  }];
  for (const g of f.groups) {
    const paragraphs = [
      ...g.commitments.map(commitmentParagraph),
      ...(g.efforts.length ? byTypeAndOwner(g.efforts).map(plannedParagraph) : ['Inga insatser är planerade här ännu.']),
    ];
    sections.push({ key: g.key, level: 1, heading: groupHeading(g), paragraphs });
  }
  sections.push({
    key: 'closing', level: 1, heading: 'Uppföljning', paragraphs: [
      `Planen följs upp efter årets slut utifrån insatsernas utfall, så som parterna har registrerat dem i Lägesbild. Underlaget hämtades den `
        + `${instantDay(f.generatedAt)}; bara insatser som delas med alla parter i samverkan finns med.`,
    ],
  });
  return { title: `Åtgärdsplan ${f.year} – ${ctx.municipality}`.slice(0, 200), sections };
}

const STATUS_PLURAL: Record<ActionPlanEffort['status'], string> = { done: 'genomförda', ongoing: 'pågående', planned: 'planerade', cancelled: 'inställda' };

function outcomeParagraph(efforts: ActionPlanEffort[]): string {
  const [first] = efforts;
  const by = (status: ActionPlanEffort['status']) => efforts.filter((e) => e.status === status).length;
  const states = (['done', 'ongoing', 'planned', 'cancelled'] as const).filter((s) => by(s) > 0)
    .map((s) => `${STATUS_PLURAL[s]} ${count(by(s))}`);
  const outcomes = efforts.filter((e) => e.outcome?.trim()).length;
  return `${capitalised(EFFORT_TYPE_LABEL[first.type].toLowerCase())} (${first.owner.name}): ${count(efforts.length)} i planen, ${list(states)}. `
    + (outcomes ? `Utfall registrerat för ${count(outcomes)}.` : 'Inget utfall är registrerat.');
}

export function actionPlanFollowUpDraft(f: ActionPlanFollowUpFigures, ctx: DraftContext): DocumentText {
  const by = (s: string) => f.totals.byStatus.find((x) => x.status === s)?.count ?? 0;
  const intro = [
    `Den här uppföljningen av åtgärdsplanen för ${f.year} i ${ctx.municipality} bygger på hur planens insatser har gått, så som `
      + 'deras ägare har registrerat det i Lägesbild: status och utfall.',
    `Av planens ${count(f.totals.efforts)} insatser är ${count(by('done'))} genomförda, ${count(by('ongoing'))} pågår, ${count(by('planned'))} är `
      + `fortfarande planerade och ${count(by('cancelled'))} ställdes in. För ${count(f.totals.withOutcome)} finns ett registrerat utfall.`,
  ];
  if (f.totals.notShown > 0) intro.push(`${count(f.totals.notShown)} av planens insatser delas inte längre med hela samverkan och redovisas inte här.`);
  const sections: DocumentSection[] = [{ key: 'intro', level: 1, heading: 'Inledning', paragraphs: intro }];
  for (const g of f.groups) {
    const paragraphs = [
      ...g.commitments.map(commitmentParagraph),
      ...(g.efforts.length ? byTypeAndOwner(g.efforts).map(outcomeParagraph) : ['Inga insatser var planerade här.']),
    ];
    sections.push({ key: g.key, level: 1, heading: groupHeading(g), paragraphs });
  }
  sections.push({
    key: 'closing', level: 1, heading: 'Om underlaget', paragraphs: [
      `Underlaget hämtades ur Lägesbild den ${instantDay(f.generatedAt)} från åtgärdsplanens version ${f.actionPlan.version}.`,
    ],
  });
  return { title: `Uppföljning av åtgärdsplan ${f.year} – ${ctx.municipality}`.slice(0, 200), sections };
}
