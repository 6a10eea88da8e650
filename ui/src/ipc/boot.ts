import { getProfile } from './profile';
import { listRunbooks } from './runbooks';
import type { Profile, RunbookSummary } from './types';

/**
 * What the first screen shows, asked for before React first renders: the profile and the runbook list. The page
 * then renders once, with its content, instead of a loader, then the shell, then the list (three renders and
 * layouts, each waiting for the answer the one before asked for). Each answer is taken once; a failure is left to
 * the component that asks again and reports it.
 */
type Settled<T> = { ok: true; value: T } | { ok: false };

let profile: Settled<Profile | null> | undefined;
let runbooks: Settled<RunbookSummary[]> | undefined;

/** Longest the first render waits for the answers: a slow workspace shows its loaders instead of a blank window. */
const MAX_WAIT_MS = 300;

/** Asks for the profile and the runbook list; resolves when both have answered, or after `MAX_WAIT_MS`. */
export function boot(): Promise<void> {
  const settle = <T>(p: Promise<T>, keep: (s: Settled<T>) => void) =>
    p.then(
      (value) => keep({ ok: true, value }),
      () => keep({ ok: false }),
    );
  const both = Promise.all([settle(getProfile(), (s) => (profile = s)), settle(listRunbooks(), (s) => (runbooks = s))]);
  return Promise.race([both.then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, MAX_WAIT_MS))]);
}

/** The profile read at launch (`null`: none set yet), or `undefined` if it is not there: then ask for it. */
export function bootProfile(): Profile | null | undefined {
  const got = profile;
  profile = undefined;
  return got?.ok ? got.value : undefined;
}

/** The runbook list read at launch, or `undefined` if it is not there: then ask for it. */
export function bootRunbooks(): RunbookSummary[] | undefined {
  const got = runbooks;
  runbooks = undefined;
  return got?.ok ? got.value : undefined;
}
