import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of this node, served as text at /api/metrics. */
@Injectable()
export class FeedMetrics {
  readonly registry = new Registry();
  readonly sockets = new Gauge({ name: 'lagesbild_feed_connected_sockets', help: 'sockets connected to /feed on this node', registers: [this.registry] });
  readonly eventsRead = new Counter({ name: 'lagesbild_feed_events_total', help: 'events read from the event log and fanned out by this node', registers: [this.registry] });
  readonly deliveries = new Counter({ name: 'lagesbild_feed_deliveries_total', help: 'event deliveries to sockets (live and replayed)', labelNames: ['mode'] as const, registers: [this.registry] });
  readonly fanoutLatency = new Histogram({
    name: 'lagesbild_feed_fanout_latency_seconds',
    help: 'from the event being written to its emit to the matching sockets of this node',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly rejected = new Counter({ name: 'lagesbild_feed_rejected_total', help: 'refused handshakes and client events', labelNames: ['reason'] as const, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
