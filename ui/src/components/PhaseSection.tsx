import { ActionIcon, Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import type { Phase, RunStep } from '../ipc/types';
import type { Progress as ProgressCount } from '../lib/runProgress';

/** Whether a phase is complete: every step done or skipped. */
export function phaseComplete(progress: ProgressCount): boolean {
  return progress.total > 0 && progress.settled === progress.total;
}

/** The head of a phase in a run: its title, state badges, progress, and the fold toggle. Its steps follow it in the
 * run's step list (`RunStepList`), which draws the phase's card around both. */
export function PhaseHeader({
  phase,
  index,
  progress,
  states,
  open,
  holdsSelected,
  onToggle,
}: {
  phase: Phase;
  index: number;
  progress: ProgressCount;
  states: RunStep[];
  open: boolean;
  holdsSelected: boolean;
  onToggle: () => void;
}) {
  const complete = phaseComplete(progress);
  const failed = states.filter((s) => s.state === 'failed').length;
  const blocked = states.filter((s) => s.state === 'blocked').length;
  const active = states.some((s) => s.state === 'in_progress');
  return (
    <Stack gap={6} px="md" py="sm" data-testid={`phase-${index}`} data-open={open}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={onToggle}
            disabled={holdsSelected}
            aria-expanded={open}
            aria-label={open ? `Fold ${phase.title}` : `Show the steps of ${phase.title}`}
            data-testid={`phase-toggle-${index}`}
          >
            {open ? <IconChevronDown size={18} /> : <IconChevronRight size={18} />}
          </ActionIcon>
          <Text component="h3" fw={700} fz={22} m={0} truncate="end" title={phase.title} style={{ minWidth: 0 }}>
            {phase.title}
          </Text>
          {complete && (
            <Badge color="green" style={{ flexShrink: 0 }}>
              Complete
            </Badge>
          )}
          {active && !complete && <Badge color="blue">Active</Badge>}
          {failed > 0 && <Badge color="red">{failed} failed</Badge>}
          {blocked > 0 && <Badge color="orange">{blocked} blocked</Badge>}
        </Group>
        <Text fw={700} fz="lg" data-testid={`phase-progress-${index}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {progress.settled}/{progress.total}
        </Text>
      </Group>
      <Progress
        value={progress.total === 0 ? 0 : (progress.settled / progress.total) * 100}
        color={complete ? 'green' : failed > 0 ? 'red' : 'blue'}
        size="md"
        radius="xl"
      />
    </Stack>
  );
}
