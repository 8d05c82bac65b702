import type { TFunction } from 'i18next';
import {
  LIMITS,
  PUBLIC_FEWER_THAN_MIN,
  type CommitmentTargetKind,
  type DocumentSection,
  type DocumentText,
  type PromiseDocumentKind,
  type PublicCount,
} from '#contracts';
import { HttpError, NetworkError } from './api.js';
import { formErrors, type FormErrors } from './errors.js';
import { findPersonalData } from '#privacy';
import { i18n, personalDataLabel } from './i18n.js';

/**
 * Citizen promises, their follow-ups and the action plan on the web (libs/contracts/src/promises.ts): paths, the
 * section editor's text model, the copy of unsaved words kept on the device, and the server's refusals by field.
 */

/** Where the API serves a document of `kind`: an action plan's follow-up is a follow-up. */
export const documentApiBase = (kind: PromiseDocumentKind) => (kind === 'action_plan' ? '/api/action-plans' : '/api/follow-ups');
/** The editor's page of a document (inside the app). */
export const documentPagePath = (kind: PromiseDocumentKind, id: string) => (kind === 'action_plan' ? `/loften/atgardsplaner/${id}` : `/loften/uppfoljningar/${id}`);
/** The public page (no login) of a published document, as the server names it in `publicPath`. */
export const publicPagePath = (kind: PromiseDocumentKind, id: string) => (kind === 'action_plan' ? `/atgardsplan/${id}` : `/uppfoljning/${id}`);

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** A whole number of the API, or the words "färre än 3" the public page sends in its place. */
export function formatCount(n: PublicCount | number | null | undefined, lang = i18n.language): string {
  if (n === null || n === undefined) return '–';
  if (typeof n === 'string') return n === PUBLIC_FEWER_THAN_MIN ? n : String(n);
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'sv-SE').format(n);
}

/** A local day of the API (YYYY-MM-DD) in words, read as that day (no time zone shift). */
export function formatDay(day: string, lang = i18n.language): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day);
  if (!m) return day;
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'sv-SE', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))),
  );
}

/** "2024" or "2024–2026". */
export const yearsText = (p: { year: number; toYear: number }) => (p.toYear > p.year ? `${p.year}–${p.toYear}` : String(p.year));

/** What a target promises, in words: "minst 20 åtgärder", "färre rapporter (minst 2 färre)". */
export function targetText(target: { kind: CommitmentTargetKind; count: number | null }, t: TFunction): string {
  if (target.kind === 'reports_trend') return target.count ? t('promises.target.reportsTrendCount', { count: target.count }) : t('promises.target.reportsTrend');
  return t(`promises.target.${target.kind}`, { count: target.count ?? 0 });
}

// ---------------------------------------------------------------------------------------------------------------
// The section editor: each section's paragraphs are edited as one text, a blank line between two paragraphs.

export interface EditableSection {
  key: string;
  level: 1 | 2;
  heading: string;
  /** The paragraphs joined by a blank line. */
  body: string;
}
export interface EditableText {
  title: string;
  sections: EditableSection[];
}

export const PARAGRAPH_BREAK = '\n\n';

export function paragraphsOf(body: string): string[] {
  return body
    .split(/\n[ \t]*\n+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

export const toEditable = (text: DocumentText): EditableText => ({
  title: text.title,
  sections: text.sections.map((s) => ({ key: s.key, level: s.level, heading: s.heading, body: s.paragraphs.join(PARAGRAPH_BREAK) })),
});

export const fromEditable = (e: EditableText): DocumentText => ({
  title: e.title.trim(),
  sections: e.sections.map((s) => ({ key: s.key, level: s.level, heading: s.heading.trim(), paragraphs: paragraphsOf(s.body) })),
});

const sameSection = (a: DocumentSection | undefined, b: DocumentSection | undefined) =>
  !!a && !!b && a.heading === b.heading && a.level === b.level && a.paragraphs.length === b.paragraphs.length && a.paragraphs.every((p, i) => p === b.paragraphs[i]);

/** Whether two texts say the same (as the server would store them). */
export function sameText(a: DocumentText, b: DocumentText): boolean {
  return a.title === b.title && a.sections.length === b.sections.length && a.sections.every((s, i) => s.key === b.sections[i].key && sameSection(s, b.sections[i]));
}

/** The section of `text` with `key`. */
export const sectionOf = (text: DocumentText | undefined, key: string) => text?.sections.find((s) => s.key === key);

/** Whether an edited section differs from the one in `other` (a section `other` lacks counts as different). */
export const sectionDiffers = (s: EditableSection, other: DocumentText | undefined) => {
  const mine = fromEditable({ title: '', sections: [s] }).sections[0];
  return !sameSection(mine, sectionOf(other, s.key));
};

/**
 * Someone else saved `theirs` over the `base` this editor started from: a three-way merge by section key. What was
 * changed here (title, a section's words, a section added or removed) is kept; everything else takes their words, so
 * nothing of either is lost unseen. `both`: the sections both changed (their words shown beside for a choice).
 */
export function mergeTexts(base: DocumentText, mine: EditableText, theirs: DocumentText): { text: EditableText; both: string[] } {
  const changedHere = (s: EditableSection) => sectionDiffers(s, base);
  const mineByKey = new Map(mine.sections.map((s) => [s.key, s]));
  const baseKeys = new Set(base.sections.map((s) => s.key));
  const both: string[] = [];
  const sections: EditableSection[] = [];
  for (const th of theirs.sections) {
    const m = mineByKey.get(th.key);
    if (!m) {
      // Removed here (kept removed unless they changed it since), or added by them.
      if (baseKeys.has(th.key) && sameSection(th, sectionOf(base, th.key))) continue;
      sections.push({ key: th.key, level: th.level, heading: th.heading, body: th.paragraphs.join(PARAGRAPH_BREAK) });
      continue;
    }
    if (changedHere(m)) {
      sections.push(m);
      if (!sameSection(th, sectionOf(base, th.key)) && sectionDiffers(m, theirs)) both.push(th.key);
    } else sections.push({ key: th.key, level: th.level, heading: th.heading, body: th.paragraphs.join(PARAGRAPH_BREAK) });
  }
  // Sections added here (in neither the base nor theirs), after the section they followed.
  mine.sections.forEach((s, i) => {
    if (baseKeys.has(s.key) || theirs.sections.some((x) => x.key === s.key)) return;
    const after = i > 0 ? sections.findIndex((x) => x.key === mine.sections[i - 1].key) : -1;
    sections.splice(after + 1, 0, s);
  });
  const title = mine.title.trim() !== base.title ? mine.title : theirs.title;
  return { text: { title, sections }, both };
}

/** A key for a section added by hand: `egen-1`, `egen-2`, … not yet used. */
export function newSectionKey(sections: { key: string }[]): string {
  let n = 1;
  while (sections.some((s) => s.key === `egen-${n}`)) n += 1;
  return `egen-${n}`;
}

/** Problems the server would refuse, found before sending: by the field path the server would name. */
export function checkText(e: EditableText, t: TFunction): FormErrors {
  const out: FormErrors = { fields: {}, general: [] };
  if (!e.title.trim()) out.fields['text.title'] = t('promises.doc.errors.title');
  else if (e.title.trim().length > LIMITS.name) out.fields['text.title'] = t('promises.doc.errors.tooLong', { max: LIMITS.name });
  e.sections.forEach((s, i) => {
    if (!s.heading.trim()) out.fields[`text.sections.${i}.heading`] = t('promises.doc.errors.heading');
    else if (s.heading.trim().length > LIMITS.name) out.fields[`text.sections.${i}.heading`] = t('promises.doc.errors.tooLong', { max: LIMITS.name });
    const paragraphs = paragraphsOf(s.body);
    const long = paragraphs.findIndex((p) => p.length > LIMITS.text);
    if (long >= 0) out.fields[`text.sections.${i}.paragraphs`] = t('promises.doc.errors.paragraphTooLong', { n: long + 1, max: LIMITS.text });
    else if (paragraphs.length > 60) out.fields[`text.sections.${i}.paragraphs`] = t('promises.doc.errors.tooManyParagraphs', { max: 60 });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Unsaved words kept on the device: a reload, a lost connection or someone else's save never loses what was typed.

export interface StoredDraft {
  /** The version the words were edited from: a save is sent against it (a newer one on the server is a 409). */
  baseVersion: number;
  text: EditableText;
  at: string;
}

const draftKey = (userId: string, documentId: string) => `lagesbild.document-draft.${userId}.${documentId}`;

export function readStoredDraft(userId: string, documentId: string): StoredDraft | null {
  try {
    const raw = localStorage.getItem(draftKey(userId, documentId));
    if (!raw) return null;
    const d = JSON.parse(raw) as StoredDraft;
    return typeof d.baseVersion === 'number' && d.text && Array.isArray(d.text.sections) ? d : null;
  } catch {
    return null;
  }
}

export function storeDraft(userId: string, documentId: string, draft: StoredDraft | null): void {
  try {
    if (draft) localStorage.setItem(draftKey(userId, documentId), JSON.stringify(draft));
    else localStorage.removeItem(draftKey(userId, documentId));
  } catch {
    /* storage full or blocked: the words stay in the page */
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The server's refusals by field. It names nested fields by path (`focusAreas.0.commitments.1.target.count`,
// `text.sections.2.paragraphs.0`); each message starts with the path it is about.

const MESSAGE_FIELD = /^(?:property\s+)?([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s/;

/** The longest of `known` that is `path` or a parent of it (`a.b.0.c` → `a.b.0` when only that is known). */
export function nearestField(path: string, known: readonly string[]): string | undefined {
  let p = path;
  for (;;) {
    if (known.includes(p)) return p;
    const dot = p.lastIndexOf('.');
    if (dot < 0) return undefined;
    p = p.slice(0, dot);
  }
}

/**
 * A refusal as messages by field (any depth), in Swedish where the code is one of promises'; the rest as
 * `formErrors` words it. `known`: the field paths the form shows.
 */
export function promiseErrors(e: unknown, t: TFunction, known: readonly string[], textOf?: (field: string) => string | undefined): FormErrors {
  if (!(e instanceof HttpError)) return formErrors(e, t, []);
  const b = e.body;
  if (b.code === 'PERSONAL_DATA') {
    const field = b.field && nearestField(b.field, known);
    // The server names the kind found; for a list of texts (a section's paragraphs) it may not, so the same detection
    // is run here on what was sent.
    const kind = b.kind || (field && textOf ? findPersonalData(textOf(field) ?? '')[0]?.kind : undefined);
    const message = kind ? t('privacy.serverRefused', { kind: personalDataLabel(kind) }) : t('privacy.serverRefusedShort');
    return field ? { fields: { [field]: message }, general: [] } : { fields: {}, general: [message] };
  }
  const out: FormErrors = { fields: {}, general: [] };
  const own = b.code && i18n.exists(`promises.errors.codes.${b.code}`) ? t(`promises.errors.codes.${b.code}`) : '';
  if (own) {
    const field = b.field && nearestField(b.field, known);
    if (field) out.fields[field] = own;
    else out.general.push(own);
    return out;
  }
  if (e.status !== 400 && e.status !== 404) return formErrors(e, t, []);
  const messages = Array.isArray(b.message) ? b.message : [String(b.message)];
  for (const m of messages) {
    const path = MESSAGE_FIELD.exec(m)?.[1] ?? b.field;
    const field = path && nearestField(path, known);
    const text = e.status === 404 ? `${t('promises.errors.notOfCollaboration')} (${m})` : `${t('errors.invalid')} (${m})`;
    if (field && !out.fields[field]) out.fields[field] = text;
    else out.general.push(text);
  }
  return out;
}

/** A 409 of a stale version (someone else saved first). */
export const isVersionConflict = (e: unknown) => e instanceof HttpError && e.status === 409 && e.code !== 'ALREADY_PUBLISHED';
export const isNetworkError = (e: unknown) => e instanceof NetworkError;
