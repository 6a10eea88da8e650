import { Badge, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useAsync } from '../hooks/useAsync';
import { listCheckResults } from '../ipc/checks';
import type { CheckResult, ConditionResult } from '../ipc/types';
import { formatDateTime } from '../lib/time';
import { CheckStateBadge, formatMs } from './checkStyle';

const LatencyChart = lazy(() => import('./LatencyChart'));

/** How a condition came out, as a mark: ✓ held, ✗ did not, – no data. */
export function holdsMark(c: Pick<ConditionResult, 'holds'>): { mark: string; colour: string; label: string } {
  if (c.holds === true) return { mark: '✓', colour: 'teal', label: 'holds' };
  if (c.holds === false) return { mark: '✗', colour: 'red', label: 'does not hold' };
  return { mark: '–', colour: 'gray', label: 'no data' };
}

/** One stored check result: what was observed, each condition, and the check's latency history. */
export function CheckResultDetail({ result }: { result: CheckResult }) {
  const history = useAsync(
    () => listCheckResults({ name: result.name, environment: result.environment, limit: 200 }),
    [result.name, result.environment],
    'Check history',
  );

  return (
    <Stack gap="md" data-testid="check-detail" data-check-name={result.name}>
      <Group justify="space-between" align="flex-start">
        <div>
          <Group gap="xs">
            <Title order={3}>{result.name}</Title>
            <Badge variant="light" color="gray">
              {result.kind}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {result.environment} · {formatDateTime(result.started_at)} · {result.attempts} attempt{result.attempts === 1 ? '' : 's'} · took{' '}
            {formatMs(result.duration_ms)}
            {result.latency_ms !== null && ` · latency ${formatMs(result.latency_ms)}`}
          </Text>
        </div>
        <CheckStateBadge state={result.status} size="lg" />
      </Group>
      {result.message && (
        <Text data-testid="check-detail-message" style={{ whiteSpace: 'pre-wrap' }}>
          {result.message}
        </Text>
      )}

      {result.conditions.length > 0 && (
        <Table withTableBorder verticalSpacing={6} data-testid="check-detail-conditions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40} />
              <Table.Th>Condition</Table.Th>
              <Table.Th>Observed</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {result.conditions.map((c, i) => {
              const m = holdsMark(c);
              return (
                <Table.Tr key={i} data-testid={`condition-${i}`} data-holds={c.holds === null ? 'null' : String(c.holds)}>
                  <Table.Td>
                    <Text c={m.colour} fw={800} title={m.label} aria-label={m.label}>
                      {m.mark}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{c.condition}</Code>
                    {c.warn && (
                      <Badge ml="xs" size="xs" color="yellow" variant="light">
                        warn
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{c.observed}</Text>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}

      <div>
        <Text fw={600} mb={4}>
          Observed
        </Text>
        <Code block data-testid="check-detail-observed" style={{ maxHeight: 320, overflow: 'auto' }}>
          {JSON.stringify(result.observed, null, 2)}
        </Code>
      </div>

      <div>
        <Text fw={600} mb={4}>
          Latency history ({result.environment})
        </Text>
        {history.data ? (
          <Suspense fallback={<Loader size="sm" />}>
            <LatencyChart results={history.data} />
          </Suspense>
        ) : (
          <Loader size="sm" />
        )}
      </div>
    </Stack>
  );
}
