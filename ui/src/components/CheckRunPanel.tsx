import { Alert, Button, Chip, Group, Loader, NativeSelect, Paper, Stack, Text, Title } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { showError } from '../errors';
import { useAsync } from '../hooks/useAsync';
import type { CheckSession } from '../hooks/useCheckSession';
import { useNow } from '../hooks/useNow';
import { describeCheckSuite } from '../ipc/checks';
import type { CheckOutline } from '../ipc/types';
import type { ProgressRow } from '../lib/checkProgress';
import { CheckProgressTable, CheckSummary } from './CheckProgressTable';

/** Runs a saved suite: pick an environment and, optionally, some of its checks; the live table follows. */
export function CheckRunPanel({
  suiteId,
  revision,
  session,
  running,
  blocked,
  onStart,
  onCancel,
  onOpen,
  onAnswer,
}: {
  suiteId: number;
  /** Changes when the suite was saved again, to re-read its checks. */
  revision: string;
  session: CheckSession;
  running: boolean;
  /** Another suite's session is under way: one at a time. */
  blocked: boolean;
  onStart: (environment: string, checks: CheckOutline[], only: string[]) => Promise<void>;
  onCancel: () => Promise<void>;
  onOpen: (row: ProgressRow) => void;
  onAnswer: (row: ProgressRow, passed: boolean) => void;
}) {
  const outline = useAsync(() => describeCheckSuite(suiteId), [suiteId, revision], 'Suite');
  const [environment, setEnvironment] = useState('');
  const [only, setOnly] = useState<string[]>([]);
  const [cancelling, setCancelling] = useState(false);
  const now = useNow(250, running);

  const environments = outline.data?.environments ?? [];
  const checks = outline.data?.checks ?? [];
  useEffect(() => {
    if (environments.length > 0 && !environments.includes(environment)) setEnvironment(environments[0] ?? '');
    setOnly((o) => o.filter((n) => checks.some((c) => c.name === n)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [outline.data]);
  useEffect(() => {
    if (!running) setCancelling(false);
  }, [running]);

  const run = async () => {
    const chosen = only.length > 0 ? checks.filter((c) => only.includes(c.name)) : checks;
    try {
      await onStart(environment, chosen, only);
    } catch (e) {
      showError(e, 'Run checks');
    }
  };

  return (
    <Paper withBorder p="md" radius="md" data-testid="check-run-panel">
      <Stack gap="sm">
        <Title order={4}>Run</Title>
        {outline.error && <Alert color="red">{outline.error.message}</Alert>}
        {!outline.data && !outline.error && <Loader size="sm" />}
        {outline.data && (
          <>
            <Group align="flex-end">
              <NativeSelect
                label="Environment"
                value={environment}
                onChange={(e) => setEnvironment(e.currentTarget.value)}
                data={environments.length > 0 ? environments : [{ value: '', label: 'No environments', disabled: true }]}
                disabled={running}
                w={260}
                data-testid="check-environment"
              />
              {running ? (
                <Button
                  color="red"
                  variant="light"
                  leftSection={<IconPlayerStop size={18} />}
                  loading={cancelling}
                  disabled={session.session === null}
                  onClick={() => {
                    setCancelling(true);
                    onCancel().catch((e: unknown) => {
                      setCancelling(false);
                      showError(e, 'Cancel');
                    });
                  }}
                  data-testid="cancel-checks"
                >
                  Cancel
                </Button>
              ) : (
                <Button leftSection={<IconPlayerPlay size={18} />} disabled={blocked || environment === '' || checks.length === 0} title={blocked ? 'Another suite is running' : undefined} onClick={() => void run()} data-testid="run-checks">
                  Run checks
                </Button>
              )}
            </Group>
            {checks.length > 1 && (
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  Checks <Text span c="dimmed" size="xs">(none picked runs them all)</Text>
                </Text>
                <Chip.Group multiple value={only} onChange={setOnly}>
                  <Group gap={6}>
                    {checks.map((c) => (
                      <Chip key={c.name} value={c.name} size="sm" disabled={running} data-testid={`check-only-${c.name}`}>
                        {c.name}
                      </Chip>
                    ))}
                  </Group>
                </Chip.Group>
              </Stack>
            )}
          </>
        )}
        {session.rows.length > 0 && (
          <>
            <CheckSummary rows={session.rows} done={session.done} cancelled={session.cancelled} />
            <CheckProgressTable rows={session.rows} now={now} onOpen={onOpen} onAnswer={onAnswer} />
          </>
        )}
      </Stack>
    </Paper>
  );
}
