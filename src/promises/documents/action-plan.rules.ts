import type { ActionPlanEffort, ActionPlanGroup, Category, CommitmentTargetKind, EffortType, OrganisationRef } from '#contracts';
import { type CategoryLabels, categoryLabel } from './swedish.js';

/**
 * How an action plan orders its contents: by problem and area. A problem is a focus area of the year's promise (its
 * commitments, and the planned efforts one of its commitments covers: of its effort types, in its areas), or, for an
 * effort no commitment covers, the category most of its linked reports are of ("Övriga insatser" without any). Unit-
 * tested in action-plan.rules.spec.ts.
 */

export interface PlanCommitment {
  id: string;
  promiseId: string;
  focusAreaId: string;
  focusAreaTitle: string;
  text: string;
  owner: OrganisationRef;
  target: { kind: CommitmentTargetKind; count: number | null };
  dueAt: string;
  effortTypes: EffortType[];
  areas: { id: string; name: string }[];
}

export interface PlanEffort extends ActionPlanEffort {
  /** Its areas: those it names, and those of its places. */
  areas: { id: string; name: string }[];
  /** The categories of the reports it is linked to, the most frequent first. */
  categories: Category[];
}

/** As promises.repository's COVERS: a reports trend that names no effort type covers no effort. */
const covers = (c: PlanCommitment, e: PlanEffort) =>
  (c.effortTypes.length > 0 || c.target.kind !== 'reports_trend') && (!c.effortTypes.length || c.effortTypes.includes(e.type)) && (!c.areas.length || e.areas.some((a) => c.areas.some((x) => x.id === a.id)));

const sv = (a: string, b: string) => a.localeCompare(b, 'sv');

export function groupActionPlan(commitments: readonly PlanCommitment[], efforts: readonly PlanEffort[], categoryLabels?: CategoryLabels): ActionPlanGroup[] {
  const groups = new Map<string, ActionPlanGroup & { order: number }>();
  const focusOrder = new Map<string, number>();
  commitments.forEach((c) => { if (!focusOrder.has(c.focusAreaId)) focusOrder.set(c.focusAreaId, focusOrder.size); });
  const group = (key: string, make: () => Omit<ActionPlanGroup, 'key' | 'commitments' | 'efforts'>, order: number) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, ...make(), commitments: [], efforts: [], order }));
    return g;
  };
  const focusGroup = (c: PlanCommitment, area: { id: string; name: string } | null) => group(
    `focus:${c.focusAreaId}:area:${area?.id ?? 'none'}`,
    () => ({ problem: { kind: 'focus_area', focusAreaId: c.focusAreaId, title: c.focusAreaTitle }, area }),
    focusOrder.get(c.focusAreaId)!,
  );
  for (const c of commitments) {
    const { id, text, owner, target, dueAt, promiseId } = c;
    for (const area of c.areas.length ? c.areas : [null]) focusGroup(c, area).commitments.push({ id, text, owner, target, dueAt, promiseId });
  }
  for (const e of efforts) {
    const { areas, categories, ...effort } = e;
    const c = commitments.find((x) => covers(x, e));
    if (c) {
      const area = (c.areas.length ? areas.find((a) => c.areas.some((x) => x.id === a.id)) : areas[0]) ?? null;
      focusGroup(c, area).efforts.push(effort);
      continue;
    }
    const category = categories[0] ?? null;
    const area = areas[0] ?? null;
    group(`category:${category ?? 'none'}:area:${area?.id ?? 'none'}`,
      () => ({ problem: { kind: 'category', category, title: category ? categoryLabel(category, categoryLabels) : 'Övriga insatser' }, area }),
      focusOrder.size + (category ? 0 : 1)).efforts.push(effort);
  }
  const list = [...groups.values()];
  for (const g of list) g.efforts.sort((a, b) => a.plannedStart.localeCompare(b.plannedStart) || sv(a.title, b.title));
  return list
    .sort((a, b) => a.order - b.order || sv(a.problem.title, b.problem.title) || (a.area ? (b.area ? sv(a.area.name, b.area.name) : -1) : b.area ? 1 : 0))
    .map(({ order: _order, ...g }) => g);
}
