import { Badge, Group, Paper, Stack, Text, Tooltip } from '@mantine/core';
import { useRolloutStatus } from '../hooks/useRolloutStatus';
import type { BakeVerdict, TrafficStep } from '../ipc/types';

const VERDICT_COLOUR: Record<BakeVerdict, string> = {
  baking: 'blue',
  passed: 'green',
  failed: 'red',
  paused: 'yellow',
  aborted: 'gray',
};

function colour(step: TrafficStep, current: number): string {
  if (step.verdict) return VERDICT_COLOUR[step.verdict];
  return step.percent <= current ? 'teal' : 'gray';
}

/**
 * The run header's stepped traffic bar: one segment per traffic step, filled up to where traffic stands now and
 * coloured by each step's bake verdict. Shows nothing for a run without traffic steps.
 */
export function TrafficBar({ runId }: { runId: number }) {
  const { status } = useRolloutStatus(runId);
  if (!status || status.traffic_steps.length === 0) return null;
  const rolledBack = status.rollback?.ended_at != null;
  return (
    <Paper withBorder p="xs" radius="md" data-testid="traffic-bar" data-traffic={status.traffic_percent}>
      <Group gap="md" wrap="nowrap" align="center">
        <Stack gap={0} style={{ flexShrink: 0 }}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            Traffic on {rolledBack ? 'new version (rolled back)' : 'new version'}
          </Text>
          <Text fz={24} fw={800} lh={1.1} data-testid="traffic-percent" style={{ fontVariantNumeric: 'tabular-nums' }}>
            {status.traffic_percent} %
          </Text>
        </Stack>
        <Group gap={4} wrap="nowrap" style={{ flex: 1 }}>
          {status.traffic_steps.map((t, i) => {
            const previous = i === 0 ? 0 : (status.traffic_steps[i - 1]?.percent ?? 0);
            return (
              <Tooltip key={t.step_id} label={`${t.title}: ${t.state.replace('_', ' ')}${t.verdict ? `, bake ${t.verdict}` : ''}`}>
                <Stack gap={2} style={{ flex: Math.max(1, t.percent - previous) }} data-testid={`traffic-step-${t.percent}`} data-verdict={t.verdict ?? ''}>
                  <div
                    style={{
                      height: 14,
                      borderRadius: 4,
                      background: `var(--mantine-color-${colour(t, status.traffic_percent)}-${t.percent <= status.traffic_percent || t.verdict ? 6 : 2})`,
                    }}
                  />
                  <Text size="xs" ta="right" fw={t.percent === status.traffic_percent ? 800 : 500}>
                    {t.percent} %
                  </Text>
                </Stack>
              </Tooltip>
            );
          })}
        </Group>
        {status.proposed_action === 'rollback' && (
          <Badge color="red" size="lg" variant="filled" data-testid="traffic-rollback-proposed">
            Rollback proposed
          </Badge>
        )}
      </Group>
    </Paper>
  );
}
