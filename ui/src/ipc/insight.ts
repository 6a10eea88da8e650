import { call } from './invoke';
import type { Metrics, MetricsQuery } from '../bindings/metrics';

export type { Cluster, Figures, Metric, Metrics, MetricsQuery, Spread } from '../bindings/metrics';

/** DORA figures from the run history (the same path as `runsheet metrics`). */
export const deploymentMetrics = (query: MetricsQuery) => call<Metrics>('deployment_metrics', { query });
