import { Alert, Badge, Button, Code, Group, Modal, NativeSelect, NumberInput, ScrollArea, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlayerTrackNext } from '@tabler/icons-react';
import { useState } from 'react';
import { replayGate } from '../ipc/approvals';
import { AppError } from '../ipc/invoke';
import type { GateReplay } from '../ipc/types';
import { REPLAY_COLOUR, REPLAY_LABEL } from '../lib/gate';
import { formatDateTime } from '../lib/time';

/**
 * "With this threshold, what would this gate have decided on the last 20 runs?": one of the gate's checks is
 * re-decided with another condition on each recent run's stored evidence. Nothing is called and nothing recorded.
 */
export function GateReplayDialog({
  runId,
  stepId,
  title,
  checks,
  opened,
  onClose,
}: {
  runId: number;
  stepId: number;
  title: string;
  checks: string[];
  opened: boolean;
  onClose: () => void;
}) {
  const [check, setCheck] = useState(checks[0] ?? '');
  const [condition, setCondition] = useState('');
  const [last, setLast] = useState<number | string>(20);
  const [replay, setReplay] = useState<GateReplay | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    try {
      setReplay(await replayGate(runId, stepId, { check, condition, last: typeof last === 'number' ? last : null }));
      setError(null);
    } catch (e) {
      setError(AppError.from(e).message);
      setReplay(null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} size="80rem" title={`Replay gate “${title}”`} data-testid="replay-dialog">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          Re-decides one check with another condition on the evidence each run recorded when it passed the gate (or ended). No server is called and
          nothing is recorded.
        </Text>
        <Group align="flex-end" wrap="nowrap">
          <NativeSelect label="Check" data={checks} value={check} onChange={(e) => setCheck(e.currentTarget.value)} data-testid="replay-check" />
          <TextInput
            label="Condition"
            placeholder="[RESPONSE_TIME] < 250"
            value={condition}
            onChange={(e) => setCondition(e.currentTarget.value)}
            onKeyDown={(e) => e.key === 'Enter' && condition.trim() !== '' && void run()}
            style={{ flex: 1 }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="replay-condition"
          />
          <NumberInput label="Runs" min={1} max={500} value={last} onChange={setLast} w={90} data-testid="replay-last" />
          <Button leftSection={<IconPlayerTrackNext size={16} />} loading={busy} disabled={check === '' || condition.trim() === ''} onClick={() => void run()} data-testid="replay-run">
            Replay
          </Button>
        </Group>
        {error && (
          <Alert color="red" variant="light" data-testid="replay-error">
            {error}
          </Alert>
        )}
        {replay && (
          <>
            <Text size="sm" data-testid="replay-summary">
              <Code>{replay.condition}</Code>
              {replay.replaces ? (
                <>
                  {' '}
                  in place of <Code>{replay.replaces}</Code>
                </>
              ) : (
                ' added to the recorded conditions'
              )}
              : the check passed on {replay.recorded_passes} of {replay.runs.length} runs as recorded, and would pass on {replay.replayed_passes};{' '}
              <b>{replay.changed} would change</b>.{replay.observe_only && ' The gate only observes this check: it never blocked the gate.'}
            </Text>
            {replay.runs.length === 0 ? (
              <Text size="sm" c="dimmed">
                No run of this runbook has reached the gate yet.
              </Text>
            ) : (
              <ScrollArea.Autosize mah={420}>
                <Table striped highlightOnHover verticalSpacing={4} data-testid="replay-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Run</Table.Th>
                      <Table.Th>Release</Table.Th>
                      <Table.Th>Environment</Table.Th>
                      <Table.Th>Evidence at</Table.Th>
                      <Table.Th>Recorded</Table.Th>
                      <Table.Th>Replayed</Table.Th>
                      <Table.Th>What it means</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {replay.runs.map((r) => (
                      <Table.Tr
                        key={r.run_id}
                        data-testid={`replay-row-${r.run_id}`}
                        data-changed={String(r.changed)}
                        data-replayed={r.replayed}
                        bg={r.changed ? 'var(--mantine-color-yellow-light)' : undefined}
                      >
                        <Table.Td>{r.run_id}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.release}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.environment}</Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at)}</Table.Td>
                        <Table.Td>
                          <Badge variant="light" color={REPLAY_COLOUR[r.recorded]} style={{ width: 'max-content', maxWidth: 'none' }}>
                            {REPLAY_LABEL[r.recorded]}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Badge variant={r.changed ? 'filled' : 'light'} color={REPLAY_COLOUR[r.replayed]} style={{ width: 'max-content', maxWidth: 'none' }}>
                            {REPLAY_LABEL[r.replayed]}
                          </Badge>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{r.detail}</Text>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            )}
          </>
        )}
      </Stack>
    </Modal>
  );
}
