// Live progress of a check session: `check-progress` events folded into one row per check.
import type { CheckKind, CheckProgress, CheckResult, CheckStatus } from '../ipc/types';

/** Where a check is: waiting, probing, between attempts, or ended with a status. */
export type RowState = 'queued' | 'running' | 'retrying' | CheckStatus;

export type ProgressRow = {
  name: string;
  kind: CheckKind | null;
  state: RowState;
  /** The attempt that last ended and will be retried (0 before any retry). */
  attempt: number;
  /** Why it is retried, or the result's message. */
  message: string;
  /** When the first attempt started, by this window's clock (for a running timer). */
  startedAt: number | null;
  result: CheckResult | null;
};

export type SessionProgress = {
  /** The session id once `run_check_suite` answered; null before. */
  session: string | null;
  /** Whether a session was asked for and its id is not known yet: events are kept until it is. */
  awaiting: boolean;
  /** Events that arrived before the session id was known. */
  early: CheckProgress[];
  rows: ProgressRow[];
  done: boolean;
  cancelled: boolean;
};

export const IDLE: SessionProgress = { session: null, awaiting: false, early: [], rows: [], done: false, cancelled: false };

function queuedRow(name: string, kind: CheckKind | null): ProgressRow {
  return { name, kind, state: 'queued', attempt: 0, message: '', startedAt: null, result: null };
}

/** A session about to start: every selected check queued. Events are kept until {@link sessionKnown}. */
export function startSession(checks: readonly { name: string; kind: CheckKind | null }[]): SessionProgress {
  return { ...IDLE, awaiting: true, rows: checks.map((c) => queuedRow(c.name, c.kind)) };
}

/** The session id arrived: events kept for it so far are applied, others dropped. */
export function sessionKnown(state: SessionProgress, session: string, now = Date.now()): SessionProgress {
  let next: SessionProgress = { ...state, session, awaiting: false, early: [] };
  for (const event of state.early) next = applyProgress(next, event, now);
  return next;
}

/** The session could not start: back to nothing running. */
export function sessionFailed(state: SessionProgress): SessionProgress {
  return { ...state, awaiting: false, early: [], rows: [], session: null };
}

function updateRow(rows: ProgressRow[], name: string, update: (row: ProgressRow) => ProgressRow): ProgressRow[] {
  const i = rows.findIndex((r) => r.name === name);
  if (i < 0) return [...rows, update(queuedRow(name, null))];
  const next = rows.slice();
  next[i] = update(rows[i] as ProgressRow);
  return next;
}

/** Folds one event into the table; events of other sessions are ignored. */
export function applyProgress(state: SessionProgress, event: CheckProgress, now = Date.now()): SessionProgress {
  if (state.session === null) {
    return state.awaiting ? { ...state, early: [...state.early, event] } : state;
  }
  if (event.session !== state.session) return state;
  switch (event.type) {
    case 'started':
      return { ...state, rows: updateRow(state.rows, event.name, (r) => ({ ...r, state: 'running', startedAt: r.startedAt ?? now })) };
    case 'retrying':
      return {
        ...state,
        rows: updateRow(state.rows, event.name, (r) => ({
          ...r,
          state: 'retrying',
          attempt: event.attempt,
          message: event.message,
          startedAt: r.startedAt ?? now,
        })),
      };
    case 'finished':
      return { ...state, rows: updateRow(state.rows, event.result.name, (r) => finishedRow(r, event.result)) };
    case 'done':
      return { ...state, done: true, cancelled: event.cancelled };
  }
}

function finishedRow(row: ProgressRow, result: CheckResult): ProgressRow {
  return { ...row, kind: result.kind, state: result.status, message: result.message, result };
}

/** A manual check was confirmed or refused: its row takes the stored result. */
export function withResult(state: SessionProgress, result: CheckResult): SessionProgress {
  return { ...state, rows: updateRow(state.rows, result.name, (r) => finishedRow(r, result)) };
}

/** Whether a session is under way (asked for, or started and not done). */
export function isRunning(state: SessionProgress): boolean {
  return state.awaiting || (state.session !== null && !state.done);
}

export type Counts = Record<RowState, number>;

/** How many rows are in each state. */
export function countStates(rows: readonly ProgressRow[]): Counts {
  const counts: Counts = { queued: 0, running: 0, retrying: 0, pass: 0, warn: 0, fail: 0, inconclusive: 0 };
  for (const r of rows) counts[r.state] += 1;
  return counts;
}

/** A row's duration: the result's when ended, the time so far when running, null when queued. */
export function rowDurationMs(row: ProgressRow, now: number): number | null {
  if (row.result) return row.result.duration_ms;
  if (row.startedAt === null) return null;
  return Math.max(0, now - row.startedAt);
}

/** Whether a row is a manual check waiting for a person: the run left it inconclusive and nobody answered yet. */
export function awaitsConfirmation(row: ProgressRow): boolean {
  return row.kind === 'manual' && row.state === 'inconclusive';
}
