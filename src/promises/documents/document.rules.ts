import type {
  ActionPlanFigures, ActionPlanFollowUpFigures, DocumentFigures, DocumentSection, DocumentText, EffortType, OrganisationKind, PromiseDocumentKind,
  PublicActionPlanFigures, PublicCommitment, PublicFollowUpFigures,
} from '#contracts';
import { invalid } from '../../common/domain-error.js';
import { followsConcernTalks, publicCount } from '../promise.rules.js';

/**
 * The rules of the documents (follow-ups, action plans) as plain functions: which sections a coordinator edited, how a
 * draft generated afresh keeps those edits, and what the public page may show of the figures (aggregates only, every
 * count below 3 as "färre än 3", never a report, an effort's title, a place or an id). Unit-tested in
 * document.rules.spec.ts.
 */

/** The public page's path of a published document. */
export const publicPathOf = (kind: PromiseDocumentKind, id: string) => (kind === 'action_plan' ? `/atgardsplan/${id}` : `/uppfoljning/${id}`);

const sameSection = (a: DocumentSection, b: DocumentSection) =>
  a.level === b.level && a.heading === b.heading && a.paragraphs.length === b.paragraphs.length && a.paragraphs.every((p, i) => p === b.paragraphs[i]);

/** The keys of the sections of `text` that differ from the generated draft's (or that it does not have: added by hand). */
export function editedSections(generated: DocumentText, text: DocumentText): string[] {
  const drafted = new Map(generated.sections.map((s) => [s.key, s]));
  return text.sections.filter((s) => !drafted.has(s.key) || !sameSection(drafted.get(s.key)!, s)).map((s) => s.key);
}

/** Section keys are unique in a document (an editor addresses sections by key). */
export function assertText(text: DocumentText): void {
  const seen = new Set<string>();
  text.sections.forEach((s, i) => {
    if (seen.has(s.key)) throw invalid(`text.sections.${i}.key`, `repeats the key "${s.key}": every section's key is unique`);
    seen.add(s.key);
  });
}

/**
 * The words of a draft generated afresh: each section the coordinator edited keeps its edited words; one they removed
 * stays removed; one they added by hand stays, after the section it followed; the others (and the title, unless edited)
 * take the new draft's words. So generating again after more data came in never loses an edit.
 */
export function mergeRegenerated(previousGenerated: DocumentText, previousText: DocumentText, generated: DocumentText): DocumentText {
  const before = new Map(previousGenerated.sections.map((s) => [s.key, s]));
  const edited = new Map(previousText.sections.map((s) => [s.key, s]));
  const sections: DocumentSection[] = [];
  for (const s of generated.sections) {
    const old = before.get(s.key);
    const now = edited.get(s.key);
    if (old && !now) continue; // removed by the coordinator
    sections.push(now && old && !sameSection(old, now) ? now : s);
  }
  // Sections added by hand (in neither draft), each after the section it followed in the edited text.
  previousText.sections.forEach((s, i) => {
    if (before.has(s.key) || generated.sections.some((g) => g.key === s.key)) return;
    const after = previousText.sections.slice(0, i).reverse().find((p) => sections.some((x) => x.key === p.key));
    const at = after ? sections.findIndex((x) => x.key === after.key) + 1 : sections.length;
    sections.splice(at, 0, s);
  });
  return { title: previousText.title === previousGenerated.title ? generated.title : previousText.title, sections };
}

const who = (o: { name: string; kind: OrganisationKind }) => ({ name: o.name, kind: o.kind });

/** What the public page shows of a follow-up's figures. */
export function publicFollowUpFigures(f: Extract<DocumentFigures, { kind: 'follow_up' }>): PublicFollowUpFigures {
  return {
    kind: 'follow_up', year: f.year, period: f.period,
    totals: { effortsDone: publicCount(f.totals.effortsDone), actions: publicCount(f.totals.actions), concernTalks: publicCount(f.totals.concernTalks.talks) },
    focusAreas: f.focusAreas.map((a) => ({
      title: a.title, text: a.text,
      reports: {
        current: publicCount(a.reports.current), previous: publicCount(a.reports.previous), trend: a.reports.trend,
        byCategory: a.reports.byCategory.map((c) => ({ category: c.category, current: publicCount(c.current), previous: publicCount(c.previous) })),
        byArea: a.reports.byArea.map((x) => ({ area: x.area ? { name: x.area.name } : null, current: publicCount(x.current), previous: publicCount(x.previous) })),
      },
      commitments: a.commitments.map((c): PublicCommitment => ({
        text: c.text, owner: who(c.owner), target: c.target, dueAt: c.dueAt, met: c.progress.met, done: publicCount(c.progress.done),
        efforts: {
          done: publicCount(c.progress.efforts.done),
          byType: c.progress.efforts.byType.map((t) => ({ type: t.type, done: publicCount(t.done) })),
          byOrganisation: c.progress.efforts.byOrganisation.map((o) => ({ organisation: who(o.organisation), done: publicCount(o.done) })),
        },
        actions: { total: publicCount(c.progress.actions.total) },
        reports: { current: publicCount(c.progress.reports.current), previous: publicCount(c.progress.reports.previous), trend: c.progress.reports.trend },
        concernTalks: c.progress.concernTalks && followsConcernTalks(c.effortTypes)
          ? { talks: publicCount(c.progress.concernTalks.talks), youths: publicCount(c.progress.concernTalks.youths) }
          : null,
      })),
    })),
  };
}

/** What the public page shows of an action plan's (or its follow-up's) figures: counts per group, no effort by name. */
export function publicActionPlanFigures(f: ActionPlanFigures | ActionPlanFollowUpFigures): PublicActionPlanFigures {
  return {
    kind: f.kind, year: f.year, period: f.period,
    groups: f.groups.map((g) => {
      const byType = new Map<EffortType, number>();
      const byOwner = new Map<string, { organisation: { name: string; kind: OrganisationKind }; count: number }>();
      for (const e of g.efforts) {
        byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
        const o = byOwner.get(e.owner.id) ?? { organisation: who(e.owner), count: 0 };
        o.count++;
        byOwner.set(e.owner.id, o);
      }
      return {
        title: g.problem.title, area: g.area ? { name: g.area.name } : null,
        commitments: g.commitments.map((c) => ({ text: c.text, owner: who(c.owner), dueAt: c.dueAt })),
        efforts: publicCount(g.efforts.length),
        byType: [...byType].map(([type, n]) => ({ type, count: publicCount(n) })),
        byOwner: [...byOwner.values()].map((o) => ({ organisation: o.organisation, count: publicCount(o.count) })),
        ...(f.kind === 'action_plan_follow_up' && { done: publicCount(g.efforts.filter((e) => e.status === 'done').length) }),
      };
    }),
  };
}
