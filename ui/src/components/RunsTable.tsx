import { Badge, Progress, Table, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { Environment, RunSummary } from '../ipc/types';
import { runAttention } from '../lib/attention';
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
          <Table.Th w={56}>Run</Table.Th>
          <Table.Th>Release</Table.Th>
          {showRunbook && <Table.Th>Runbook</Table.Th>}
          <Table.Th>Environment</Table.Th>
          <Table.Th>State</Table.Th>
          <Table.Th w={150}>Progress</Table.Th>
          <Table.Th>Created</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.map((run) => {
          const pct = run.total_steps === 0 ? 0 : (run.settled_steps / run.total_steps) * 100;
          const attention = runAttention(run.state, run.failed_steps, run.blocked_steps);
          const barColour = attention?.colour ?? (run.state === 'completed' ? 'green' : 'blue');
          return (
            <Table.Tr
              key={run.id}
              className="clickable-row"
              onClick={() => onOpen(run.id)}
              data-testid={`run-row-${run.id}`}
              data-state={run.state}
              data-attention={attention ? attention.colour : undefined}
            >
              <Table.Td>
                <Text c="dimmed" size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  #{run.id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fw={600}>{run.release}</Text>
              </Table.Td>
              {showRunbook && <Table.Td>{run.title}</Table.Td>}
              <Table.Td>
                {/* max-content: the table gives the badges their full width and wraps the titles instead. */}
                <div style={{ width: 'max-content' }}>
                  <EnvironmentBadge name={run.environment} environment={environments.find((e) => e.name === run.environment)} size="sm" />
                </div>
              </Table.Td>
              <Table.Td>
                {attention ? (
                  <>
                    <Badge
                      color={attention.colour}
                      size="sm"
                      variant="filled"
                      leftSection={<IconAlertTriangle size={12} />}
                      style={{ width: 'max-content', maxWidth: 'none' }}
                      data-testid="run-row-attention"
                    >
                      Needs attention
                    </Badge>
                    <Text size="xs" c={attention.colour} fw={600} mt={2}>
                      {attention.detail}
                    </Text>
                  </>
                ) : (
                  <div style={{ width: 'max-content' }}>
                    <RunStateBadge state={run.state} size="sm" />
                  </div>
                )}
              </Table.Td>
              <Table.Td>
                <Progress value={pct} color={barColour} size="md" />
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
