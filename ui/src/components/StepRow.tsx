import { Badge, Box, Group, Stack, Text } from '@mantine/core';
import { IconClock, IconMessage, IconUser } from '@tabler/icons-react';
import { forwardRef, memo } from 'react';
import type { RunStep, Step } from '../ipc/types';
import { elapsedMs, formatDuration, formatMinutes, formatTime, isOverrun, plannedLabel } from '../lib/time';
import { STEP_COLOUR, STEP_LABEL, StepStateIcon } from './stateStyle';

type Props = {
  step: Step;
  state: RunStep;
  /** phase.step, `4.3`. */
  number: string;
  selected: boolean;
  /** The current time, for the timer of a step in progress. */
  now: number;
  onSelect: (stepId: number) => void;
  /** Who said "I'm on it" for this step, if anyone. */
  claimedBy?: string | null;
};

/** One step of a run (a native `title` stands in for tooltips: a run can hold 2,000 rows): state, title, owner, planned and actual time, who and when, reason, notes. */
export const StepRow = memo(
  forwardRef<HTMLDivElement, Props>(function StepRow({ step, state, number, selected, now, onSelect, claimedBy = null }, ref) {
    const planned = plannedLabel(step);
    const running = state.state === 'in_progress';
    const actual = state.started_at ? elapsedMs(state.started_at, running ? null : state.ended_at, now) : null;
    const over = isOverrun(actual, step.duration_min);
    const colour = STEP_COLOUR[state.state];
    const id = step.id ?? 0;

    return (
      <Box
        ref={ref}
        className="step-row"
        data-testid={`step-row-${id}`}
        data-state={state.state}
        data-selected={selected ? 'true' : 'false'}
        aria-selected={selected}
        role="option"
        onClick={() => onSelect(id)}
        px="md"
        py="sm"
        style={{ ['--step-colour' as string]: `var(--mantine-color-${colour}-filled)` }}
      >
        <Group wrap="nowrap" gap="md" align="flex-start">
          <Box pt={2}>
            <StepStateIcon state={state.state} size={30} />
          </Box>
          <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text className="step-title" fz={20} fw={600} lh={1.3} style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
                <Text span c="dimmed" inherit fw={500}>
                  {number}{' '}
                </Text>
                {step.title}
              </Text>
              {/* The times never shrink: a long title wraps instead, so badges never read "01…". */}
              <Group gap="xs" wrap="nowrap" style={{ flexShrink: 0 }}>
                {planned && (
                  <Badge variant="light" color="gray" size="lg" leftSection={<IconClock size={14} />} title="Planned start">
                    {planned}
                  </Badge>
                )}
                {(actual !== null || step.duration_min !== null) && (
                  <Badge
                      size="lg"
                      variant={running ? 'filled' : 'light'}
                      color={over ? 'red' : running ? 'blue' : 'gray'}
                      data-testid={`step-timer-${id}`}
                      styles={{ label: { fontVariantNumeric: 'tabular-nums' } }}
                      title="Actual / planned duration"
                    >
                      {actual !== null ? formatDuration(actual) : '–'}
                      {step.duration_min !== null && ` / ${formatMinutes(step.duration_min)}`}
                    </Badge>
                )}
              </Group>
            </Group>
            <Group gap="sm" wrap="wrap">
              <Text size="sm" fw={700} c={colour === 'gray' ? 'dimmed' : colour}>
                {STEP_LABEL[state.state]}
              </Text>
              {step.owner_role && (
                <Badge variant="outline" size="sm" leftSection={<IconUser size={11} />}>
                  {step.owner_role}
                </Badge>
              )}
              {state.actor && state.state !== 'pending' && (
                <Text size="sm" c="dimmed">
                  {state.actor}
                  {(state.ended_at ?? state.started_at) && ` · ${formatTime(state.ended_at ?? state.started_at)}`}
                </Text>
              )}
              {claimedBy && (
                <Badge color="teal" variant="light" size="sm" data-testid={`step-claimed-${id}`}>
                  {claimedBy} is on it
                </Badge>
              )}
              {state.notes.length > 0 && (
                <Group gap={2}>
                  <IconMessage size={14} />
                  <Text size="sm" c="dimmed">
                    {state.notes.length}
                  </Text>
                </Group>
              )}
            </Group>
            {state.reason && state.state !== 'pending' && state.state !== 'done' && (
              <Text size="sm" fs="italic" c={colour} data-testid={`step-reason-${id}`}>
                “{state.reason}”
              </Text>
            )}
          </Stack>
        </Group>
      </Box>
    );
  }),
);
