// Loaded on demand (React.lazy): the chart library is the heaviest part of the Checks page.
import '@mantine/charts/styles.css';

import { ScatterChart, type ScatterChartSeries } from '@mantine/charts';
import { Text } from '@mantine/core';
import type { CheckResult, CheckStatus } from '../ipc/types';
import { formatDateTime } from '../lib/time';
import { CHECK_COLOUR, CHECK_LABEL } from './checkStyle';

const STATUSES: CheckStatus[] = ['pass', 'warn', 'fail', 'inconclusive'];

/** Points of a check's latency over time, one series per status so each is coloured by it. */
export function latencySeries(results: readonly CheckResult[]): ScatterChartSeries[] {
  return STATUSES.map((status) => ({
    name: CHECK_LABEL[status],
    color: `${CHECK_COLOUR[status]}.6`,
    data: results
      .filter((r) => r.status === status)
      .flatMap((r) => {
        const at = Date.parse(r.started_at);
        const ms = r.latency_ms ?? r.duration_ms;
        return Number.isNaN(at) ? [] : [{ at, ms }];
      })
      .sort((a, b) => a.at - b.at),
  })).filter((s) => s.data.length > 0);
}

/** A check's latency history: one point per stored result, coloured by its status. */
export default function LatencyChart({ results }: { results: readonly CheckResult[] }) {
  const series = latencySeries(results);
  if (series.length === 0) return <Text c="dimmed" size="sm">No results yet.</Text>;
  return (
    <ScatterChart
      h={200}
      data={series}
      dataKey={{ x: 'at', y: 'ms' }}
      unit={{ y: ' ms' }}
      withLegend
      valueFormatter={{ x: (v) => formatDateTime(new Date(v).toISOString()), y: (v) => `${v}` }}
      xAxisProps={{ type: 'number', domain: ['dataMin', 'dataMax'], tickFormatter: (v: number) => shortTime(v) }}
      data-testid="latency-chart"
    />
  );
}

function shortTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
