import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import type { Phase, RunStep } from '../ipc/types';
import type { Progress as ProgressCount } from '../lib/runProgress';

/** A phase of a run: its title, progress and steps. */
export function PhaseSection({
  phase,
  index,
  progress,
  states,
  children,
}: {
  phase: Phase;
  index: number;
  progress: ProgressCount;
  states: RunStep[];
  children: React.ReactNode;
}) {
  const complete = progress.total > 0 && progress.settled === progress.total;
  const failed = states.filter((s) => s.state === 'failed').length;
  const blocked = states.filter((s) => s.state === 'blocked').length;
  const active = states.some((s) => s.state === 'in_progress');
  return (
    <Card withBorder padding={0} data-testid={`phase-${index}`}>
      <Stack gap={6} px="md" py="sm" style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group justify="space-between" wrap="nowrap">
          <Group gap="sm">
            <Title order={3} fz={22}>
              {phase.title}
            </Title>
            {complete && <Badge color="green">Complete</Badge>}
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
      <Stack gap={0} role="listbox" aria-label={phase.title}>
        {children}
      </Stack>
    </Card>
  );
}
