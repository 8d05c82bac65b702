import { describe, expect, it } from '@jest/globals';
import type { ActionPlanFigures, CommitmentProgress, DocumentText, FollowUpFigures } from '#contracts';
import { NO_COUNTS, progressOf } from '../promise.rules.js';
import { actionPlanDraft } from './action-plan.draft.js';
import { groupActionPlan, type PlanCommitment, type PlanEffort } from './action-plan.rules.js';
import { documentDefinition, documentFileName, summaryTable } from './document.files.js';
import { assertText, editedSections, mergeRegenerated, publicActionPlanFigures, publicFollowUpFigures } from './document.rules.js';
import { followUpDraft } from './follow-up.draft.js';
import { count, headingOf, list } from './swedish.js';

const police = { id: 'p', name: 'Polisen Lidköping', kind: 'police' as const };
const school = { id: 's', name: 'Katedralskolan', kind: 'school' as const };
const centrum = { id: 'a1', name: 'Centrum' };

/** A year counted by hand: a target of 20 actions met with 24, and a target of 4 efforts missed with 2. */
function figures(): FollowUpFigures {
  const checks: CommitmentProgress = progressOf({ kind: 'actions', count: 20 }, {
    ...NO_COUNTS,
    efforts: [{ status: 'done', type: 'speed_check', n: 5 }, { status: 'done', type: 'sobriety_check', n: 1 }],
    doneByOrganisation: [{ organisation: police, n: 6 }],
    actions: [{ kind: 'kontroller', total: 24 }],
    actionsByOrganisation: [{ organisation: police, total: 24 }],
  });
  const visits: CommitmentProgress = progressOf({ kind: 'efforts', count: 4 }, {
    ...NO_COUNTS,
    efforts: [{ status: 'done', type: 'school_visit', n: 2 }, { status: 'planned', type: 'school_visit', n: 1 }],
    doneByOrganisation: [{ organisation: school, n: 2 }, { organisation: police, n: 2 }],
    reports: [{ category: 'drug_use', area: centrum, current: 7, previous: 12 }],
    concernTalks: { records: 3, talks: 14, youths: 15, guardiansPresent: 12, socialServicesPresent: 2 },
  });
  return {
    kind: 'follow_up', promise: { id: 'pr', title: 'Medborgarlöfte Lidköping 2020', year: 2020, toYear: 2020 }, year: 2020,
    period: { from: '2020-01-01', to: '2020-12-31', countedTo: '2020-12-31', previousFrom: '2019-01-01', previousTo: '2019-12-31' },
    audience: 'joint', generatedAt: '2026-12-03T10:00:00.000Z',
    totals: { effortsDone: 8, effortsPlanned: 1, effortsOngoing: 0, actions: 24, concernTalks: { records: 3, talks: 14, youths: 15, guardiansPresent: 12, socialServicesPresent: 2 } },
    focusAreas: [
      {
        id: 'f1', title: 'Förebygga drogmissbruk bland unga', text: 'Drogfria skolor.',
        reports: { current: 7, previous: 12, change: -5, trend: 'down', byCategory: [{ category: 'drug_use', current: 7, previous: 12 }], byArea: [{ area: centrum, current: 7, previous: 12 }] },
        commitments: [{
          id: 'c1', text: 'Skolbesök och orossamtal. Spontana besök.', owner: school, effortTypes: ['school_visit', 'concern_talk'], areas: [centrum],
          categories: ['drug_use'], target: { kind: 'efforts', count: 4 }, dueAt: '2020-12-31', progress: visits,
        }],
      },
      {
        id: 'f2', title: 'Ökad trygghet i centrum', text: 'Kontroller där folk känner sig otrygga.',
        reports: { current: 2, previous: 1, change: 1, trend: 'steady', byCategory: [], byArea: [] },
        commitments: [{
          id: 'c2', text: 'Minst 20 hastighets- och nykterhetskontroller.', owner: police, effortTypes: ['speed_check', 'sobriety_check'], areas: [],
          categories: [], target: { kind: 'actions', count: 20 }, dueAt: '2020-12-31', progress: checks,
        }],
      },
    ],
  };
}

const words = (t: DocumentText) => [t.title, ...t.sections.flatMap((s) => [s.heading, ...s.paragraphs])].join('\n');

describe('Swedish words', () => {
  it('writes counts below 3 as "färre än 3", lists with "och", and headings from first sentences', () => {
    expect([count(0), count(2), count(3), count(1234)]).toEqual(['färre än 3', 'färre än 3', '3', '1\u00a0234']);
    expect([list([]), list(['a']), list(['a', 'b']), list(['a', 'b', 'c'])]).toEqual(['', 'a', 'a och b', 'a, b och c']);
    expect(headingOf('Skolbesök och orossamtal. Spontana besök.')).toBe('Skolbesök och orossamtal');
    expect(headingOf('ord '.repeat(60), 40).length).toBeLessThanOrEqual(40);
  });
});

describe('the follow-up draft', () => {
  const draft = followUpDraft(figures(), { municipality: 'Lidköping' });
  const all = words(draft);

  it('has a section per focus area and commitment between the introduction and the summary, keyed stably', () => {
    expect(draft.title).toBe('Uppföljning av medborgarlöftet 2020: Medborgarlöfte Lidköping 2020');
    expect(draft.sections.map((s) => [s.key, s.level])).toEqual([
      ['intro', 1], ['focus:f1', 1], ['commitment:c1', 2], ['focus:f2', 1], ['commitment:c2', 2], ['summary', 1], ['closing', 1],
    ]);
  });

  it('says what was done, by whom, against which target, with every small count hidden', () => {
    expect(all).toContain('I medborgarlöftet för 2020 lovade parterna i Lidköping att arbeta med två fokusområden: ”Förebygga drogmissbruk bland unga” och ”Ökad trygghet i centrum”.');
    expect(all).toContain('Sammanlagt genomfördes 8 insatser inom löftets åtaganden och 24 åtgärder registrerades. Ett av två åtaganden nådde sitt mål.');
    expect(all).toContain('Ansvarig: Katedralskolan. Mål: minst 4 genomförda insatser (skolbesök och orossamtal), senast 31 december 2020.');
    // 2 of 4: no percentage (it would give the small count away).
    expect(all).toContain('Resultat: färre än 3 insatser genomförda – målet är inte nått.');
    expect(all).toContain('Färre än 3 insatser genomfördes, med Katedralskolan och Polisen Lidköping. Därtill finns färre än 3 planerade.');
    expect(all).toContain('Orossamtal i Centrum: 14 samtal med 15 ungdomar; vårdnadshavare var med vid 12 och socialtjänsten vid färre än 3 av samtalen.');
    expect(all).toContain('Rapporterna om narkotikabruk i Centrum var 7 under 2020 mot 12 under 2019, en minskning.');
    expect(all).toContain('Störst förändring: narkotikabruk från 12 till 7.');
    expect(all).toContain('Resultat: 24 åtgärder registrerade – målet är nått.');
    expect(all).toContain('6 insatser genomfördes (hastighetskontroll 5 och nykterhetskontroll färre än 3), med Polisen Lidköping 6.');
    expect(all).toContain('Registrerade åtgärder: kontroller 24.');
    expect(all).toContain('Rapporterna i hela kommunen var färre än 3 under 2020 mot färre än 3 under 2019, ungefär lika många.');
    expect(all).toContain('Rapporterna minskade inom ”Förebygga drogmissbruk bland unga”.');
    expect(all).toContain('Inte nådda: ”Skolbesök och orossamtal”.');
    // Its full text, since the heading is only its first sentence.
    expect(draft.sections[2].paragraphs[0]).toBe('Skolbesök och orossamtal. Spontana besök.');
  });

  it('says a year under way is counted up to a day, against the same part of the year before', () => {
    const f = figures();
    f.year = 2026;
    f.period = { from: '2026-01-01', to: '2026-12-31', countedTo: '2026-12-03', previousFrom: '2025-01-01', previousTo: '2025-12-03' };
    expect(words(followUpDraft(f, { municipality: 'Lidköping' }))).toContain('var 7 under 2026 till och med 3 december 2026 mot 12 samma del av 2025');
  });

  it("names categories by the collaboration's labels: a renamed default and one of its own", () => {
    const f = figures();
    f.focusAreas[0].reports.byCategory.push({ category: 'moped_noise', current: 9, previous: 2 });
    const named = words(followUpDraft(f, { municipality: 'Lidköping', categoryLabels: { drug_use: 'Droger i skolmiljö', moped_noise: 'Mopedbuller' } }));
    expect(named).toContain('Rapporterna om droger i skolmiljö i Centrum var 7');
    expect(named).toContain('Störst förändring: mopedbuller från färre än 3 till 9 och droger i skolmiljö från 12 till 7.');
  });
});

describe("the documents' rules", () => {
  const generated: DocumentText = {
    title: 'T', sections: [
      { key: 'intro', level: 1, heading: 'Inledning', paragraphs: ['a'] },
      { key: 'c1', level: 2, heading: 'Ett', paragraphs: ['b'] },
      { key: 'c2', level: 2, heading: 'Två', paragraphs: ['c'] },
    ],
  };

  it('names the sections edited or added by hand', () => {
    const text = structuredClone(generated);
    text.sections[1].paragraphs = ['b, ändrad'];
    text.sections.push({ key: 'extra', level: 1, heading: 'Extra', paragraphs: ['x'] });
    expect(editedSections(generated, text)).toEqual(['c1', 'extra']);
    expect(editedSections(generated, generated)).toEqual([]);
  });

  it('keeps edited, removed and hand-added sections when the draft is generated afresh, and takes the rest anew', () => {
    const text: DocumentText = {
      title: 'Min titel', sections: [
        { key: 'intro', level: 1, heading: 'Inledning', paragraphs: ['a'] },
        { key: 'tack', level: 1, heading: 'Tack', paragraphs: ['tack'] },
        { key: 'c1', level: 2, heading: 'Ett', paragraphs: ['b, ändrad'] },
      ],
    };
    const fresh: DocumentText = {
      title: 'T2', sections: [
        { key: 'intro', level: 1, heading: 'Inledning', paragraphs: ['a2'] },
        { key: 'c1', level: 2, heading: 'Ett', paragraphs: ['b2'] },
        { key: 'c2', level: 2, heading: 'Två', paragraphs: ['c2'] },
        { key: 'c3', level: 2, heading: 'Tre', paragraphs: ['d2'] },
      ],
    };
    expect(mergeRegenerated(generated, text, fresh)).toEqual({
      title: 'Min titel', sections: [
        { key: 'intro', level: 1, heading: 'Inledning', paragraphs: ['a2'] },
        { key: 'tack', level: 1, heading: 'Tack', paragraphs: ['tack'] },
        { key: 'c1', level: 2, heading: 'Ett', paragraphs: ['b, ändrad'] },
        { key: 'c3', level: 2, heading: 'Tre', paragraphs: ['d2'] },
      ],
    });
    expect(mergeRegenerated(generated, generated, fresh)).toEqual(fresh);
  });

  it('refuses a key twice, naming the second', () => {
    const text = structuredClone(generated);
    text.sections[2].key = 'c1';
    expect(() => assertText(text)).toThrow('text.sections.2.key');
    expect(() => assertText(generated)).not.toThrow();
  });

  it('shows the public aggregates only, every count below 3 as "färre än 3", no id', () => {
    const p = publicFollowUpFigures(figures());
    expect(p.totals).toEqual({ effortsDone: 8, actions: 24, concernTalks: 14 });
    const [visits, checks] = p.focusAreas.flatMap((a) => a.commitments);
    expect(visits).toEqual(expect.objectContaining({
      owner: { name: 'Katedralskolan', kind: 'school' }, met: false, done: 'färre än 3',
      efforts: { done: 'färre än 3', byType: [{ type: 'school_visit', done: 'färre än 3' }], byOrganisation: [
        { organisation: { name: 'Katedralskolan', kind: 'school' }, done: 'färre än 3' }, { organisation: { name: 'Polisen Lidköping', kind: 'police' }, done: 'färre än 3' }] },
      reports: { current: 7, previous: 12, trend: 'down' }, concernTalks: { talks: 14, youths: 15 },
    }));
    expect(checks.concernTalks).toBeNull();
    expect(p.focusAreas[1].reports).toEqual({ current: 'färre än 3', previous: 'färre än 3', trend: 'steady', byCategory: [], byArea: [] });
    expect(p.focusAreas[0].reports.byArea).toEqual([{ area: { name: 'Centrum' }, current: 7, previous: 12 }]);
    const wire = JSON.stringify(p);
    for (const id of ['"pr"', '"c1"', '"f1"', '"a1"', '"p"', '"s"']) expect(wire).not.toContain(id);
  });
});

describe('the action plan', () => {
  const commitment = (over: Partial<PlanCommitment>): PlanCommitment => ({
    id: 'c', promiseId: 'pr', focusAreaId: 'f1', focusAreaTitle: 'Trygg by', text: 'Patrull varje månad.', owner: police,
    target: { kind: 'efforts', count: 12 }, dueAt: '2027-12-31', effortTypes: ['visibility_patrol'], areas: [{ id: 'b', name: 'Byn' }], ...over,
  });
  const effort = (over: Partial<PlanEffort>): PlanEffort => ({
    id: 'e', title: 'Insats', type: 'visibility_patrol', status: 'planned', owner: police, organisations: [police], plannedStart: '2027-03-01T10:00:00.000Z',
    plannedEnd: null, followUpAt: null, areas: [], categories: [], ...over,
  });

  it('groups by focus area and area (the whole municipality last), then efforts no commitment covers by the category of their reports, then the rest', () => {
    const groups = groupActionPlan(
      [commitment({ id: 'c1' }), commitment({ id: 'c2', focusAreaId: 'f2', focusAreaTitle: 'Drogfri skola', effortTypes: [], areas: [] })],
      [
        effort({ id: 'e1', areas: [{ id: 'b', name: 'Byn' }], plannedStart: '2027-05-01T00:00:00.000Z' }),
        effort({ id: 'e2', areas: [{ id: 'b', name: 'Byn' }], plannedStart: '2027-02-01T00:00:00.000Z' }),
        effort({ id: 'e3', type: 'school_visit', areas: [centrum] }),
      ],
    );
    expect(groups.map((g) => [g.key, g.commitments.map((c) => c.id), g.efforts.map((e) => e.id)])).toEqual([
      ['focus:f1:area:b', ['c1'], ['e2', 'e1']],
      ['focus:f2:area:a1', [], ['e3']],
      ['focus:f2:area:none', ['c2'], []],
    ]);
    const loose = groupActionPlan([], [effort({ id: 'e4', type: 'lighting_fix', categories: ['lighting', 'vandalism'], areas: [centrum] }), effort({ id: 'e5' })]);
    expect(loose.map((g) => [g.problem.title, g.area?.name ?? null])).toEqual([['Belysning', 'Centrum'], ['Övriga insatser', null]]);
    const own = groupActionPlan([], [effort({ id: 'e6', categories: ['moped_noise'], areas: [centrum] })], { moped_noise: 'Mopedbuller' });
    expect(own.map((g) => g.problem.title)).toEqual(['Mopedbuller']);
  });

  it('is written with owners and dates, and shows in public counts only', () => {
    const groups = groupActionPlan([commitment({})], [effort({ title: 'Patrull i byn', areas: [{ id: 'b', name: 'Byn' }], followUpAt: '2027-06-01T10:00:00.000Z', organisations: [police, school] })]);
    const f: ActionPlanFigures = {
      kind: 'action_plan', year: 2027, period: { from: '2027-01-01', to: '2027-12-31', countedTo: '2026-12-31', previousFrom: '2026-01-01', previousTo: '2025-12-31' },
      audience: 'joint', generatedAt: '2026-12-03T10:00:00.000Z', groups, totals: { efforts: 1, commitments: 1, byType: [{ type: 'visibility_patrol', count: 1 }] },
    };
    const all = words(actionPlanDraft(f, { municipality: 'Lidköping' }));
    expect(all).toContain('Åtgärdsplan 2027 – Lidköping');
    expect(all).toContain('Trygg by – Byn');
    expect(all).toContain('Åtagande: Patrull varje månad. Ansvarig: Polisen Lidköping. Klart senast 31 december 2027.');
    expect(all).toContain('Synlighetspatrull: färre än 3 planerade. Ansvarig: Polisen Lidköping, tillsammans med Katedralskolan. Planerad 1 mars 2027, följs upp 1 juni 2027.');
    expect(all).not.toContain('Patrull i byn');
    const pub = publicActionPlanFigures(f);
    expect(pub.groups).toEqual([{
      title: 'Trygg by', area: { name: 'Byn' }, commitments: [{ text: 'Patrull varje månad.', owner: { name: 'Polisen Lidköping', kind: 'police' }, dueAt: '2027-12-31' }],
      efforts: 'färre än 3', byType: [{ type: 'visibility_patrol', count: 'färre än 3' }], byOwner: [{ organisation: { name: 'Polisen Lidköping', kind: 'police' }, count: 'färre än 3' }],
    }]);
    expect(JSON.stringify(pub)).not.toContain('Patrull i byn');
  });
});

describe('the files', () => {
  it('names them by kind, year and version', () => {
    expect(documentFileName('follow_up', 2020, 3, 'pdf')).toBe('uppfoljning-2020-v3.pdf');
    expect(documentFileName('action_plan', 2027, 1, 'docx')).toBe('atgardsplan-2027-v1.docx');
    expect(documentFileName('action_plan_follow_up', 2027, 2, 'pdf')).toBe('uppfoljning-atgardsplan-2027-v2.pdf');
  });

  it('summarises the commitments in a table with small counts hidden', () => {
    expect(summaryTable(figures())).toEqual({
      caption: 'Sammanställning av åtagandena', header: ['Åtagande', 'Ansvarig', 'Mål', 'Resultat', 'Nått'],
      rows: [
        ['Skolbesök och orossamtal', 'Katedralskolan', '4 insatser', 'färre än 3 insatser', 'Nej'],
        ['Minst 20 hastighets- och nykterhetskontroller', 'Polisen Lidköping', '20 åtgärder', '24 åtgärder', 'Ja'],
      ],
    });
  });

  it('makes an A4 PDF in Swedish, Helvetica when every character allows, with its state and page numbers', () => {
    const f = figures();
    const text = followUpDraft(f, { municipality: 'Lidköping' });
    const def = documentDefinition({ kind: 'follow_up', year: 2020, text, figures: f, version: 2, status: 'published', publishedAt: '2026-12-03T10:00:00.000Z', municipality: 'Lidköping', exportedAt: new Date('2026-12-04T10:00:00Z') });
    expect(def).toEqual(expect.objectContaining({ pageSize: 'A4', language: 'sv-SE' }));
    expect(def.defaultStyle).toEqual(expect.objectContaining({ font: 'Helvetica' }));
    expect(JSON.stringify(def.content)).toContain('Lidköping · Publicerad 3 december 2026 · version 2');
    const footer = (def.footer as (p: number, n: number) => { columns: { text: string }[] })(1, 2);
    expect(footer.columns.map((c) => c.text)).toEqual(['Uppföljning av medborgarlöfte 2020 · version 2 · exporterad 4 december 2026', 'sida 1 av 2']);
    text.sections[0].paragraphs.push('Łęczyca');
    expect(documentDefinition({ kind: 'follow_up', year: 2020, text, figures: f, version: 3, status: 'draft', publishedAt: null, municipality: 'Lidköping', exportedAt: new Date() }).defaultStyle)
      .toEqual(expect.objectContaining({ font: 'Roboto' }));
  });
});
