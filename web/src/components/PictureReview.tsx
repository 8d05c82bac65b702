import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { LIMITS, type PictureExclusionResponse, type PictureReport, type PictureSnapshotResponse, type ReportResponse, type WeeklyPictureResponse } from '#contracts';
import { ConfirmInline } from './ConfirmInline.js';
import { PictureReportItem } from './PictureParts.js';
import { PrivacyTextarea } from './PrivacyTextarea.js';
import { del, get, HttpError, post } from '../lib/api.js';
import { formErrors, type FormErrors } from '../lib/errors.js';
import { categoryLabel, formatDateTime, i18n } from '../lib/i18n.js';
import { useAsync } from '../lib/hooks.js';
import { dayAfterWeek, formatDay, weekHasEnded, weekNumber } from '../lib/pictures.js';

const NO_ERRORS: FormErrors = { fields: {}, general: [] };
/** Which report a button is about, for a screen reader: "Skadegörelse – Torget, 17 nov. 2026 21:10". */
const which = (r: PictureReport, t: ReturnType<typeof useTranslation>['t']) =>
  `${categoryLabel(r.category)} – ${r.place?.name ?? r.area?.name ?? t('pictures.unknownPlace')}, ${formatDateTime(r.observedAt)}`;
/** How many of the week's reports are listed before "show all" (the list is for review, not reading). */
const FIRST_ROWS = 25;

/** The API's refusals of the review step in words: its own codes first, then the client's usual words. */
function reviewErrors(e: unknown, t: ReturnType<typeof useTranslation>['t'], fields: string[]): FormErrors {
  if (e instanceof HttpError && e.code && i18n.exists(`pictures.errors.${e.code}`)) return { fields: {}, general: [t(`pictures.errors.${e.code}`)] };
  return formErrors(e, t, fields);
}

/** One report of the week, with "Utelämna" and the reason it asks for. */
function ReviewRow({ r, week, frozen, onExcluded }: { r: PictureReport; week: string; frozen: boolean; onExcluded: (r: PictureReport, x: PictureExclusionResponse) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const fieldId = `reason-${r.id}`;
  // Opened: straight into the reason (the question the form asks).
  useEffect(() => {
    if (open) document.getElementById(fieldId)?.focus();
  }, [open, fieldId]);
  const close = () => {
    setOpen(false);
    setErrors(NO_ERRORS);
    requestAnimationFrame(() => buttonRef.current?.focus());
  };
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    if (!reason.trim()) {
      setErrors({ fields: { reason: t('pictures.review.reasonRequired') }, general: [] });
      requestAnimationFrame(() => document.getElementById(fieldId)?.focus());
      return;
    }
    if (reason.length > LIMITS.text) {
      setErrors({ fields: { reason: t('pictures.review.reasonTooLong', { max: LIMITS.text }) }, general: [] });
      return;
    }
    setBusy(true);
    try {
      const x = await post<PictureExclusionResponse>(`/api/pictures/weekly/${week}/exclusions`, { reportId: r.id, reason: reason.trim() });
      onExcluded(r, x);
    } catch (e) {
      setErrors(reviewErrors(e, t, ['reason']));
      requestAnimationFrame(() => document.getElementById(fieldId)?.focus());
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="review-row" data-testid="review-report" data-report-id={r.id}>
      <div className="review-row-head">
        <PictureReportItem r={r} withDescription />
        {!frozen && (
          <button ref={buttonRef} type="button" className="button secondary small" aria-expanded={open} aria-controls={`exclude-${r.id}`} onClick={() => (open ? close() : setOpen(true))} data-testid="exclude">
            {t('pictures.review.exclude')}
            <span className="visually-hidden">: {which(r, t)}</span>
          </button>
        )}
      </div>
      <div id={`exclude-${r.id}`}>
        {open && (
          <form onSubmit={submit} noValidate className="stack exclude-form" aria-label={t('pictures.review.formLabel')}>
            <PrivacyTextarea
              id={fieldId}
              singleLine
              label={t('pictures.review.reason')}
              hint={t('pictures.review.reasonHint')}
              value={reason}
              onChange={setReason}
              serverError={errors.fields.reason || null}
              required
            />
            {errors.general.length > 0 && (
              <p className="notice error" role="alert">
                {errors.general.join(' ')}
              </p>
            )}
            <div className="row-actions">
              <button type="submit" className="button small" disabled={busy} data-testid="confirm-exclude">
                {t('pictures.review.confirmExclude')}
              </button>
              <button type="button" className="button secondary small" onClick={close}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        )}
      </div>
    </li>
  );
}

/** "Frys veckan" with a confirmation; disabled, with the reason, for a week not yet over. */
function FreezeStep({ week, onFrozen }: { week: string; onFrozen: (s: PictureSnapshotResponse) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const ended = weekHasEnded(week);
  const freeze = async () => {
    setBusy(true);
    setError(null);
    try {
      const s = await post<PictureSnapshotResponse>(`/api/pictures/weekly/${week}/freeze`);
      setConfirming(false);
      onFrozen(s);
    } catch (e) {
      setError(reviewErrors(e, t, []).general.join(' ') || t('errors.unknown'));
      setConfirming(false);
      requestAnimationFrame(() => buttonRef.current?.focus());
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="freeze-step" data-testid="freeze-step">
      <p>{t('pictures.review.freezeIntro')}</p>
      {!ended && (
        <p className="notice info" id="freeze-not-over" data-testid="freeze-not-over">
          {t('pictures.review.notOver', { day: formatDay(dayAfterWeek(week)) })}
        </p>
      )}
      {confirming ? (
        <ConfirmInline
          question={t('pictures.review.freezeQuestion', { week: weekNumber(week) })}
          confirmLabel={t('pictures.review.freezeConfirm')}
          busy={busy}
          onConfirm={() => void freeze()}
          onCancel={() => {
            setConfirming(false);
            requestAnimationFrame(() => buttonRef.current?.focus());
          }}
          testId="confirm-freeze"
        />
      ) : (
        <button ref={buttonRef} type="button" className="button" disabled={!ended} aria-describedby={ended ? undefined : 'freeze-not-over'} onClick={() => setConfirming(true)} data-testid="freeze">
          {t('pictures.review.freeze')}
        </button>
      )}
      {error && (
        <p className="notice error" role="alert" data-testid="freeze-error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * The review step before the week is frozen (coordinators): the week's reports, each of which may be left out with a
 * reason (counted as left out, not shown); those left out, which may be taken back; then "Frys veckan".
 */
export function PictureReview({ picture, onChanged, onFrozen }: { picture: WeeklyPictureResponse; onChanged: () => void; onFrozen: (s: PictureSnapshotResponse) => void }) {
  const { t } = useTranslation();
  const week = picture.period.label;
  const frozen = !!picture.snapshot;
  const [all, setAll] = useState(false);
  const [announce, setAnnounce] = useState('');
  const [known, setKnown] = useState<Record<string, PictureReport>>({});
  const [restoreError, setRestoreError] = useState<string | null>(null);
  const excludedHeading = useRef<HTMLHeadingElement>(null);
  const reportsHeading = useRef<HTMLHeadingElement>(null);
  const exclusions = useAsync(() => get<{ items: PictureExclusionResponse[] }>(`/api/pictures/weekly/${week}/exclusions`).then((p) => p.items), [week, picture.excluded]);
  const items = exclusions.data ?? [];
  // The reports left out in an earlier visit: read once each, to say what they were (only ids are kept with the exclusion).
  const missing = items.map((x) => x.reportId).filter((id) => !known[id]);
  const details = useAsync(
    () => Promise.all(missing.slice(0, 50).map((id) => get<ReportResponse>(`/api/reports/${id}`).then((r) => [id, r] as const, () => [id, null] as const))),
    [missing.join(',')],
  );
  const describe = (id: string): PictureReport | null => known[id] ?? (details.data?.find(([x]) => x === id)?.[1] as PictureReport | null | undefined) ?? null;

  const reports = [...picture.reports].sort((a, b) => a.observedAt.localeCompare(b.observedAt));
  const shown = all ? reports : reports.slice(0, FIRST_ROWS);

  const excluded = (r: PictureReport, x: PictureExclusionResponse) => {
    setKnown((k) => ({ ...k, [r.id]: r }));
    exclusions.setData((d) => [...(d ?? []).filter((i) => i.reportId !== x.reportId), x]);
    setAnnounce(t('pictures.review.excludedDone'));
    onChanged();
    requestAnimationFrame(() => excludedHeading.current?.focus());
  };
  const restore = async (x: PictureExclusionResponse) => {
    setRestoreError(null);
    try {
      await del(`/api/pictures/weekly/${week}/exclusions/${x.reportId}`);
      exclusions.setData((d) => (d ?? []).filter((i) => i.reportId !== x.reportId));
      setAnnounce(t('pictures.review.restoredDone'));
      onChanged();
      requestAnimationFrame(() => reportsHeading.current?.focus());
    } catch (e) {
      setRestoreError(reviewErrors(e, t, []).general.join(' '));
    }
  };

  return (
    <section aria-labelledby="review-h" className="review no-print" data-testid="review">
      <h2 id="review-h">{t('pictures.review.title')}</h2>
      <p className="muted">{frozen ? t('pictures.review.frozenIntro') : t('pictures.review.intro')}</p>
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>

      <h3 className="h3" ref={reportsHeading} tabIndex={-1}>
        {t('pictures.review.reports', { count: picture.reports.length })}
      </h3>
      {picture.reportsTruncated && <p className="muted small">{t('pictures.review.truncated', { count: picture.reports.length })}</p>}
      {reports.length === 0 ? (
        <p className="muted">{t('pictures.noReports')}</p>
      ) : (
        <ul className="plain-list review-list" data-testid="review-reports">
          {shown.map((r) => (
            <ReviewRow key={r.id} r={r} week={week} frozen={frozen} onExcluded={excluded} />
          ))}
        </ul>
      )}
      {reports.length > FIRST_ROWS && (
        <p>
          <button type="button" className="button secondary small" onClick={() => setAll((a) => !a)} aria-expanded={all}>
            {all ? t('pictures.review.showFewer') : t('pictures.review.showAll', { count: reports.length })}
          </button>
        </p>
      )}

      <h3 className="h3" ref={excludedHeading} tabIndex={-1}>
        {t('pictures.review.excludedTitle', { count: items.length })}
      </h3>
      {restoreError && (
        <p className="notice error" role="alert">
          {restoreError}
        </p>
      )}
      {items.length === 0 ? (
        <p className="muted">{t('pictures.review.noneExcluded')}</p>
      ) : (
        <ul className="plain-list review-list" data-testid="excluded-reports">
          {items.map((x) => {
            const r = describe(x.reportId);
            return (
              <li key={x.id} className="review-row" data-testid="excluded-report" data-report-id={x.reportId}>
                <div className="review-row-head">
                  <div>
                    {r ? <PictureReportItem r={r} /> : <Link to={`/rapporter/${x.reportId}`}>{t('pictures.review.reportLink')}</Link>}
                    <p className="small">
                      <strong>{t('pictures.review.reasonShort')}:</strong> {x.reason}
                    </p>
                    <p className="muted small">
                      {t('pictures.review.excludedBy', { organisation: x.excludedBy.name })} <time dateTime={x.createdAt}>{formatDateTime(x.createdAt)}</time>
                    </p>
                  </div>
                  {!frozen && (
                    <button type="button" className="button secondary small" onClick={() => void restore(x)} data-testid="restore">
                      {t('pictures.review.restore')}
                      <span className="visually-hidden">: {r ? which(r, t) : t('pictures.review.reportLink')}</span>
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ul>
      )}

      <h3 className="h3">{t('pictures.review.freezeTitle')}</h3>
      {frozen ? <p data-testid="review-frozen">{t('pictures.review.alreadyFrozen')}</p> : <FreezeStep week={week} onFrozen={onFrozen} />}
    </section>
  );
}

