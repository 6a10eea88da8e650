// Durations, clocks and planned times as people read them.
import type { Step } from '../ipc/types';

/** Milliseconds from `start` to `end` (or `now` when still running); null without a start. */
export function elapsedMs(start: string | null, end: string | null, now: number): number | null {
  if (!start) return null;
  const from = Date.parse(start);
  if (Number.isNaN(from)) return null;
  const to = end ? Date.parse(end) : now;
  return Math.max(0, (Number.isNaN(to) ? now : to) - from);
}

/**
 * The one way the app writes a length of time, actual or planned: `47s`, `4m 05s`, `45m`, `2h 20m`, `1h`.
 * Seconds show under an hour only; a zero part at the end is left out.
 */
export function formatDuration(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad2 = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return m === 0 ? `${h}h` : `${h}h ${pad2(m)}m`;
  if (m > 0) return s === 0 ? `${m}m` : `${m}m ${pad2(s)}s`;
  return `${s}s`;
}

/** A planned length in minutes, written as every other duration: `45m`, `1h`, `2h 05m`. */
export function formatMinutes(min: number): string {
  const m = Math.round(Math.max(0, min));
  // Planned times are whole minutes: none is `0m`, not `0s`.
  return m === 0 ? '0m' : formatDuration(m * 60_000);
}

/** When a step is planned to start: `02:45`, `T+30m`, or null. */
export function plannedLabel(step: Pick<Step, 'planned_at' | 'planned_offset_min'>): string | null {
  if (step.planned_at) return step.planned_at;
  if (step.planned_offset_min !== null) return `T+${formatMinutes(step.planned_offset_min)}`;
  return null;
}

/** Whether an actual duration went past the planned one. */
export function isOverrun(actualMs: number | null, plannedMin: number | null): boolean {
  return actualMs !== null && plannedMin !== null && plannedMin > 0 && actualMs > plannedMin * 60_000;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A local date and time, `2025-03-01 14:05`. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A local time of day with seconds, `14:05:09`. */
export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** How long ago, in rough words: `just now`, `5 min ago`, `3 h ago`, `2 d ago`. */
export function formatAgo(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}
