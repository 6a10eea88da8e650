import { Progress, Table, Text } from '@mantine/core';
import type { Environment, RunSummary } from '../ipc/types';
import { formatDateTime } from '../lib/time';
import { EnvironmentBadge } from './EnvironmentBadge';
import { RunStateBadge } from './stateStyle';

/** Runs as a table; a click opens one. */
export function RunsTable({
  runs,
  environments,
  showRunbook = true,
  onOpen,
}: {
  runs: RunSummary[];
  environments: Environment[];
  showRunbook?: boolean;
  onOpen: (id: number) => void;
}) {
  return (
    <Table highlightOnHover verticalSpacing="sm" data-testid="runs-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Release</Table.Th>
          {showRunbook && <Table.Th>Runbook</Table.Th>}
          <Table.Th>Environment</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th w={200}>Progress</Table.Th>
          <Table.Th>Created</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.map((run) => {
          const pct = run.total_steps === 0 ? 0 : (run.settled_steps / run.total_steps) * 100;
          return (
            <Table.Tr
              key={run.id}
              className="clickable-row"
              onClick={() => onOpen(run.id)}
              data-testid={`run-row-${run.id}`}
              data-state={run.state}
            >
              <Table.Td>
                <Text fw={600}>{run.release}</Text>
              </Table.Td>
              {showRunbook && <Table.Td>{run.title}</Table.Td>}
              <Table.Td>
                <EnvironmentBadge name={run.environment} environment={environments.find((e) => e.name === run.environment)} size="sm" />
              </Table.Td>
              <Table.Td>
                <RunStateBadge state={run.state} size="sm" />
              </Table.Td>
              <Table.Td>
                <Progress value={pct} color={run.state === 'completed' ? 'green' : 'blue'} size="md" />
                <Text size="xs" c="dimmed">
                  {run.settled_steps}/{run.total_steps} steps
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatDateTime(run.created_at)}</Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
