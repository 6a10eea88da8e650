// Loaded on demand (React.lazy): the chart library is the heaviest part of the app.
import '@mantine/charts/styles.css';

import { LineChart } from '@mantine/charts';
import { Alert, Anchor, Badge, Card, Group, Loader, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { compareRuns, type BurnPoint, type RunComparison } from '../ipc/compare';
import { getRun } from '../ipc/runs';
import type { Route } from '../lib/route';
import { formatDuration } from '../lib/time';

const THRESHOLDS = [1, 5, 10, 15, 30];

/** Seconds as the app writes durations everywhere (`12m 30s`), or a dash. */
function dur(s: number | null): string {
  return s === null ? '—' : formatDuration(s * 1000);
}

/** The three burndowns on one minute axis: steps left at each minute where any of them changed. */
function burndownRows(c: RunComparison): Record<string, number | null>[] {
  const series: [string, BurnPoint[]][] = [
    ['Planned', c.planned_burndown],
    ['Rehearsal', c.rehearsed_burndown],
    ['Live', c.actual_burndown],
  ];
  const minutes = [...new Set(series.flatMap(([, pts]) => pts.map((p) => Math.round(p.offset_s / 60))))].sort((a, b) => a - b);
  const at = (pts: BurnPoint[], minute: number) => {
    // A step function: the last point at or before the minute; nothing past the series' end.
    let value: number | null = null;
    for (const p of pts) if (Math.round(p.offset_s / 60) <= minute) value = p.remaining;
    const last = pts[pts.length - 1];
    return last && minute > Math.round(last.offset_s / 60) ? null : value;
  };
  return minutes.map((m) => Object.fromEntries([['minute', m], ...series.map(([name, pts]) => [name, at(pts, m)])]));
}

/** A live run beside its rehearsal: totals, the burndowns against the plan, and every step with its slip. */
export function ComparePage({ id, go }: { id: number; go: (route: Route) => void }) {
  const [threshold, setThreshold] = useState(5);
  const comparison = useAsync(() => compareRuns(id, null, threshold * 60), [id, threshold], 'Comparison');
  const live = useAsync(() => getRun(id), [id], 'Run');
  const rehearsalId = comparison.data?.rehearsal_run ?? null;
  const rehearsal = useAsync(() => (rehearsalId === null ? Promise.resolve(null) : getRun(rehearsalId)), [rehearsalId], 'Rehearsal');
  useWorkspaceHead(() => comparison.reload());

  const back = (
    <Anchor component="button" onClick={() => go({ page: 'run', id })} style={{ alignSelf: 'flex-start' }} data-testid="compare-back">
      ← Back to the run
    </Anchor>
  );
  if (comparison.error)
    return (
      <Stack>
        {back}
        <Alert color="gray" title="Nothing to compare with" data-testid="compare-error">
          {comparison.error.message}. A rehearsal is a run started with <code>--rehearsal</code> (for example on staging) of the
          same runbook.
        </Alert>
      </Stack>
    );
  const c = comparison.data;
  if (!c) return <Loader />;
  const r = rehearsal.data;
  return (
    <Stack data-testid="compare-page">
      {back}
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>
            {live.data?.release ?? `Run ${c.live_run}`} compared with its rehearsal
          </Title>
          <Text c="dimmed" size="sm">
            Live: run #{c.live_run}
            {live.data && ` on ${live.data.environment}`} · rehearsal: run #{c.rehearsal_run}
            {r && ` (${r.release} on ${r.environment})`} · {live.data?.snapshot.title}
          </Text>
        </div>
        <NativeSelect
          label="A step slipped when it took longer by"
          value={String(threshold)}
          onChange={(e) => setThreshold(Number(e.currentTarget.value))}
          data={THRESHOLDS.map((t) => ({ value: String(t), label: `${t} min` }))}
          data-testid="compare-threshold"
        />
      </Group>

      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
        {[
          ['Planned', dur(c.planned_total_s), 'compare-planned'],
          ['Rehearsal', dur(c.rehearsed_total_s), 'compare-rehearsed'],
          ['Live', dur(c.actual_total_s), 'compare-live'],
          ['Steps that slipped', String(c.slipped), 'compare-slipped'],
        ].map(([label, value, testId]) => (
          <Card key={testId} withBorder padding="sm">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              {label}
            </Text>
            <Text fw={800} fz={26} c={testId === 'compare-slipped' && c.slipped > 0 ? 'red' : undefined} data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {value}
            </Text>
          </Card>
        ))}
      </SimpleGrid>

      <Card withBorder padding="md" data-testid="compare-burndown">
        <Title order={4} mb="sm">
          Steps left, minute by minute
        </Title>
        <LineChart
          h={240}
          data={burndownRows(c)}
          dataKey="minute"
          curveType="stepAfter"
          connectNulls={false}
          withDots={false}
          xAxisLabel="Minutes from the start"
          xAxisProps={{ type: 'number', domain: ['dataMin', 'dataMax'] }}
          series={[
            { name: 'Planned', color: 'gray.5', strokeDasharray: '5 5' },
            { name: 'Rehearsal', color: 'indigo.6' },
            { name: 'Live', color: 'orange.6' },
          ]}
          withLegend
        />
      </Card>

      <Card withBorder padding={0}>
        <Table verticalSpacing="xs" highlightOnHover data-testid="compare-steps">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={60}>Step</Table.Th>
              <Table.Th>Title</Table.Th>
              <Table.Th ta="right">Planned</Table.Th>
              <Table.Th ta="right">Rehearsal</Table.Th>
              <Table.Th ta="right">Live</Table.Th>
              <Table.Th ta="right">Slip</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {c.steps.map((s) => (
              <Table.Tr key={s.step_id} data-testid={`compare-step-${s.number}`} data-slipped={s.slipped}>
                <Table.Td c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {s.number}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{s.title}</Text>
                  {s.difference && (
                    <Badge size="xs" color="yellow" variant="light">
                      {s.difference}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {dur(s.planned_s)}
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {s.rehearsed_state === 'skipped' ? 'skipped' : dur(s.rehearsed_s)}
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {s.actual_state === 'skipped' ? 'skipped' : dur(s.actual_s)}
                </Table.Td>
                <Table.Td ta="right" fw={s.slipped ? 700 : undefined} c={s.slipped ? 'red' : s.slip_s !== null && s.slip_s < 0 ? 'green' : undefined} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
                  {s.slip_s === null ? '—' : `${s.slip_s > 0 ? '+' : s.slip_s < 0 ? '−' : ''}${dur(Math.abs(s.slip_s))}`}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
