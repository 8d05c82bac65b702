import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FeedEvent } from '#contracts';
import { getAll } from './api.js';
import { feed } from './feed.js';
import { onOutboxSent, type OutboxSent } from './outbox.js';

/** A record the feed and REST both deliver, in any order: the later copy has the higher version, then seq. */
export interface Versioned {
  id: string;
  version: number;
  seq: number;
}

/** Keeps the newer of two copies of a record (the feed and REST may deliver them in any order). */
export function newerCopy<T extends Versioned>(a: T | undefined, b: T): boolean {
  return !a || b.version > a.version || (b.version === a.version && b.seq >= a.seq);
}

export interface LiveListOptions<T extends Versioned> {
  /** The list's REST path with its query string; every page is loaded (up to `limit`) whenever it changes. */
  path: string;
  limit: number;
  /** Whether a record belongs in the list (a copy that no longer does leaves it). Read on every change, not a dependency. */
  matches: (r: T) => boolean;
  /** The record a feed event carries for this list, if it carries one. */
  fromFeed: (e: FeedEvent) => T | undefined;
  /** The record a write sent from this tab's outbox answered with, if it is one of this list's. */
  fromOutbox: (s: OutboxSent) => T | undefined;
  /** The list's order. */
  compare: (a: T, b: T) => number;
}

/** How long a row that arrived or changed live stays highlighted. */
const FRESH_MS = 6000;

/**
 * A list loaded through REST and then kept current by the live feed and by this tab's own sent writes, reloaded
 * after a resync: what the live picture, the triage queue and the efforts list have in common. Copies that arrive
 * live are applied once per animation frame (a burst of events renders once), the newer copy of each record wins,
 * and what arrived while the list was loading is kept. A row is highlighted for a few seconds when it is new to the
 * list or changed, not when a replay on reconnect repeats what the list has. `apply`: a record this tab changed
 * (the answer of its own write), shown at once rather than when its event comes.
 */
export function useLiveList<T extends Versioned>(o: LiveListOptions<T>) {
  const [records, setRecords] = useState<Map<string, T>>(new Map());
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(undefined);
  const [tick, setTick] = useState(0);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const opts = useRef(o);
  opts.current = o;
  const current = useRef(records);
  current.current = records;
  const pending = useRef<T[]>([]);
  const frame = useRef<number | null>(null);
  const { path, limit } = o;

  useEffect(() => {
    let live = true;
    setLoading(true);
    setError(undefined);
    getAll<T>(path, limit).then(
      (items) => {
        if (!live) return;
        const m = new Map<string, T>();
        for (const r of items) m.set(r.id, r);
        feed.noteSeq(Math.max(0, ...items.map((r) => r.seq)));
        // Keep what arrived live while the list was loading.
        setRecords((old) => {
          for (const r of old.values()) if (opts.current.matches(r) && newerCopy(m.get(r.id), r)) m.set(r.id, r);
          return m;
        });
        setLoading(false);
      },
      (e) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [path, limit, tick]);

  const flush = useCallback(() => {
    frame.current = null;
    const batch = pending.current;
    pending.current = [];
    const before = current.current;
    const changed = batch.filter((r) => {
      const had = before.get(r.id);
      return opts.current.matches(r) && (!had || r.version > had.version || r.seq > had.seq);
    }).map((r) => r.id);
    setRecords((old) => {
      const m = new Map(old);
      for (const r of batch) {
        if (opts.current.matches(r)) {
          if (newerCopy(m.get(r.id), r)) m.set(r.id, r);
        } else m.delete(r.id);
      }
      return m;
    });
    if (!changed.length) return;
    setFresh((old) => new Set([...old, ...changed]));
    // Highlighted for a few seconds only (a row that scrolls back into view should not flash again).
    window.setTimeout(() => setFresh((old) => {
      const s = new Set(old);
      for (const id of changed) s.delete(id);
      return s;
    }), FRESH_MS);
  }, []);

  const apply = useCallback(
    (r: T) => {
      pending.current.push(r);
      if (frame.current === null) frame.current = requestAnimationFrame(flush);
    },
    [flush],
  );

  useEffect(() => feed.onEvent((e) => {
    const r = opts.current.fromFeed(e);
    if (r) apply(r);
  }), [apply]);
  useEffect(() => onOutboxSent((s) => {
    const r = opts.current.fromOutbox(s);
    if (r) apply(r);
  }), [apply]);
  useEffect(() => feed.onResync(() => setTick((t) => t + 1)), []);
  useEffect(() => () => {
    if (frame.current !== null) cancelAnimationFrame(frame.current);
  }, []);

  const items = useMemo(() => [...records.values()].sort((a, b) => opts.current.compare(a, b)), [records]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { items, loading, error, fresh, reload, apply };
}
