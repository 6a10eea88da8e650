import { Alert, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconCheck, IconPlayerPlay, IconX } from '@tabler/icons-react';
import { showError } from '../errors';
import { useCheckSession } from '../hooks/useCheckSession';
import { useNow } from '../hooks/useNow';
import type { Run, Step } from '../ipc/types';
import { countStates } from '../lib/checkProgress';
import { CheckProgressTable, CheckSummary } from './CheckProgressTable';

/**
 * A check step's saved checks, run from the step against the run's environment: live progress, the results kept as
 * the step's evidence (they show in the report), and the verdict proposed as the step's next action.
 */
export function StepChecksPanel({
  run,
  step,
  open,
  onTick,
  onFail,
}: {
  run: Run;
  step: Step;
  /** The run and the step accept actions. */
  open: boolean;
  onTick: () => void;
  onFail: () => void;
}) {
  const session = useCheckSession();
  const now = useNow(1000, session.running);
  const spec = step.check;
  if (!spec) return null;
  const named = (spec.checks ?? []).join(', ');
  const what = [named, spec.suite ? `every check of suite ${spec.suite}` : ''].filter(Boolean).join(' and ');
  const { rows, done, cancelled } = session.state;
  const counts = countStates(rows);
  const passed = done && !cancelled && rows.length > 0 && counts.fail === 0 && counts.inconclusive === 0;
  const run_ = async () => {
    try {
      await session.startStep(run.id, step.id ?? 0, run.environment, spec.checks ?? []);
    } catch (e) {
      showError(e, 'Checks');
    }
  };

  return (
    <Card withBorder padding="md" data-testid="step-checks" data-verdict={done ? (passed ? 'pass' : 'fail') : ''}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>Checks</Title>
          {open && (
            <Button leftSection={<IconPlayerPlay size={16} />} loading={session.running} onClick={() => void run_()} data-testid="step-checks-run">
              {rows.length > 0 ? 'Run again' : 'Run checks'}
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          Runs {what} against {run.environment || 'the run’s environment'}. The results are this step&apos;s evidence and go into the report.
        </Text>
        {rows.length > 0 && (
          <>
            <CheckSummary rows={rows} done={done} cancelled={cancelled} />
            <CheckProgressTable rows={rows} now={now} onOpen={() => {}} onAnswer={() => {}} compact />
          </>
        )}
        {done && open && passed && (
          <Alert color="green" variant="light" title="Every check passed" data-testid="step-checks-passed">
            <Button size="xs" color="green" leftSection={<IconCheck size={14} />} onClick={onTick} data-testid="step-checks-tick">
              Tick off the step
            </Button>
          </Alert>
        )}
        {done && open && !passed && (
          <Alert color="red" variant="light" title={cancelled ? 'Cancelled' : 'Not every check passed'} data-testid="step-checks-failed">
            <Button size="xs" color="red" leftSection={<IconX size={14} />} onClick={onFail} data-testid="step-checks-fail">
              Mark the step failed…
            </Button>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
