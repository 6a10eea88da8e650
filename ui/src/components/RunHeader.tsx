import { ActionIcon, Alert, Anchor, Badge, Button, Group, Paper, Progress, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconArrowsDiff, IconClock, IconFlag, IconKeyboard, IconPlayerStop, IconPresentation, IconUserShare } from '@tabler/icons-react';
import { memo } from 'react';
import type { Environment, Forecast, Run, StepState } from '../ipc/types';
import { runAttention, whyNotComplete } from '../lib/attention';
import { nextGate, nextGateLabel } from '../lib/nextGate';
import { SCHEDULE_COLOUR, scheduleWindow } from '../lib/schedule';
import { isRunOpen, overallProgress, percent, plannedTotalMinutes, stateCounts } from '../lib/runProgress';
import { elapsedMs, formatDateTime, formatDuration, formatMinutes } from '../lib/time';
import { EnvironmentBadge } from './EnvironmentBadge';
import { HoldBanner, HoldButton } from './HoldButton';
import { RunReportButton } from './RunReportButton';
import { RUN_COLOUR, RunStateBadge, STEP_COLOUR, STEP_LABEL } from './stateStyle';
import { CallNow } from './CallNow';
import { TrafficBar } from './TrafficBar';

const SHOWN: StepState[] = ['done', 'skipped', 'in_progress', 'blocked', 'failed', 'pending'];

/**
 * The top of the run view: what is released where, how far it got, how long it has taken, and run actions.
 * Memoised: the run view gives it a deferred run and stable callbacks, so a tick renders its row first.
 */
export const RunHeader = memo(function RunHeader({
  run,
  environment,
  now,
  onOpenRunbook,
  onComplete,
  onAbort,
  onRollBack,
  onHelp,
  lead = null,
  onHandOver,
  forecast = null,
  onSchedule,
  onWall,
  onCompare,
}: {
  run: Run;
  environment: Environment | null;
  now: number;
  onOpenRunbook: () => void;
  onComplete: () => void;
  onAbort: () => void;
  onRollBack: () => void;
  onHelp: () => void;
  /** Who leads the run now and, after a hand-over, its note. */
  lead?: { name: string; note: string | null } | null;
  onHandOver?: () => void;
  /** The run's schedule and forecast, when loaded. */
  forecast?: Forecast | null;
  onSchedule?: () => void;
  onWall?: () => void;
  onCompare?: () => void;
}) {
  const progress = overallProgress(run);
  const counts = stateCounts(run);
  const planned = plannedTotalMinutes(run);
  const elapsed = elapsedMs(run.started_at ?? run.created_at, run.ended_at, now) ?? 0;
  const over = planned > 0 && elapsed > planned * 60_000;
  const open = isRunOpen(run.state);
  const attention = runAttention(run.state, counts.failed, counts.blocked);
  const notComplete = whyNotComplete(run.state, counts);
  const gate = nextGate(run);

  return (
    <Paper withBorder p="md" radius="md" data-testid="run-header" className="run-header">
      <Stack gap="sm">
        <HoldBanner run={run} />
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          {/* The title shrinks and ellipsises; the actions never do, whatever the release's name. The badges have the
              whole width of the row below, so they stay on one line at 1280 px. */}
          <div style={{ minWidth: 0, flex: 1 }}>
            <Tooltip label={run.release} openDelay={400}>
              <Title order={1} fz={30} lh={1.2} lineClamp={1} style={{ wordBreak: 'break-all' }} data-testid="run-release">
                {run.release}
              </Title>
            </Tooltip>
          </div>
          <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
            <RunReportButton runId={run.id} />
            <HoldButton run={run} />
            {open && (
              <>
                <Button variant="subtle" color="red" leftSection={<IconPlayerStop size={16} />} onClick={onAbort} data-testid="run-abort">
                  Abort
                </Button>
                <Button variant="subtle" color="grape" leftSection={<IconArrowBackUp size={16} />} onClick={onRollBack} data-testid="run-roll-back">
                  Roll back
                </Button>
                <Tooltip label={notComplete ?? ''} disabled={notComplete === null}>
                  {/* A disabled button takes no pointer events: the wrapper carries the tooltip's hover. */}
                  <span style={{ display: 'inline-block' }} data-testid="run-complete-why" data-why={notComplete ?? undefined}>
                    <Button color="green" leftSection={<IconFlag size={16} />} disabled={notComplete !== null} onClick={onComplete} data-testid="run-complete">
                      Complete run
                    </Button>
                  </span>
                </Tooltip>
              </>
            )}
            {onCompare && (
              <Tooltip label="Compare with its rehearsal: step by step, what slipped">
                <ActionIcon variant="default" size="lg" onClick={onCompare} aria-label="Compare with rehearsal" data-testid="run-compare">
                  <IconArrowsDiff size={20} />
                </ActionIcon>
              </Tooltip>
            )}
            {onWall && (
              <Tooltip label="Wall display: full screen, read-only, for the war room">
                <ActionIcon variant="default" size="lg" onClick={onWall} aria-label="Wall display" data-testid="run-wall">
                  <IconPresentation size={20} />
                </ActionIcon>
              </Tooltip>
            )}
            <Tooltip label="Keyboard shortcuts (?)">
              <ActionIcon variant="default" size="lg" onClick={onHelp} aria-label="Keyboard shortcuts" data-testid="shortcut-help-button">
                <IconKeyboard size={20} />
              </ActionIcon>
            </Tooltip>
          </Group>
        </Group>
        {/* Badges keep their size; the text after them ellipsises, or moves under them when the row is narrow. */}
        <Group gap="xs" mt={-6} className="run-header-title">
          <EnvironmentBadge name={run.environment} environment={environment} size="lg" />
          {attention ? (
            <Badge
              color={attention.colour}
              size="lg"
              variant="filled"
              tt="uppercase"
              leftSection={<IconAlertTriangle size={14} />}
              data-testid="run-attention"
              data-state={run.state}
            >
              Needs attention
            </Badge>
          ) : (
            <RunStateBadge state={run.state} size="lg" />
          )}
          {lead && (
            <Tooltip label={lead.note ? `Handed over: ${lead.note}` : 'Leads the run. Hand it over with a note'} multiline maw={360}>
              <Button
                size="compact-sm"
                variant="light"
                color="indigo"
                leftSection={<IconUserShare size={14} />}
                onClick={open ? onHandOver : undefined}
                data-testid="run-lead"
              >
                Lead: {lead.name}
              </Button>
            </Tooltip>
          )}
          {/* At least 240 px for the text, on the next line if the badges leave less. */}
          <Text c="dimmed" truncate="end" style={{ flex: '1 1 240px', minWidth: 0 }}>
            <Anchor component="button" onClick={onOpenRunbook} c="dimmed" underline="hover">
              {run.snapshot.title}
            </Anchor>{' '}
            · revision {run.snapshot.revision} · started by {run.created_by} {formatDateTime(run.started_at ?? run.created_at)}
          </Text>
        </Group>

        <Group gap="xl" align="flex-end" wrap="nowrap">
          <Stack gap={4} style={{ flex: 1 }}>
            <Group justify="space-between">
              <Text fw={700} fz="lg" data-testid="run-progress" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {progress.settled}/{progress.total} steps · {percent(progress)}%
                {attention && (
                  <Text span inherit c={attention.colour} data-testid="run-attention-detail">
                    {' '}
                    · {attention.detail}
                  </Text>
                )}
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
              {(['done', 'skipped', 'failed', 'blocked'] as const).map((s) =>
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
              {formatDuration(elapsed)}
              <Text span fz="lg" c="dimmed" fw={600}>
                {' '}
                / {planned > 0 ? formatMinutes(planned) : '—'}
              </Text>
            </Text>
          </Stack>
        </Group>

        {(forecast?.schedule || open) && (
          <Group gap="sm" wrap="wrap">
            {forecast?.schedule ? (
              <Tooltip label={`Window ${scheduleWindow(forecast)}`}>
                <Badge
                  size="lg"
                  variant={forecast.state === 'on_time' ? 'light' : 'filled'}
                  color={SCHEDULE_COLOUR[forecast.state]}
                  leftSection={<IconClock size={14} />}
                  data-testid="run-schedule"
                  data-state={forecast.state}
                  styles={{ label: { textTransform: 'none', fontVariantNumeric: 'tabular-nums' } }}
                >
                  {forecast.summary}
                </Badge>
              </Tooltip>
            ) : (
              <Text size="sm" c="dimmed">
                No window set.
              </Text>
            )}
            {open && onSchedule && (
              <Button size="compact-sm" variant="subtle" onClick={onSchedule} data-testid="run-schedule-edit">
                {forecast?.schedule ? 'Change window…' : 'Set a window…'}
              </Button>
            )}
            {open && gate && (
              <Text
                size="sm"
                fw={600}
                c={gate.dueAt !== null && gate.dueAt < now ? 'red' : 'indigo'}
                data-testid="next-gate"
                style={{ fontVariantNumeric: 'tabular-nums' }}
              >
                {nextGateLabel(gate, now)}
              </Text>
            )}
          </Group>
        )}
        {open && <CallNow runId={run.id} />}
        <TrafficBar runId={run.id} />
        {!open && (
          <Alert color={RUN_COLOUR[run.state]} variant="light" data-testid="run-ended">
            {run.state === 'completed' ? 'Completed' : run.state === 'aborted' ? 'Aborted' : 'Rolled back'} {formatDateTime(run.ended_at)}
            {run.end_reason && <> — “{run.end_reason}”</>}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
});
