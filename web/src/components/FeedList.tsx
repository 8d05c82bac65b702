import { useRef } from 'react';
import { Link } from 'react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import type { ReportResponse } from '#contracts';
import { categoryLabel, formatDateTime } from '../lib/i18n.js';
import { SeverityBadge, StatusBadge } from './Badges.js';

/**
 * The live feed list, virtualised: only the rows in view are in the DOM, so 5,000 reports scroll smoothly.
 * Every row is a link, so the list works with the keyboard and a screen reader (aria-setsize/posinset tell the
 * full length).
 */
export function FeedList({ reports, fresh, label, onHover }: { reports: ReportResponse[]; fresh?: Set<string>; label: string; onHover?: (id: string | null) => void }) {
  const { t } = useTranslation();
  const parent = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: reports.length,
    getScrollElement: () => parent.current,
    estimateSize: () => 112,
    overscan: 8,
    getItemKey: (i) => reports[i].id,
  });

  if (!reports.length) return <p className="empty">{t('live.empty')}</p>;

  return (
    <div ref={parent} className="feed-scroll" data-testid="feed-list">
      <ul aria-label={label} className="feed-list" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((v) => {
          const r = reports[v.index];
          return (
            <li
              key={v.key}
              data-index={v.index}
              ref={virtualizer.measureElement}
              aria-setsize={reports.length}
              aria-posinset={v.index + 1}
              className={`feed-item${fresh?.has(r.id) ? ' fresh' : ''}`}
              style={{ transform: `translateY(${v.start}px)` }}
              data-report-id={r.id}
            >
              <Link to={`/rapporter/${r.id}`} onMouseEnter={() => onHover?.(r.id)} onMouseLeave={() => onHover?.(null)} onFocus={() => onHover?.(r.id)} onBlur={() => onHover?.(null)}>
                <span className="feed-title">
                  <SeverityBadge severity={r.severity} />
                  <strong>{categoryLabel(r.category)}</strong>
                  <StatusBadge status={r.status} />
                </span>
                <span className="feed-place">{[r.place?.name, r.area?.name].filter(Boolean).join(', ') || t('report.noPlace')}</span>
                <span className="feed-desc">{r.description}</span>
                <span className="feed-meta">
                  <time dateTime={r.observedAt}>{formatDateTime(r.observedAt)}</time> · {r.organisation.name}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
