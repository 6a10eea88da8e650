import { Badge, type MantineSize } from '@mantine/core';
import {
  IconChecklist,
  IconCircleCheckFilled,
  IconCircleDashed,
  IconCircleXFilled,
  IconHandStop,
  IconHourglass,
  IconPlayerPlayFilled,
  IconPlayerSkipForward,
  IconRocket,
  IconShieldLock,
  IconZoomCheck,
  type Icon,
} from '@tabler/icons-react';
import type { RunState, StepKind, StepState } from '../ipc/types';

export const STEP_COLOUR: Record<StepState, string> = {
  pending: 'gray',
  in_progress: 'blue',
  done: 'green',
  skipped: 'grape',
  failed: 'red',
  blocked: 'orange',
};

export const STEP_LABEL: Record<StepState, string> = {
  pending: 'Pending',
  in_progress: 'In progress',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  blocked: 'Blocked',
};

const STEP_ICON: Record<StepState, Icon> = {
  pending: IconCircleDashed,
  in_progress: IconPlayerPlayFilled,
  done: IconCircleCheckFilled,
  skipped: IconPlayerSkipForward,
  failed: IconCircleXFilled,
  blocked: IconHandStop,
};

export const RUN_COLOUR: Record<RunState, string> = {
  planned: 'gray',
  in_progress: 'blue',
  completed: 'green',
  aborted: 'red',
  rolled_back: 'grape',
};

export const RUN_LABEL: Record<RunState, string> = {
  planned: 'Planned',
  in_progress: 'In progress',
  completed: 'Completed',
  aborted: 'Aborted',
  rolled_back: 'Rolled back',
};

const KIND_ICON: Record<StepKind, Icon> = {
  task: IconChecklist,
  check: IconZoomCheck,
  gate: IconShieldLock,
  rollout: IconRocket,
  wait: IconHourglass,
};

export const KIND_LABEL: Record<StepKind, string> = {
  task: 'Task',
  check: 'Check',
  gate: 'Gate',
  rollout: 'Rollout',
  wait: 'Wait',
};

export function StepStateIcon({ state, size = 24 }: { state: StepState; size?: number }) {
  const I = STEP_ICON[state];
  // Pending is drawn dimmed: the same grey as gray-filled in the light scheme, and still visible in the dark one,
  // where gray-filled is nearly the selected row's background.
  const colour = state === 'pending' ? 'var(--mantine-color-dimmed)' : `var(--mantine-color-${STEP_COLOUR[state]}-filled)`;
  return <I size={size} color={colour} aria-label={STEP_LABEL[state]} />;
}

export function StepStateBadge({ state, size = 'md' }: { state: StepState; size?: MantineSize }) {
  return (
    <Badge color={STEP_COLOUR[state]} size={size} variant={state === 'pending' ? 'outline' : 'filled'} tt="uppercase">
      {STEP_LABEL[state]}
    </Badge>
  );
}

export function RunStateBadge({ state, size = 'md' }: { state: RunState; size?: MantineSize }) {
  return (
    <Badge color={RUN_COLOUR[state]} size={size} variant="filled" tt="uppercase" data-testid="run-state" data-state={state}>
      {RUN_LABEL[state]}
    </Badge>
  );
}

export function KindIcon({ kind, size = 18 }: { kind: StepKind; size?: number }) {
  const I = KIND_ICON[kind];
  return <I size={size} aria-label={KIND_LABEL[kind]} style={{ flexShrink: 0 }} />;
}
