import type { Run } from '../ipc/types';
import { walkOrder } from './runProgress';
import { formatDuration } from './time';

export type NextGate = {
  stepId: number;
  /** `2.4` */
  number: string;
  title: string;
  /** Open steps before it in walking order. */
  stepsBefore: number;
  /** When it is planned, in ms since the epoch, if the runbook plans it (T+ from the run's start, or a clock time). */
  dueAt: number | null;
};

/**
 * The first gate of the run not yet passed or skipped, how many open steps lie before it, and when it is planned.
 * A clock time (`22:45`) is read on the day the run started, in this machine's zone, and the next day if that is
 * before the start (a cutover planned past midnight).
 */
export function nextGate(run: Run): NextGate | null {
  const states = new Map(run.steps.map((s) => [s.step_id, s.state]));
  const settled = (id: number) => ['done', 'skipped'].includes(states.get(id) ?? 'pending');
  const order = walkOrder(run);
  const gate = order.find((w) => w.step.kind === 'gate' && !settled(w.stepId));
  if (!gate) return null;
  const stepsBefore = order.filter((w) => w.index < gate.index && !settled(w.stepId)).length;
  const start = Date.parse(run.started_at ?? run.created_at);
  let dueAt: number | null = null;
  if (gate.step.planned_offset_min !== null && !Number.isNaN(start)) {
    dueAt = start + gate.step.planned_offset_min * 60_000;
  } else if (gate.step.planned_at && !Number.isNaN(start)) {
    const [h, m] = gate.step.planned_at.split(':').map(Number);
    const d = new Date(start);
    d.setHours(h ?? 0, m ?? 0, 0, 0);
    if (d.getTime() < start - 12 * 3_600_000) d.setDate(d.getDate() + 1);
    dueAt = d.getTime();
  }
  return { stepId: gate.stepId, number: gate.number, title: gate.step.title, stepsBefore, dueAt };
}

/** `Next gate 2.4 “Production go/no-go”: 3 steps before it · due in 14m` (or `· 5m late`). */
export function nextGateLabel(gate: NextGate, now: number): string {
  const parts = [gate.stepsBefore === 0 ? 'up now' : `${gate.stepsBefore} step${gate.stepsBefore === 1 ? '' : 's'} before it`];
  if (gate.dueAt !== null) {
    const ms = gate.dueAt - now;
    parts.push(ms >= 0 ? `due in ${formatDuration(ms)}` : `${formatDuration(-ms)} late`);
  }
  return `Next gate ${gate.number} “${gate.title}”: ${parts.join(' · ')}`;
}
