import { useCallback, useEffect, useReducer, useRef } from 'react';
import { cancelCheckSession, onCheckProgress, runCheckSuite, runStepChecks } from '../ipc/checks';
import type { CheckKind, CheckOutline, CheckProgress, CheckResult } from '../ipc/types';
import {
  IDLE,
  applyProgress,
  isRunning,
  sessionFailed,
  sessionKnown,
  startSession,
  withResult,
  type SessionProgress,
} from '../lib/checkProgress';

type Action =
  | { type: 'start'; suiteId: number | null; checks: { name: string; kind: CheckKind | null }[]; environment: string }
  | { type: 'known'; session: string }
  | { type: 'failed' }
  | { type: 'event'; event: CheckProgress }
  | { type: 'result'; result: CheckResult };

/** A session's progress, with the suite and environment it runs. */
export type CheckSession = SessionProgress & { suiteId: number | null; environment: string };

function reduce(state: CheckSession, action: Action): CheckSession {
  switch (action.type) {
    case 'start':
      return { ...startSession(action.checks), suiteId: action.suiteId, environment: action.environment };
    case 'known':
      return { ...sessionKnown(state, action.session), suiteId: state.suiteId, environment: state.environment };
    case 'failed':
      return { ...sessionFailed(state), suiteId: state.suiteId, environment: state.environment };
    case 'event': {
      const next = applyProgress(state, action.event);
      return next === state ? state : { ...next, suiteId: state.suiteId, environment: state.environment };
    }
    case 'result':
      return { ...withResult(state, action.result), suiteId: state.suiteId, environment: state.environment };
  }
}

/**
 * One "Run checks" session at a time, with its live table: listens to `check-progress` for as long as the
 * component is mounted, so events that arrive before `run_check_suite` answers are not lost.
 */
export function useCheckSession() {
  const [state, dispatch] = useReducer(reduce, { ...IDLE, suiteId: null, environment: '' });
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    onCheckProgress((event) => dispatch({ type: 'event', event })).then(
      (unlisten) => {
        if (live) stop = unlisten;
        else unlisten();
      },
      () => {
        // Outside Tauri (unit tests) there is no event bus.
      },
    );
    return () => {
      live = false;
      stop?.();
    };
  }, []);

  /** Starts a session; rejects (and clears the table) if the backend refuses it. */
  const start = useCallback(async (suiteId: number, environment: string, checks: Pick<CheckOutline, 'name' | 'kind'>[], only: string[]) => {
    dispatch({ type: 'start', suiteId, checks, environment });
    try {
      const session = await runCheckSuite(suiteId, environment, only);
      dispatch({ type: 'known', session });
    } catch (e) {
      dispatch({ type: 'failed' });
      throw e;
    }
  }, []);

  /** Starts a check step's checks against its run's environment; their results are the step's evidence. */
  const startStep = useCallback(async (runId: number, stepId: number, environment: string, names: string[]) => {
    dispatch({ type: 'start', suiteId: null, checks: names.map((name) => ({ name, kind: null })), environment });
    try {
      const session = await runStepChecks(runId, stepId);
      dispatch({ type: 'known', session });
    } catch (e) {
      dispatch({ type: 'failed' });
      throw e;
    }
  }, []);

  const cancel = useCallback(async () => {
    const session = stateRef.current.session;
    if (session !== null) await cancelCheckSession(session);
  }, []);

  const record = useCallback((result: CheckResult) => dispatch({ type: 'result', result }), []);

  return { state, running: isRunning(state), start, startStep, cancel, record };
}
