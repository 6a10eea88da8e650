import { Badge, Box, Button, Center, Group, Loader, Progress, Stack, Text, Title } from '@mantine/core';
import { IconArrowsMinimize } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { RunStateBadge } from '../components/stateStyle';
import { useForecast } from '../hooks/useForecast';
import { useNow } from '../hooks/useNow';
import { useRolloutStatus } from '../hooks/useRolloutStatus';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { getRun } from '../ipc/runs';
import type { Run } from '../ipc/types';
import type { Route } from '../lib/route';
import { nextGate, nextGateLabel } from '../lib/nextGate';
import { isRunOpen, overallProgress, percent, walkOrder } from '../lib/runProgress';
import { SCHEDULE_COLOUR } from '../lib/schedule';
import { elapsedMs, formatDuration, formatMinutes } from '../lib/time';

/**
 * A run on the war room's wall: full screen and read-only, readable across a room. The phase, the step in progress
 * and the next one, the next gate, where traffic stands and the schedule against the window, live from any window
 * or the CLI. Escape (or the corner button) goes back to the run.
 */
export function WallPage({ id, go }: { id: number; go: (route: Route) => void }) {
  const [run, setRun] = useState<Run | null>(null);
  const now = useNow(1000, true);
  const { forecast } = useForecast(id);
  const { status: rollout } = useRolloutStatus(id);
  const load = useCallback(() => {
    getRun(id).then(setRun, () => setRun(null));
  }, [id]);
  useEffect(load, [load]);
  useWorkspaceHead(load);
  useWorkspaceChanged((c) => {
    if (c.entity === 'run' && (c.id === null || c.id === id)) load();
  });
  const leave = useCallback(() => {
    if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    go({ page: 'run', id });
  }, [go, id]);
  useEffect(() => {
    void document.documentElement.requestFullscreen?.().catch(() => {
      // A window manager may refuse full screen; the page fills the window anyway.
    });
    // In full screen the web view keeps Escape to itself and just leaves full screen: leave the wall with it.
    let wasFull = false;
    const onFullscreen = () => {
      if (document.fullscreenElement) wasFull = true;
      else if (wasFull) leave();
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') leave();
    };
    document.addEventListener('fullscreenchange', onFullscreen);
    window.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('fullscreenchange', onFullscreen);
      window.removeEventListener('keydown', onKey);
    };
  }, [leave]);

  if (!run) {
    return (
      <Center h="100vh">
        <Loader size="xl" />
      </Center>
    );
  }
  const order = walkOrder(run);
  const states = new Map(run.steps.map((s) => [s.step_id, s]));
  const current = order.find((w) => states.get(w.stepId)?.state === 'in_progress') ?? null;
  const open = (w: (typeof order)[number]) => !['done', 'skipped'].includes(states.get(w.stepId)?.state ?? 'pending');
  const next = order.find((w) => open(w) && w.stepId !== current?.stepId && (current === null || w.index > current.index)) ?? null;
  const phaseIndex = (current ?? next)?.phaseIndex ?? run.snapshot.phases.length - 1;
  const phase = run.snapshot.phases[phaseIndex];
  const gate = nextGate(run);
  const progress = overallProgress(run);
  const currentState = current ? states.get(current.stepId) : undefined;
  const running = currentState?.started_at ? elapsedMs(currentState.started_at, null, now) : null;

  return (
    <Box p={48} h="100vh" data-testid="wall" data-run-state={run.state} style={{ overflow: 'hidden' }}>
      <Stack gap={36} h="100%">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={8}>
            <Title order={1} fz={64} lh={1} data-testid="wall-release">
              {run.release}
            </Title>
            <Group gap="md">
              <Badge size="xl" color="red" variant="filled">
                {run.environment || 'no environment'}
              </Badge>
              <RunStateBadge state={run.state} size="xl" />
            </Group>
          </Stack>
          <Button variant="subtle" color="gray" leftSection={<IconArrowsMinimize size={18} />} onClick={leave} data-testid="wall-exit">
            Leave (Esc)
          </Button>
        </Group>

        <Stack gap={6}>
          <Text fz={28} c="dimmed" fw={700} tt="uppercase">
            Phase {phaseIndex + 1} of {run.snapshot.phases.length}: {phase?.title}
          </Text>
          <Progress value={percent(progress)} size={28} radius="xl" />
          <Text fz={26} fw={700} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {progress.settled}/{progress.total} steps · {percent(progress)}%
          </Text>
        </Stack>

        <Stack gap={4} data-testid="wall-now">
          <Text fz={26} c="dimmed" fw={800} tt="uppercase">
            Now
          </Text>
          <Text fz={56} fw={800} lh={1.1}>
            {current ? `${current.number} ${current.step.title}` : isRunOpen(run.state) ? 'Nothing in progress' : 'Run ended'}
          </Text>
          {current && (
            <Text fz={32} c="dimmed" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {current.step.owner_role && `${current.step.owner_role} · `}
              {running !== null && formatDuration(running)}
              {current.step.duration_min !== null && ` of ${formatMinutes(current.step.duration_min)}`}
            </Text>
          )}
        </Stack>

        {next && (
          <Stack gap={4} data-testid="wall-next">
            <Text fz={26} c="dimmed" fw={800} tt="uppercase">
              Next
            </Text>
            <Text fz={40} fw={700}>
              {next.number} {next.step.title}
            </Text>
          </Stack>
        )}

        <Stack gap="md" mt="auto">
          {gate && isRunOpen(run.state) && (
            <Text fz={30} fw={700} c="indigo" data-testid="wall-gate">
              {nextGateLabel(gate, now)}
            </Text>
          )}
          {rollout && rollout.traffic_steps.length > 0 && (
            <Text fz={30} fw={700} data-testid="wall-traffic">
              Traffic on the new version: {rollout.traffic_percent} %
            </Text>
          )}
          {forecast?.schedule && (
            <Badge
              size="xl"
              h={56}
              fz={26}
              color={SCHEDULE_COLOUR[forecast.state]}
              variant={forecast.state === 'on_time' ? 'light' : 'filled'}
              data-testid="wall-schedule"
              data-state={forecast.state}
              styles={{ label: { textTransform: 'none' } }}
            >
              {forecast.summary}
            </Badge>
          )}
        </Stack>
      </Stack>
    </Box>
  );
}
