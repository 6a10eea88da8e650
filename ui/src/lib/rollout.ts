import type { ProposedAction, Rollback, RolloutAction, RolloutStatus } from '../ipc/types';

/** `1:05`, `0:09`: a countdown. */
export function countdown(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Seconds left in the bake now, counting down from what the status said when it was loaded. */
export function bakeRemaining(status: RolloutStatus | null, loadedAt: number, now: number): number | null {
  if (!status || status.bake_remaining_s === null) return null;
  return Math.max(0, status.bake_remaining_s - (now - loadedAt) / 1000);
}

/** Time to recover now: fixed once the rollback is verified, else counting from where it is measured. */
export function timeToRecover(rollback: Rollback, now: number): number {
  if (rollback.ended_at) return rollback.time_to_recover_s;
  return Math.max(0, (now - Date.parse(rollback.measured_from)) / 1000);
}

export const PROPOSAL: Record<ProposedAction, string> = {
  start_bake: 'Start the bake',
  wait: 'Baking: keep watching',
  promote: 'Bake passed: complete the step and go on',
  rollback: 'Rollback proposed',
  person_decides: 'Paused: a person decides',
  none: '',
};

export const LEVELS: { level: number; title: string }[] = [
  { level: 1, title: 'Feature flag' },
  { level: 2, title: 'Traffic switch' },
  { level: 3, title: 'Application rollback' },
  { level: 4, title: 'Database restore' },
];

/** The action in words, as written (templates unfilled, so no secret is read): `PUT https://lb/weights`, `./shift 50`. */
export function describeAction(action: RolloutAction): string {
  if (action.webhook) return `${action.webhook.method.toUpperCase()} ${action.webhook.url}`;
  return (action.command ?? []).join(' ');
}

/** Whether the action may run against this environment (it names the environments it may run in). */
export function actionAllowedIn(action: RolloutAction, environment: string): boolean {
  return action.allowed_environments.some((e) => e.toLowerCase() === environment.toLowerCase());
}
