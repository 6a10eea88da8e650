import { ActionIcon, Badge, Group, Progress, Stack, Text } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { memo } from 'react';
import type { Phase } from '../ipc/types';
import type { Progress as ProgressCount } from '../lib/runProgress';

/** Whether a phase is complete: every step done or skipped. */
export function phaseComplete(progress: ProgressCount): boolean {
  return progress.total > 0 && progress.settled === progress.total;
}

/** What a phase's head shows of its steps' states. */
export type PhaseCounts = { failed: number; blocked: number; active: boolean };

/** The head of a phase in a run: its title, state badges, progress, and the fold toggle. Its steps follow it in the
 * run's step list (`RunStepList`), which draws the phase's card around both. Memoised on plain values: a tick
 * re-renders the head of the ticked step's phase only. */
export const PhaseHeader = memo(function PhaseHeader({
  phase,
  index,
  settled,
  total,
  failed,
  blocked,
  active,
  open,
  holdsSelected,
  onToggle,
}: {
  phase: Phase;
  index: number;
  open: boolean;
  holdsSelected: boolean;
  /** Called with `index`. */
  onToggle: (index: number) => void;
} & ProgressCount &
  PhaseCounts) {
  const complete = phaseComplete({ settled, total });
  return (
    <Stack gap={6} px="md" py="sm" data-testid={`phase-${index}`} data-open={open}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          <ActionIcon
            variant="subtle"
            color="gray"
            onClick={() => onToggle(index)}
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
          {settled}/{total}
        </Text>
      </Group>
      <Progress
        value={total === 0 ? 0 : (settled / total) * 100}
        color={complete ? 'green' : failed > 0 ? 'red' : 'blue'}
        size="md"
        radius="xl"
      />
    </Stack>
  );
});
