import type { ActionPlanEffort, ActionPlanFigures, ActionPlanFollowUpFigures, ActionPlanGroup, DocumentSection, DocumentText } from '#contracts';
import type { DraftContext } from './follow-up.draft.js';
import { count, dayText, EFFORT_STATUS_LABEL, EFFORT_TYPE_LABEL, instantDay, list, num } from './swedish.js';

/**
 * The action plan of lag (2023:196) om kommuners ansvar för brottsförebyggande arbete, and its follow-up, written in
 * Swedish from their figures: per problem (a focus area of the year's promise, or a report category) and area, the
 * commitments with owners and dates and the planned efforts with owners and dates; the follow-up says how each effort
 * went, from its status and the outcome its owner recorded.
 */

const day = (iso: string | null) => (iso ? instantDay(iso) : null);

const groupHeading = (g: ActionPlanGroup) => `${g.problem.title} – ${g.area?.name ?? 'hela kommunen'}`.slice(0, 200);

function commitmentParagraph(c: ActionPlanGroup['commitments'][number]): string {
  return `Åtagande: ${c.text.trim().replace(/[.!?]?$/, '.')} Ansvarig: ${c.owner.name}. Klart senast ${dayText(c.dueAt)}.`;
}

function plannedParagraph(e: ActionPlanEffort): string {
  const others = e.organisations.filter((o) => o.id !== e.owner.id).map((o) => o.name);
  const when = [day(e.plannedStart), day(e.plannedEnd)].filter(Boolean).join('–');
  return `${e.title} (${EFFORT_TYPE_LABEL[e.type].toLowerCase()}). Ansvarig: ${e.owner.name}${others.length ? `, tillsammans med ${list(others)}` : ''}. `
    + `Planerad ${when}${e.followUpAt ? `, följs upp ${day(e.followUpAt)}` : ''}.`;
}

export function actionPlanDraft(f: ActionPlanFigures, ctx: DraftContext): DocumentText {
  const sections: DocumentSection[] = [{
    key: 'intro', level: 1, heading: 'Inledning', paragraphs: [
      'Enligt lagen (2023:196) om kommuners ansvar för brottsförebyggande arbete ska kommunen ta fram en lägesbild och utifrån den '
        + `besluta om en åtgärdsplan. Den här planen för ${f.year} samlar åtagandena i årets medborgarlöfte och de insatser som parterna i `
        + `${ctx.municipality} har planerat, ordnade efter problem och område.`,
      `Planen omfattar ${num(f.totals.commitments)} åtaganden och ${num(f.totals.efforts)} planerade insatser`
        + (f.totals.byType.length ? `: ${list(f.totals.byType.map((t) => `${EFFORT_TYPE_LABEL[t.type].toLowerCase()} ${num(t.count)}`))}.` : '.'),
    ],
  }];
  for (const g of f.groups) {
    const paragraphs = [
      ...g.commitments.map(commitmentParagraph),
      ...(g.efforts.length ? g.efforts.map(plannedParagraph) : ['Inga insatser är planerade här ännu.']),
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

function outcomeParagraph(e: ActionPlanEffort): string {
  const ended = e.status === 'done' && e.actualEnd ? ` ${day(e.actualEnd)}` : '';
  const outcome = e.outcome ? ` Utfall: ${e.outcome.trim().replace(/[.!?]?$/, '.')}` : ' Inget utfall är registrerat.';
  return `${e.title} (${EFFORT_TYPE_LABEL[e.type].toLowerCase()}, ${e.owner.name}): ${EFFORT_STATUS_LABEL[e.status]}${ended}.${outcome}`;
}

export function actionPlanFollowUpDraft(f: ActionPlanFollowUpFigures, ctx: DraftContext): DocumentText {
  const by = (s: string) => f.totals.byStatus.find((x) => x.status === s)?.count ?? 0;
  const intro = [
    `Den här uppföljningen av åtgärdsplanen för ${f.year} i ${ctx.municipality} bygger på hur planens insatser har gått, så som `
      + 'deras ägare har registrerat det i Lägesbild: status och utfall.',
    `Av planens ${num(f.totals.efforts)} insatser är ${num(by('done'))} genomförda, ${num(by('ongoing'))} pågår, ${num(by('planned'))} är `
      + `fortfarande planerade och ${num(by('cancelled'))} ställdes in. För ${num(f.totals.withOutcome)} finns ett registrerat utfall.`,
  ];
  if (f.totals.notShown > 0) intro.push(`${count(f.totals.notShown)} av planens insatser delas inte längre med hela samverkan och redovisas inte här.`);
  const sections: DocumentSection[] = [{ key: 'intro', level: 1, heading: 'Inledning', paragraphs: intro }];
  for (const g of f.groups) {
    const paragraphs = [
      ...g.commitments.map(commitmentParagraph),
      ...(g.efforts.length ? g.efforts.map(outcomeParagraph) : ['Inga insatser var planerade här.']),
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
