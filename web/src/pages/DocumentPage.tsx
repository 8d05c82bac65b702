import { Fragment, useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isCoordinatorRole, LIMITS, type DocumentFigures, type DocumentResponse, type DocumentSection } from '#contracts';
import { findPersonalData } from '#privacy';
import { ConfirmInline } from '../components/ConfirmInline.js';
import { DocumentFiles, DocumentStatusBadge, ErrorSummary } from '../components/PromiseParts.js';
import { get, HttpError, patch, post } from '../lib/api.js';
import type { FormErrors } from '../lib/errors.js';
import { formatDateTime, personalDataLabel } from '../lib/i18n.js';
import { useDocumentTitle, useMediaQuery, useSession } from '../lib/hooks.js';
import {
  checkText,
  documentPagePath,
  formatCount,
  fromEditable,
  isNetworkError,
  isVersionConflict,
  mergeTexts,
  newSectionKey,
  paragraphsOf,
  promiseErrors,
  readStoredDraft,
  sameText,
  sectionDiffers,
  sectionOf,
  storeDraft,
  toEditable,
  type EditableSection,
  type EditableText,
} from '../lib/promises.js';
import './promises.css';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
type Busy = 'save' | 'publish' | 'regenerate' | 'planFollowUp' | 'reload' | null;

/** A section's words: one text, a blank line between paragraphs; warns of personal data while typing (the server refuses it). */
function SectionText(props: { id: string; label: string; hint: string; value: string; onChange: (v: string) => void; serverError?: string }) {
  const { t } = useTranslation();
  const warnId = useId();
  const hintId = useId();
  const errId = useId();
  const countId = useId();
  const findings = useMemo(() => findPersonalData(props.value), [props.value]);
  const kinds = [...new Set(findings.map((f) => f.kind))];
  const paragraphs = paragraphsOf(props.value);
  const longest = paragraphs.reduce((n, p) => Math.max(n, p.length), 0);
  const over = longest > LIMITS.text;
  const rows = Math.min(24, Math.max(4, Math.ceil(props.value.length / 48) + (props.value.match(/\n/g)?.length ?? 0)));
  return (
    <div className={`field${props.serverError || kinds.length || over ? ' has-error' : ''}`}>
      <label htmlFor={props.id}>{props.label}</label>
      <p id={hintId} className="hint">
        {props.hint}
      </p>
      {props.serverError && (
        <p id={errId} className="field-error" role="alert" data-testid={`${props.id}-server-error`}>
          {props.serverError}
        </p>
      )}
      <div id={warnId} aria-live="polite">
        {kinds.length > 0 && <p className="field-warning">{t('privacy.warning', { kinds: kinds.map((k) => personalDataLabel(k)).join(', ') })}</p>}
      </div>
      <textarea
        id={props.id}
        rows={rows}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={kinds.length > 0 || !!props.serverError || over || undefined}
        aria-describedby={[hintId, kinds.length ? warnId : '', props.serverError ? errId : '', countId].filter(Boolean).join(' ')}
      />
      <p id={countId} className={`hint count${over ? ' over' : ''}`}>
        {t('promises.doc.paragraphCount', { count: paragraphs.length, longest, max: LIMITS.text })}
      </p>
    </div>
  );
}

/** The generated words of a section, read-only, beside the edited ones. */
function GeneratedText({ section, open }: { section: DocumentSection | undefined; open: boolean }) {
  const { t } = useTranslation();
  if (!section) return <p className="muted small generated-none">{t('promises.doc.ownSection')}</p>;
  return (
    <details className="generated" open={open || undefined}>
      <summary>{t('promises.doc.generated')}</summary>
      <div className="generated-body" data-testid="generated-text">
        {section.heading && <p className="generated-heading">{section.heading}</p>}
        {section.paragraphs.map((p, i) => (
          <p key={i}>{p}</p>
        ))}
      </div>
    </details>
  );
}

/** The figures the draft was written from, in short (the joint view: only what every partner may see). */
function FiguresSummary({ figures }: { figures: DocumentFigures }) {
  const { t } = useTranslation();
  const rows: [string, string][] =
    figures.kind === 'follow_up'
      ? [
          [t('promises.figures.effortsDone'), formatCount(figures.totals.effortsDone)],
          [t('promises.figures.effortsOpen'), `${formatCount(figures.totals.effortsPlanned)} / ${formatCount(figures.totals.effortsOngoing)}`],
          [t('promises.figures.actions'), formatCount(figures.totals.actions)],
          [t('promises.figures.concernTalks'), formatCount(figures.totals.concernTalks.talks)],
          [t('promises.figures.commitmentsMet'), `${figures.focusAreas.flatMap((f) => f.commitments).filter((c) => c.progress.met).length} / ${figures.focusAreas.flatMap((f) => f.commitments).length}`],
        ]
      : figures.kind === 'action_plan'
        ? [
            [t('promises.figures.planEfforts'), formatCount(figures.totals.efforts)],
            [t('promises.figures.planCommitments'), formatCount(figures.totals.commitments)],
            [t('promises.figures.groups'), formatCount(figures.groups.length)],
          ]
        : [
            [t('promises.figures.planEfforts'), formatCount(figures.totals.efforts)],
            ...figures.totals.byStatus.map((s): [string, string] => [t(`effortStatus.${s.status}`), formatCount(s.count)]),
            [t('promises.figures.withOutcome'), formatCount(figures.totals.withOutcome)],
            [t('promises.figures.notShown'), formatCount(figures.totals.notShown)],
          ];
  return (
    <section aria-labelledby="figures-h" className="card figures-summary">
      <h2 id="figures-h" className="h3">
        {t('promises.figures.title')}
      </h2>
      <dl className="facts compact">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </Fragment>
        ))}
      </dl>
      <p className="muted small">{t('promises.figures.note', { at: formatDateTime(figures.generatedAt) })}</p>
    </section>
  );
}

/**
 * Uppföljning / Åtgärdsplan: the draft editor. Each section's generated words beside the edited ones; save (a new
 * version; a 409 when someone else saved first, the words kept), versions, publish, the PDF and the DOCX, the public page.
 * Unsaved words are kept on the device until saved or thrown away.
 */
export default function DocumentPage({ kind }: { kind: 'follow-ups' | 'action-plans' }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const session = useSession()!;
  const userId = session.user.id;
  const isCoordinator = isCoordinatorRole(session.user.role);
  const wide = useMediaQuery('(min-width: 900px)');
  const base = kind === 'action-plans' ? '/api/action-plans' : '/api/follow-ups';

  const [doc, setDoc] = useState<DocumentResponse | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [editor, setEditor] = useState<EditableText | null>(null);
  const [baseVersion, setBaseVersion] = useState(0);
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [theirs, setTheirs] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState<Busy>(null);
  const [confirmPublish, setConfirmPublish] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'success' | 'error' | 'info'; text: string } | null>(null);
  const [viewed, setViewed] = useState<DocumentResponse | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const publishRef = useRef<HTMLButtonElement>(null);
  const viewedRef = useRef<HTMLHeadingElement>(null);
  useDocumentTitle(doc?.title ?? t('promises.doc.title'));

  // The document, and any words left unsaved on this device (restored, and marked).
  useEffect(() => {
    let live = true;
    setDoc(null);
    setLoadError(null);
    get<DocumentResponse>(`${base}/${id}`).then(
      (d) => {
        if (!live) return;
        setDoc(d);
        const stored = readStoredDraft(userId, d.id);
        if (stored && !sameText(fromEditable(stored.text), d.current.text)) {
          setRestoredAt(stored.at);
          setBaseVersion(d.version);
          if (stored.baseVersion === d.version) setEditor(stored.text);
          else {
            // Saved again since these words were typed (here or elsewhere): merged over the version they were typed on.
            setEditor(stored.text);
            void get<DocumentResponse>(`${base}/${d.id}/versions/${stored.baseVersion}`).then(
              (was) => {
                if (!live) return;
                const merged = mergeTexts(was.current.text, stored.text, d.current.text);
                setEditor(merged.text);
                setTheirs(new Set(merged.both));
              },
              () => live && setTheirs(new Set(stored.text.sections.filter((s) => sectionDiffers(s, d.current.text)).map((s) => s.key))),
            );
          }
        } else {
          if (stored) storeDraft(userId, d.id, null);
          setEditor(toEditable(d.current.text));
          setBaseVersion(d.version);
        }
      },
      (e) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [base, id, userId]);

  useEffect(() => {
    if (viewed) viewedRef.current?.focus();
  }, [viewed]);

  const savedText = doc?.current.text;
  const dirty = !!editor && !!savedText && !sameText(fromEditable(editor), savedText);

  if (!doc || !editor) {
    if (!loadError) return <p role="status">{t('common.loading')}</p>;
    const notFound = loadError instanceof HttpError && loadError.status === 404;
    return (
      <div className="narrow">
        <p>
          <Link to="/loften">← {t('promises.back')}</Link>
        </p>
        <h1>{notFound ? t('promises.doc.notFound') : t('promises.doc.title')}</h1>
        <p className="notice error" role="alert">
          {promiseErrors(loadError, t, []).general.join(' ')}
        </p>
      </div>
    );
  }

  const edit = (next: EditableText) => {
    setEditor(next);
    setNotice(null);
    const changed = !sameText(fromEditable(next), doc.current.text);
    storeDraft(userId, doc.id, changed ? { baseVersion, text: next, at: new Date().toISOString() } : null);
  };
  const setSection = (i: number, change: Partial<EditableSection>) => edit({ ...editor, sections: editor.sections.map((s, k) => (k === i ? { ...s, ...change } : s)) });

  /** The newest version from the server, the editor's words kept (after a 409), or replaced (`keep` false). */
  const takeLatest = async (keep: boolean) => {
    setBusy('reload');
    try {
      const latest = await get<DocumentResponse>(`${base}/${doc.id}`);
      setDoc(latest);
      setBaseVersion(latest.version);
      setConflict(false);
      setErrors(NO_ERRORS);
      if (keep) {
        // The words as typed here over the version they were typed on (`doc`, still that one), merged with the newest.
        const merged = mergeTexts(doc.current.text, editor, latest.current.text);
        setEditor(merged.text);
        setTheirs(new Set(merged.both));
        storeDraft(userId, doc.id, { baseVersion: latest.version, text: merged.text, at: new Date().toISOString() });
        setNotice({ kind: 'info', text: t('promises.doc.conflictTaken', { version: latest.version }) });
      } else {
        setEditor(toEditable(latest.current.text));
        setTheirs(new Set());
        setRestoredAt(null);
        storeDraft(userId, doc.id, null);
        setNotice({ kind: 'info', text: t('promises.doc.discarded', { version: latest.version }) });
      }
    } catch (e) {
      setNotice({ kind: 'error', text: promiseErrors(e, t, []).general.join(' ') });
    } finally {
      setBusy(null);
    }
  };

  const known = ['text.title', ...editor.sections.flatMap((_, i) => [`text.sections.${i}`, `text.sections.${i}.key`, `text.sections.${i}.heading`, `text.sections.${i}.paragraphs`])];
  const target = (f: string) =>
    f === 'text.title' ? 'doc-title' : /^text\.sections\.(\d+)\.(heading|key)$/.exec(f) ? `sec-${f.split('.')[2]}-heading` : /^text\.sections\.(\d+)/.exec(f) ? `sec-${f.split('.')[2]}-body` : undefined;

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    setNotice(null);
    const local = checkText(editor, t);
    if (Object.keys(local.fields).length) {
      setErrors(local);
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    setBusy('save');
    setErrors(NO_ERRORS);
    try {
      const saved = await patch<DocumentResponse>(`${base}/${doc.id}`, { version: baseVersion, text: fromEditable(editor) });
      setDoc(saved);
      setEditor(toEditable(saved.current.text));
      setBaseVersion(saved.version);
      setTheirs(new Set());
      setRestoredAt(null);
      storeDraft(userId, doc.id, null);
      setNotice({ kind: 'success', text: t('promises.doc.saved', { version: saved.version }) });
    } catch (e) {
      if (isVersionConflict(e)) {
        setConflict(true);
        storeDraft(userId, doc.id, { baseVersion, text: editor, at: new Date().toISOString() });
      } else if (isNetworkError(e)) {
        setNotice({ kind: 'error', text: t('promises.doc.offline') });
      } else {
        setErrors(promiseErrors(e, t, known, (f) => {
          if (f === 'text.title') return editor.title;
          const m = /^text\.sections\.(\d+)(?:\.(heading|paragraphs))?/.exec(f);
          const s = m ? editor.sections[Number(m[1])] : undefined;
          return s && (m![2] === 'heading' ? s.heading : m![2] === 'paragraphs' ? s.body : `${s.heading}\n${s.body}`);
        }));
        requestAnimationFrame(() => summaryRef.current?.focus());
      }
    } finally {
      setBusy(null);
    }
  };

  const publish = async () => {
    setBusy('publish');
    setNotice(null);
    try {
      const published = await post<DocumentResponse>(`${base}/${doc.id}/publish`, { version: doc.version });
      setDoc(published);
      setConfirmPublish(false);
      setNotice({ kind: 'success', text: t('promises.doc.publishedNow', { version: published.version }) });
    } catch (e) {
      setConfirmPublish(false);
      if (e instanceof HttpError && e.status === 409) {
        setNotice({ kind: 'error', text: t('promises.doc.publishConflict') });
        await takeLatest(dirty);
      } else setNotice({ kind: 'error', text: promiseErrors(e, t, []).general.join(' ') });
      requestAnimationFrame(() => publishRef.current?.focus());
    } finally {
      setBusy(null);
    }
  };

  const regenerate = async () => {
    setBusy('regenerate');
    setNotice(null);
    try {
      const fresh =
        doc.kind === 'follow_up'
          ? await post<DocumentResponse>(`/api/promises/${doc.promiseId}/follow-ups`, { year: doc.year })
          : doc.kind === 'action_plan'
            ? await post<DocumentResponse>('/api/action-plans', { year: doc.year })
            : await post<DocumentResponse>(`/api/action-plans/${doc.actionPlanId}/follow-ups`, {});
      setDoc(fresh);
      setEditor(toEditable(fresh.current.text));
      setBaseVersion(fresh.version);
      setTheirs(new Set());
      storeDraft(userId, doc.id, null);
      setNotice({ kind: 'success', text: t('promises.doc.regenerated', { version: fresh.version }) });
    } catch (e) {
      setNotice({ kind: 'error', text: promiseErrors(e, t, []).general.join(' ') });
    } finally {
      setBusy(null);
    }
  };

  const planFollowUp = async () => {
    setBusy('planFollowUp');
    try {
      const f = await post<DocumentResponse>(`/api/action-plans/${doc.id}/follow-ups`, {});
      navigate(documentPagePath(f.kind, f.id));
    } catch (e) {
      setNotice({ kind: 'error', text: promiseErrors(e, t, []).general.join(' ') });
    } finally {
      setBusy(null);
    }
  };

  const view = async (version: number) => {
    try {
      setViewed(await get<DocumentResponse>(`${base}/${doc.id}/versions/${version}`));
    } catch (e) {
      setNotice({ kind: 'error', text: promiseErrors(e, t, []).general.join(' ') });
    }
  };

  const generated = doc.current.generated;
  const kindLabel = t(`promises.doc.kind.${doc.kind}`);
  const backTo = doc.promiseId ? `/loften/${doc.promiseId}` : '/loften';
  const publishedElsewhere = doc.publishedVersion !== null && doc.status === 'draft';

  return (
    <div className="document-page">
      <p>
        <Link to={backTo}>← {doc.promiseId ? t('promises.backToPromise') : t('promises.back')}</Link>
      </p>
      <div className="page-head">
        <div>
          <h1>{doc.title}</h1>
          <p className="lead">
            {kindLabel} {doc.year} · <DocumentStatusBadge status={doc.status} /> · <span data-testid="document-version">{t('promises.doc.versionN', { version: doc.version })}</span>
          </p>
        </div>
      </div>

      <div className="doc-state" data-testid="document-state">
        {doc.status === 'published' && doc.current.publishedAt && (
          <div className="notice success">
            <p>{t('promises.doc.isPublished', { version: doc.version, at: formatDateTime(doc.current.publishedAt) })}</p>
          </div>
        )}
        {publishedElsewhere && <p className="notice info">{t('promises.doc.publishedEarlier', { version: doc.publishedVersion })}</p>}
        {doc.publicPath && (
          <p>
            <a href={doc.publicPath} className="button secondary small" data-testid="public-link">
              {t('promises.doc.openPublic')}
            </a>{' '}
            <span className="muted small">{t('promises.doc.publicHint')}</span>
          </p>
        )}
      </div>

      <div className="doc-tools">
        <div>
          <p className="strong-label">{t('promises.doc.files')}</p>
          <DocumentFiles kind={doc.kind} id={doc.id} year={doc.year} version={doc.version} />
          {dirty && <p className="hint">{t('promises.doc.filesUnsaved')}</p>}
        </div>
        {isCoordinator && (
          <div className="doc-actions">
            {doc.status === 'draft' &&
              (confirmPublish ? (
                <ConfirmInline
                  question={t('promises.doc.publishQuestion', { version: doc.version })}
                  confirmLabel={t('promises.doc.publishConfirm', { version: doc.version })}
                  busy={busy === 'publish'}
                  onConfirm={() => void publish()}
                  onCancel={() => {
                    setConfirmPublish(false);
                    requestAnimationFrame(() => publishRef.current?.focus());
                  }}
                  testId="confirm-publish"
                />
              ) : (
                <button ref={publishRef} type="button" className="button" disabled={dirty || conflict || !!busy} aria-describedby={dirty ? 'publish-hint' : undefined} onClick={() => setConfirmPublish(true)} data-testid="publish">
                  {t('promises.doc.publish', { version: doc.version })}
                </button>
              ))}
            {dirty && doc.status === 'draft' && (
              <p id="publish-hint" className="hint">
                {t('promises.doc.saveFirst')}
              </p>
            )}
            <button type="button" className="button secondary" disabled={dirty || !!busy} aria-describedby="regenerate-hint" onClick={() => void regenerate()} data-testid="regenerate">
              {t('promises.doc.regenerate')}
            </button>
            <p id="regenerate-hint" className="hint">
              {dirty ? t('promises.doc.saveFirst') : t('promises.doc.regenerateHint')}
            </p>
            {doc.kind === 'action_plan' && (
              <button type="button" className="button secondary" disabled={!!busy} onClick={() => void planFollowUp()} data-testid="plan-follow-up">
                {t('promises.doc.planFollowUp')}
              </button>
            )}
          </div>
        )}
      </div>

      <div aria-live="polite" className="doc-notices">
        {notice && (
          <div className={`notice ${notice.kind}`} data-testid="document-notice">
            <p>{notice.text}</p>
            {notice.kind === 'success' && doc.publicPath && doc.status === 'published' && (
              <p>
                <a href={doc.publicPath}>{t('promises.doc.openPublic')}</a>
              </p>
            )}
          </div>
        )}
      </div>
      {conflict && (
        <div className="notice warning" role="alert" data-testid="document-conflict">
          <p>{t('promises.doc.conflict')}</p>
          <div className="actions">
            <button type="button" className="button small" disabled={!!busy} onClick={() => void takeLatest(true)} data-testid="take-latest">
              {t('promises.doc.takeLatestKeep')}
            </button>
            <button type="button" className="button secondary small" disabled={!!busy} onClick={() => void takeLatest(false)}>
              {t('promises.doc.takeLatestDiscard')}
            </button>
          </div>
        </div>
      )}
      {restoredAt && dirty && !conflict && (
        <div className="notice info" data-testid="restored-notice">
          <p>{t('promises.doc.restored', { at: formatDateTime(restoredAt) })}</p>
          <button type="button" className="button secondary small" onClick={() => void takeLatest(false)}>
            {t('promises.doc.discard')}
          </button>
        </div>
      )}

      <div className="doc-layout">
        <form onSubmit={save} noValidate className="doc-editor" aria-labelledby="editor-h" data-testid="document-editor">
          <h2 id="editor-h">{isCoordinator ? t('promises.doc.editorTitle') : t('promises.doc.readerTitle')}</h2>
          {isCoordinator && <p className="muted small">{t('promises.doc.editorIntro')}</p>}
          <ErrorSummary errors={errors} summaryRef={summaryRef} target={target} />
          {isCoordinator ? (
            <>
              <div className={`field${errors.fields['text.title'] ? ' has-error' : ''}`}>
                <label htmlFor="doc-title">{t('promises.doc.titleLabel')}</label>
                {errors.fields['text.title'] && <p className="field-error">{errors.fields['text.title']}</p>}
                <input id="doc-title" type="text" className="wide" value={editor.title} onChange={(e) => edit({ ...editor, title: e.target.value })} aria-invalid={!!errors.fields['text.title'] || undefined} />
              </div>
              <ol className="plain-list sections">
                {editor.sections.map((s, i) => {
                  const gen = sectionOf(generated, s.key);
                  const changed = sectionDiffers(s, generated);
                  const sp = `text.sections.${i}`;
                  const headingError = errors.fields[`${sp}.heading`] ?? errors.fields[`${sp}.key`];
                  return (
                    <li key={s.key} className={`doc-section level-${s.level}${theirs.has(s.key) ? ' theirs' : ''}`} data-testid="doc-section" data-key={s.key}>
                      <fieldset className="section-fieldset">
                        <legend>
                          {s.heading || gen?.heading || t('promises.doc.newSection')}{' '}
                          <span className={`badge section-state ${!gen ? 'own' : changed ? 'changed' : 'same'}`}>{!gen ? t('promises.doc.own') : changed ? t('promises.doc.changed') : t('promises.doc.asGenerated')}</span>
                        </legend>
                        <div className="section-grid">
                          <div className="section-edit">
                            <div className={`field${headingError ? ' has-error' : ''}`}>
                              <label htmlFor={`sec-${i}-heading`}>{s.level === 1 ? t('promises.doc.heading') : t('promises.doc.subheading')}</label>
                              {headingError && <p className="field-error">{headingError}</p>}
                              <input id={`sec-${i}-heading`} type="text" className="wide" value={s.heading} onChange={(e) => setSection(i, { heading: e.target.value })} aria-invalid={!!headingError || undefined} />
                            </div>
                            <SectionText
                              id={`sec-${i}-body`}
                              label={t('promises.doc.sectionText')}
                              hint={t('promises.doc.sectionHint')}
                              value={s.body}
                              onChange={(v) => setSection(i, { body: v })}
                              serverError={errors.fields[`${sp}.paragraphs`] ?? errors.fields[sp]}
                            />
                            {theirs.has(s.key) && (
                              <details className="theirs-text" data-testid="their-text">
                                <summary>{t('promises.doc.theirText', { version: doc.version })}</summary>
                                {(sectionOf(savedText, s.key)?.paragraphs ?? []).map((p, k) => (
                                  <p key={k}>{p}</p>
                                ))}
                                <button
                                  type="button"
                                  className="button secondary small"
                                  onClick={() => {
                                    const saved = sectionOf(savedText, s.key);
                                    if (saved) setSection(i, { heading: saved.heading, body: saved.paragraphs.join('\n\n') });
                                    setTheirs((x) => new Set([...x].filter((k) => k !== s.key)));
                                  }}
                                >
                                  {t('promises.doc.useTheirs')}
                                </button>
                              </details>
                            )}
                            <div className="row-actions">
                              {gen && changed && (
                                <button type="button" className="button secondary small" onClick={() => setSection(i, { heading: gen.heading, body: gen.paragraphs.join('\n\n') })}>
                                  {t('promises.doc.useGenerated')}
                                  <span className="visually-hidden"> – {gen.heading}</span>
                                </button>
                              )}
                              {!gen && (
                                <button type="button" className="button secondary small" onClick={() => edit({ ...editor, sections: editor.sections.filter((_, k) => k !== i) })}>
                                  {t('promises.doc.removeSection')}
                                  <span className="visually-hidden"> – {s.heading}</span>
                                </button>
                              )}
                            </div>
                          </div>
                          <GeneratedText section={gen} open={wide} />
                        </div>
                      </fieldset>
                    </li>
                  );
                })}
              </ol>
              <p>
                <button
                  type="button"
                  className="button secondary small"
                  disabled={editor.sections.length >= 300}
                  onClick={() => {
                    const next = { ...editor, sections: [...editor.sections, { key: newSectionKey(editor.sections), level: 1 as const, heading: '', body: '' }] };
                    edit(next);
                    requestAnimationFrame(() => document.getElementById(`sec-${next.sections.length - 1}-heading`)?.focus());
                  }}
                  data-testid="add-section"
                >
                  {t('promises.doc.addSection')}
                </button>
              </p>
              <div className="save-bar">
                <button type="submit" className="button" disabled={!!busy || conflict || !dirty} data-testid="save-document">
                  {busy === 'save' ? t('promises.doc.saving') : t('promises.doc.save')}
                </button>
                <span className="muted small" data-testid="dirty-state">
                  {dirty ? t('promises.doc.unsaved') : t('promises.doc.allSaved')}
                </span>
              </div>
            </>
          ) : (
            <div className="doc-read">
              {doc.current.text.sections.map((s) => (
                <section key={s.key} aria-label={s.heading}>
                  {s.level === 1 ? <h3>{s.heading}</h3> : <h4>{s.heading}</h4>}
                  {s.paragraphs.map((p, i) => (
                    <p key={i}>{p}</p>
                  ))}
                </section>
              ))}
            </div>
          )}
        </form>

        <aside className="doc-side" aria-label={t('promises.doc.sideLabel')}>
          <FiguresSummary figures={doc.figures} />
          <section aria-labelledby="versions-h" className="card versions">
            <h2 id="versions-h" className="h3">
              {t('promises.doc.versions')}
            </h2>
            <div className="table-wrap" role="region" aria-labelledby="versions-caption" tabIndex={0}>
              <table className="table" data-testid="versions">
                <caption id="versions-caption" className="visually-hidden">
                  {t('promises.doc.versionsCaption')}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('promises.doc.col.version')}</th>
                    <th scope="col">{t('promises.doc.col.origin')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('promises.doc.col.show')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {doc.versions.map((v) => (
                    <tr key={v.version} data-version={v.version}>
                      <th scope="row">
                        {v.version} {v.status === 'published' && <DocumentStatusBadge status="published" />}
                      </th>
                      <td>
                        {t(`promises.doc.origin.${v.origin}`)}
                        <br />
                        <time className="muted small" dateTime={v.createdAt}>
                          {formatDateTime(v.createdAt)}
                        </time>
                      </td>
                      <td>
                        <button type="button" className="button secondary small" onClick={() => void view(v.version)}>
                          {t('promises.doc.show')}
                          <span className="visually-hidden"> {t('promises.doc.versionN', { version: v.version })}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </aside>
      </div>

      {viewed && (
        <section aria-labelledby="viewed-h" className="card viewed-version" data-testid="viewed-version">
          <h2 id="viewed-h" ref={viewedRef} tabIndex={-1}>
            {t('promises.doc.viewedTitle', { version: viewed.current.version })}
          </h2>
          <p className="muted small">
            {t(`promises.doc.origin.${viewed.current.origin}`)} · {formatDateTime(viewed.current.createdAt)}
            {viewed.current.createdBy && ` · ${viewed.current.createdBy.name}`}
          </p>
          <DocumentFiles kind={doc.kind} id={doc.id} year={doc.year} version={viewed.current.version} versionPath />
          <div className="doc-read">
            <p className="strong-label">{viewed.current.text.title}</p>
            {viewed.current.text.sections.map((s) => (
              <div key={s.key}>
                <h3 className={s.level === 2 ? 'h4' : undefined}>{s.heading}</h3>
                {s.paragraphs.map((p, i) => (
                  <p key={i}>{p}</p>
                ))}
              </div>
            ))}
          </div>
          <div className="actions">
            {isCoordinator && (
              <button
                type="button"
                className="button secondary small"
                onClick={() => {
                  edit(toEditable(viewed.current.text));
                  setViewed(null);
                  setNotice({ kind: 'info', text: t('promises.doc.startedFrom', { version: viewed.current.version }) });
                }}
              >
                {t('promises.doc.startFrom', { version: viewed.current.version })}
              </button>
            )}
            <button type="button" className="button secondary small" onClick={() => setViewed(null)}>
              {t('promises.doc.close')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
