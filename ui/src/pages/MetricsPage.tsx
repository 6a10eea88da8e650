// Loaded on demand (React.lazy): the chart library is the heaviest part of the app.
import '@mantine/charts/styles.css';

import { BarChart, LineChart } from '@mantine/charts';
import { Card, Group, Loader, SegmentedControl, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useAsync } from '../hooks/useAsync';
import { listEnvironments } from '../ipc/environments';
import { deploymentMetrics, type Figures, type Metric } from '../ipc/insight';
import { formatDuration } from '../lib/time';

type Span = '90d' | '1y' | 'all';
const SPAN_DAYS: Record<Span, number | null> = { '90d': 90, '1y': 365, all: null };

/** A figure as people read it: `2.3 per week`, `4h 10m`, `12 %`. */
function show(metric: Metric): string {
  if (metric.value === null) return '—';
  switch (metric.unit) {
    case 'seconds':
      return formatDuration(metric.value * 1000);
    case 'fraction':
      return `${Math.round(metric.value * 1000) / 10} %`;
    case 'deployments_per_week':
      return `${Math.round(metric.value * 10) / 10} per week`;
    default:
      return `${metric.value} ${metric.unit}`;
  }
}

function hours(seconds: number | null): number | null {
  return seconds === null ? null : Math.round((seconds / 3600) * 10) / 10;
}

function Stat({ label, metric, testId, hint }: { label: string; metric: Metric; testId: string; hint: string }) {
  return (
    <Card withBorder padding="md" data-testid={testId} data-value={metric.value ?? ''}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={28} fw={800} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {show(metric)}
      </Text>
      <Text size="xs" c="dimmed">
        {hint.replace('{n}', String(metric.count))}
      </Text>
    </Card>
  );
}

/**
 * Deployment metrics (DORA) from the run history: a completed run on a production-tier environment is a
 * deployment; rolled back, failed, or NO-GO past the point of no return is a failure; rehearsals do not count.
 */
export function MetricsPage() {
  const [environment, setEnvironment] = useState<string | null>(null);
  const [span, setSpan] = useState<Span>('1y');
  const [cut, setCut] = useState<'weekly' | 'monthly'>('weekly');
  const environments = useAsync(() => listEnvironments(), [], 'Environments');
  const query = useMemo(() => {
    const now = new Date();
    const days = SPAN_DAYS[span];
    return {
      environment,
      since: days === null ? null : new Date(now.getTime() - days * 86_400_000).toISOString(),
      until: now.toISOString(),
      utc_offset_min: -now.getTimezoneOffset(),
    };
  }, [environment, span]);
  const metrics = useAsync(() => deploymentMetrics(query), [query], 'Metrics');
  const m = metrics.data;
  const rows = (m ? m[cut] : []).map((f: Figures) => ({
    period: f.key,
    Deployments: f.deployments,
    Failures: f.failures,
    'Lead time (h)': hours(f.lead_time.median_s),
    'Recovery (h)': hours(f.recovery.median_s),
    'Change fail rate (%)': f.change_fail_rate === null ? null : Math.round(f.change_fail_rate * 1000) / 10,
  }));

  return (
    <Stack gap="lg" data-testid="metrics-page">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={2}>Deployment metrics</Title>
          <Text c="dimmed" size="sm">
            From the runs themselves: completed runs on production-tier environments, rehearsals left out.
          </Text>
        </Stack>
        <Group>
          <Select
            placeholder="Every production environment"
            clearable
            data={(environments.data ?? []).map((e) => e.name)}
            value={environment}
            onChange={setEnvironment}
            data-testid="metrics-environment"
          />
          <SegmentedControl
            value={span}
            onChange={(v) => setSpan(v as Span)}
            data={[
              { value: '90d', label: '90 days' },
              { value: '1y', label: 'A year' },
              { value: 'all', label: 'All' },
            ]}
          />
          <SegmentedControl
            value={cut}
            onChange={(v) => setCut(v as 'weekly' | 'monthly')}
            data={[
              { value: 'weekly', label: 'Weeks' },
              { value: 'monthly', label: 'Months' },
            ]}
          />
        </Group>
      </Group>

      {!m ? (
        <Loader />
      ) : (
        <>
          <SimpleGrid cols={{ base: 2, lg: 5 }}>
            <Stat label="Deployment frequency" metric={m.deployment_frequency} testId="metric-frequency" hint="{n} deployments" />
            <Stat label="Change lead time" metric={m.change_lead_time} testId="metric-lead-time" hint="median of {n} with a change time" />
            <Stat label="Change fail rate" metric={m.change_fail_rate} testId="metric-fail-rate" hint="of {n} deployments" />
            <Stat label="Recovery time" metric={m.failed_deployment_recovery_time} testId="metric-recovery" hint="median of {n} recoveries" />
            <Stat label="Rework rate" metric={m.deployment_rework_rate} testId="metric-rework" hint="hotfixes of {n} deployments" />
          </SimpleGrid>

          <Card withBorder padding="md" data-testid="chart-deployments">
            <Title order={4} mb="sm">
              Deployments per {cut === 'weekly' ? 'week' : 'month'}
            </Title>
            <BarChart
              h={220}
              data={rows}
              dataKey="period"
              series={[
                { name: 'Deployments', color: 'indigo.6' },
                { name: 'Failures', color: 'red.6' },
              ]}
              withLegend
            />
          </Card>
          <SimpleGrid cols={{ base: 1, lg: 2 }}>
            <Card withBorder padding="md" data-testid="chart-times">
              <Title order={4} mb="sm">
                Lead time and recovery (median, hours)
              </Title>
              <LineChart
                h={220}
                data={rows}
                dataKey="period"
                connectNulls
                series={[
                  { name: 'Lead time (h)', color: 'teal.6' },
                  { name: 'Recovery (h)', color: 'orange.6' },
                ]}
                withLegend
              />
            </Card>
            <Card withBorder padding="md" data-testid="chart-fail-rate">
              <Title order={4} mb="sm">
                Change fail rate (%)
              </Title>
              <LineChart
                h={220}
                data={rows}
                dataKey="period"
                connectNulls
                series={[{ name: 'Change fail rate (%)', color: 'red.6' }]}
                referenceLines={m.clusters.map((c) => ({ y: Math.round(c.change_fail_rate * 1000) / 10, label: c.name, color: 'gray.5' }))}
                withLegend
              />
              <Text size="xs" c="dimmed" mt="xs" data-testid="clusters-source">
                Reference lines: {m.clusters_source}
              </Text>
            </Card>
          </SimpleGrid>
        </>
      )}
    </Stack>
  );
}
