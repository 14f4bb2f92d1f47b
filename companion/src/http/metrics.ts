/** Prometheus metrics: request counts and latency by route, connections by state. */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConnectionStore } from '../store/connection-store.js';

export interface Metrics {
  registry: Registry;
  requests: Counter<'method' | 'route' | 'status'>;
  latency: Histogram<'method' | 'route'>;
}

export function createMetrics(connections: ConnectionStore): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'rox_companion_' });
  const requests = new Counter({
    name: 'rox_companion_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'rox_companion_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'rox_companion_connections',
    help: 'Connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const counts: Record<string, number> = { pending: 0, ready: 0, action_required: 0, error: 0 };
      for (const c of await connections.list()) counts[c.state] = (counts[c.state] ?? 0) + 1;
      for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
    },
  });
  return { registry, requests, latency };
}
