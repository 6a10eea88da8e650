import { Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { memo } from 'react';
import { awaitsConfirmation, countStates, rowDurationMs, type ProgressRow, type RowState } from '../lib/checkProgress';
import { CHECK_COLOUR, CHECK_LABEL, CheckStateBadge, formatMs } from './checkStyle';

const SUMMARY: RowState[] = ['pass', 'warn', 'fail', 'inconclusive', 'running', 'retrying', 'queued'];

/** The live table of a check session: a row per check with its state, time and message. */
export function CheckProgressTable({
  rows,
  now,
  onOpen,
  onAnswer,
}: {
  rows: readonly ProgressRow[];
  now: number;
  onOpen: (row: ProgressRow) => void;
  onAnswer: (row: ProgressRow, passed: boolean) => void;
}) {
  return (
    <Table highlightOnHover verticalSpacing="sm" data-testid="check-progress-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Check</Table.Th>
          <Table.Th w={150}>State</Table.Th>
          <Table.Th w={100} ta="right">
            Time
          </Table.Th>
          <Table.Th>Message</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <ProgressLine key={row.name} row={row} durationMs={rowDurationMs(row, now)} onOpen={onOpen} onAnswer={onAnswer} />
        ))}
      </Table.Tbody>
    </Table>
  );
}

const ProgressLine = memo(function ProgressLine({
  row,
  durationMs,
  onOpen,
  onAnswer,
}: {
  row: ProgressRow;
  durationMs: number | null;
  onOpen: (row: ProgressRow) => void;
  onAnswer: (row: ProgressRow, passed: boolean) => void;
}) {
  const ask = awaitsConfirmation(row);
  return (
    <Table.Tr
      className={row.result ? 'clickable-row' : undefined}
      onClick={row.result ? () => onOpen(row) : undefined}
      data-testid={`check-row-${row.name}`}
      data-state={row.state}
      style={{ borderLeft: `4px solid var(--mantine-color-${CHECK_COLOUR[row.state]}-6)` }}
    >
      <Table.Td>
        <Text fw={600}>{row.name}</Text>
        {row.kind && (
          <Text size="xs" c="dimmed">
            {row.kind}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <CheckStateBadge state={row.state} attempt={row.attempt} />
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatMs(durationMs)}
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Text size="sm" lineClamp={2} data-testid={`check-message-${row.name}`}>
            {row.message}
          </Text>
          {ask && (
            <Group gap={6} wrap="nowrap">
              <Tooltip label="I checked it: it is fine">
                <Button
                  size="xs"
                  color="teal"
                  leftSection={<IconCheck size={14} />}
                  onClick={(e) => {
                    e.stopPropagation();
                    onAnswer(row, true);
                  }}
                  data-testid={`check-confirm-${row.name}`}
                >
                  Confirm
                </Button>
              </Tooltip>
              <Button
                size="xs"
                color="red"
                variant="light"
                leftSection={<IconX size={14} />}
                onClick={(e) => {
                  e.stopPropagation();
                  onAnswer(row, false);
                }}
                data-testid={`check-refuse-${row.name}`}
              >
                Refuse
              </Button>
            </Group>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
});

/** Counts per state, e.g. `3 pass · 1 fail`, shown above the table. */
export function CheckSummary({ rows, done, cancelled }: { rows: readonly ProgressRow[]; done: boolean; cancelled: boolean }) {
  const counts = countStates(rows);
  return (
    <Group gap="md" data-testid="check-summary" data-done={done} data-cancelled={cancelled}>
      {SUMMARY.filter((s) => counts[s] > 0).map((s) => (
        <Text key={s} fw={700} c={`${CHECK_COLOUR[s]}.7`} data-testid={`check-count-${s}`}>
          {counts[s]} {CHECK_LABEL[s].toLowerCase()}
        </Text>
      ))}
      {done && (
        <Text c="dimmed" size="sm">
          {cancelled ? 'Cancelled' : 'Done'}
        </Text>
      )}
    </Group>
  );
}
