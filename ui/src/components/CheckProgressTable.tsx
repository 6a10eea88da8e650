import { Button, Group, Table, Text, Tooltip } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import { memo } from 'react';
import { awaitsConfirmation, countStates, rowDurationMs, type ProgressRow, type RowState } from '../lib/checkProgress';
import { CHECK_COLOUR, CHECK_LABEL, CheckStateBadge, formatMs } from './checkStyle';

const SUMMARY: RowState[] = ['pass', 'warn', 'fail', 'inconclusive', 'running', 'retrying', 'queued'];

/** The live table of a check session: a row per check with its state, time and message. `compact` (a side panel)
 * puts the message under the check's name, so that names never break mid-word in a narrow column. */
export function CheckProgressTable({
  rows,
  now,
  onOpen,
  onAnswer,
  compact = false,
}: {
  rows: readonly ProgressRow[];
  now: number;
  onOpen: (row: ProgressRow) => void;
  onAnswer: (row: ProgressRow, passed: boolean) => void;
  compact?: boolean;
}) {
  return (
    <Table highlightOnHover verticalSpacing="sm" data-testid="check-progress-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Check</Table.Th>
          <Table.Th w={compact ? undefined : 150}>State</Table.Th>
          <Table.Th w={compact ? undefined : 100} ta="right">
            Time
          </Table.Th>
          {!compact && <Table.Th>Message</Table.Th>}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row) => (
          <ProgressLine key={row.name} row={row} durationMs={rowDurationMs(row, now)} onOpen={onOpen} onAnswer={onAnswer} compact={compact} />
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
  compact,
}: {
  row: ProgressRow;
  durationMs: number | null;
  onOpen: (row: ProgressRow) => void;
  onAnswer: (row: ProgressRow, passed: boolean) => void;
  compact: boolean;
}) {
  const ask = awaitsConfirmation(row);
  const message = (
    <Text size="sm" lineClamp={2} data-testid={`check-message-${row.name}`} c={compact ? 'dimmed' : undefined}>
      {row.message}
    </Text>
  );
  return (
    <Table.Tr
      className={row.result ? 'clickable-row' : undefined}
      onClick={row.result ? () => onOpen(row) : undefined}
      data-testid={`check-row-${row.name}`}
      data-state={row.state}
      style={{ borderLeft: `4px solid var(--mantine-color-${CHECK_COLOUR[row.state]}-6)` }}
    >
      <Table.Td style={{ maxWidth: compact ? 0 : undefined, width: compact ? '100%' : undefined }}>
        <Text fw={600} truncate="end" title={row.name} style={{ overflowWrap: 'normal', wordBreak: 'keep-all' }}>
          {row.name}
        </Text>
        {row.kind && (
          <Text size="xs" c="dimmed">
            {row.kind}
          </Text>
        )}
        {compact && message}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap', minWidth: compact ? 112 : undefined }}>
        <CheckStateBadge state={row.state} attempt={row.attempt} />
      </Table.Td>
      <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
        {formatMs(durationMs)}
      </Table.Td>
      {!compact && (
      <Table.Td>
        <Group gap="xs" wrap="nowrap" justify="space-between">
          {message}
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
      )}
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
