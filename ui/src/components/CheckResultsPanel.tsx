import { Alert, Group, Loader, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useAsync } from '../hooks/useAsync';
import { useDebounced } from '../hooks/useDebounced';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { listCheckResults } from '../ipc/checks';
import type { CheckResult } from '../ipc/types';
import { formatDateTime } from '../lib/time';
import { CheckStateBadge, formatMs } from './checkStyle';

/** Stored check results, newest first, filtered by environment and check name. */
export function CheckResultsPanel({ onOpen }: { onOpen: (result: CheckResult) => void }) {
  const [environment, setEnvironment] = useState('');
  const [name, setName] = useState('');
  const envFilter = useDebounced(environment.trim(), 250);
  const nameFilter = useDebounced(name.trim(), 250);
  const results = useAsync(
    () => listCheckResults({ environment: envFilter || null, name: nameFilter || null, limit: 200 }),
    [envFilter, nameFilter],
    'Check results',
  );
  useWorkspaceChanged((c) => {
    if (c.entity === 'check_result') results.reload();
  });
  useWorkspaceHead(() => results.reload());

  return (
    <Stack>
      <Group>
        <TextInput
          label="Environment"
          placeholder="any"
          value={environment}
          onChange={(e) => setEnvironment(e.currentTarget.value)}
          data-testid="results-environment"
        />
        <TextInput
          label="Check"
          placeholder="any"
          leftSection={<IconSearch size={16} />}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="results-name"
        />
      </Group>
      <Text size="xs" c="dimmed">
        Names match exactly. Each result is kept as evidence, with what was observed.
      </Text>
      {results.error && <Alert color="red">{results.error.message}</Alert>}
      {results.loading && !results.data ? (
        <Loader />
      ) : (results.data ?? []).length === 0 ? (
        <Alert color="gray" title="No results">
          Run a suite from the Suites tab; its results appear here.
        </Alert>
      ) : (
        <Table highlightOnHover verticalSpacing="xs" data-testid="results-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Check</Table.Th>
              <Table.Th>Environment</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th ta="right">Latency</Table.Th>
              <Table.Th>Message</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(results.data ?? []).map((r) => (
              <Table.Tr key={r.id} className="clickable-row" onClick={() => onOpen(r)} data-testid={`result-row-${r.id}`} data-status={r.status}>
                <Table.Td>
                  <Text size="sm">{formatDateTime(r.started_at)}</Text>
                </Table.Td>
                <Table.Td>
                  <Text fw={600}>{r.name}</Text>
                </Table.Td>
                <Table.Td>{r.environment}</Table.Td>
                <Table.Td>
                  <CheckStateBadge state={r.status} size="sm" />
                </Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatMs(r.latency_ms)}
                </Table.Td>
                <Table.Td maw={420}>
                  <Text size="sm" lineClamp={1}>
                    {r.message}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
