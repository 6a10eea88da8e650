import { ActionIcon, Alert, Anchor, Button, Group, Paper, Progress, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconArrowBackUp, IconFlag, IconKeyboard, IconPlayerStop } from '@tabler/icons-react';
import type { Environment, Run, StepState } from '../ipc/types';
import { canCompleteRun, isRunOpen, overallProgress, percent, plannedTotalMinutes, stateCounts } from '../lib/runProgress';
import { elapsedMs, formatClock, formatDateTime, formatMinutes } from '../lib/time';
import { EnvironmentBadge } from './EnvironmentBadge';
import { RunReportButton } from './RunReportButton';
import { RUN_COLOUR, RunStateBadge, STEP_COLOUR, STEP_LABEL } from './stateStyle';

const SHOWN: StepState[] = ['done', 'skipped', 'in_progress', 'blocked', 'failed', 'pending'];

/** The top of the run view: what is released where, how far it got, how long it has taken, and run actions. */
export function RunHeader({
  run,
  environment,
  now,
  onOpenRunbook,
  onComplete,
  onAbort,
  onRollBack,
  onHelp,
}: {
  run: Run;
  environment: Environment | null;
  now: number;
  onOpenRunbook: () => void;
  onComplete: () => void;
  onAbort: () => void;
  onRollBack: () => void;
  onHelp: () => void;
}) {
  const progress = overallProgress(run);
  const counts = stateCounts(run);
  const planned = plannedTotalMinutes(run);
  const elapsed = elapsedMs(run.started_at ?? run.created_at, run.ended_at, now) ?? 0;
  const over = planned > 0 && elapsed > planned * 60_000;
  const open = isRunOpen(run.state);

  return (
    <Paper withBorder p="md" radius="md" data-testid="run-header" className="run-header">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          {/* The title side shrinks and ellipsises; the actions never do, whatever the release's name. */}
          <div style={{ minWidth: 0, flex: 1 }}>
            <Tooltip label={run.release} openDelay={400}>
              <Title order={1} fz={30} lh={1.2} lineClamp={1} style={{ wordBreak: 'break-all' }} data-testid="run-release">
                {run.release}
              </Title>
            </Tooltip>
            {/* Badges keep their size; the text after them ellipsises, or moves under them when the row is narrow. */}
            <Group gap="xs" mt={6} className="run-header-title">
              <EnvironmentBadge name={run.environment} environment={environment} size="lg" />
              <RunStateBadge state={run.state} size="lg" />
              {/* At least 240 px for the text, on the next line if the badges leave less. */}
              <Text c="dimmed" truncate="end" style={{ flex: '1 1 240px', minWidth: 0 }}>
                <Anchor component="button" onClick={onOpenRunbook} c="dimmed" underline="hover">
                  {run.snapshot.title}
                </Anchor>{' '}
                · revision {run.snapshot.revision} · started by {run.created_by} {formatDateTime(run.started_at ?? run.created_at)}
              </Text>
            </Group>
          </div>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <RunReportButton runId={run.id} />
            {open && (
              <>
                <Button variant="subtle" color="red" leftSection={<IconPlayerStop size={16} />} onClick={onAbort} data-testid="run-abort">
                  Abort
                </Button>
                <Button variant="subtle" color="grape" leftSection={<IconArrowBackUp size={16} />} onClick={onRollBack} data-testid="run-roll-back">
                  Roll back
                </Button>
                <Button color="green" leftSection={<IconFlag size={16} />} disabled={!canCompleteRun(run)} onClick={onComplete} data-testid="run-complete">
                  Complete run
                </Button>
              </>
            )}
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="default" size="lg" onClick={onHelp} aria-label="Keyboard shortcuts" data-testid="shortcut-help-button">
                <IconKeyboard size={20} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>

        <Group gap="xl" align="flex-end" wrap="nowrap">
          <Stack gap={4} style={{ flex: 1 }}>
            <Group justify="space-between">
              <Text fw={700} fz="lg" data-testid="run-progress" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {progress.settled}/{progress.total} steps · {percent(progress)}%
              </Text>
              <Group gap="sm">
                {SHOWN.filter((s) => counts[s] > 0).map((s) => (
                  <Text key={s} size="sm" fw={600} c={STEP_COLOUR[s] === 'gray' ? 'dimmed' : STEP_COLOUR[s]}>
                    {counts[s]} {STEP_LABEL[s].toLowerCase()}
                  </Text>
                ))}
              </Group>
            </Group>
            <Progress.Root size={18} radius="xl">
              {(['done', 'skipped'] as const).map((s) =>
                counts[s] > 0 ? (
                  <Progress.Section key={s} value={(counts[s] / Math.max(1, progress.total)) * 100} color={STEP_COLOUR[s]} />
                ) : null,
              )}
            </Progress.Root>
          </Stack>
          <Stack gap={0} align="flex-end">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
              Elapsed / planned
            </Text>
            <Text fz={28} fw={800} lh={1.1} c={over ? 'red' : undefined} data-testid="run-elapsed" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatClock(elapsed)}
              <Text span fz="lg" c="dimmed" fw={600}>
                {' '}
                / {planned > 0 ? formatMinutes(planned) : '—'}
              </Text>
            </Text>
          </Stack>
        </Group>

        {!open && (
          <Alert color={RUN_COLOUR[run.state]} variant="light" data-testid="run-ended">
            {run.state === 'completed' ? 'Completed' : run.state === 'aborted' ? 'Aborted' : 'Rolled back'} {formatDateTime(run.ended_at)}
            {run.end_reason && <> — “{run.end_reason}”</>}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
