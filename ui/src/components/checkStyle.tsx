import { Badge, Loader, type MantineSize } from '@mantine/core';
import type { RowState } from '../lib/checkProgress';

/** The colour of a check's state, in tables, badges and the latency chart. */
export const CHECK_COLOUR: Record<RowState, string> = {
  queued: 'gray',
  running: 'blue',
  retrying: 'orange',
  pass: 'teal',
  warn: 'yellow',
  fail: 'red',
  inconclusive: 'violet',
};

export const CHECK_LABEL: Record<RowState, string> = {
  queued: 'Queued',
  running: 'Running',
  retrying: 'Retrying',
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  inconclusive: 'Inconclusive',
};

/** A check's state as a badge; `retrying` shows the attempt that is retried. */
export function CheckStateBadge({ state, attempt, size = 'md' }: { state: RowState; attempt?: number; size?: MantineSize }) {
  const running = state === 'running' || state === 'retrying';
  return (
    <Badge
      color={CHECK_COLOUR[state]}
      variant={state === 'queued' ? 'outline' : running ? 'light' : 'filled'}
      size={size}
      leftSection={running ? <Loader size={10} color={CHECK_COLOUR[state]} /> : undefined}
      data-state={state}
    >
      {state === 'retrying' && attempt ? `Retrying ${attempt}` : CHECK_LABEL[state]}
    </Badge>
  );
}

/** Milliseconds as a person reads a check's time: `850 ms`, `2.4 s`, `1m 05s`. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
