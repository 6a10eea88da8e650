import { useCallback, useEffect, useMemo, useState } from 'react';
import { rolloutStatus } from '../ipc/rollouts';
import type { RolloutStatus } from '../ipc/types';
import { useWorkspaceChanged } from './useWorkspaceChanged';
import { useWorkspaceHead } from './useWorkspaceHead';

/** A run's rollout status, reloaded whenever the run or its rollout changes (each bake round tells every window). */
export function useRolloutStatus(runId: number): { status: RolloutStatus | null; reload: () => void; loadedAt: number } {
  const [status, setStatus] = useState<RolloutStatus | null>(null);
  const [loadedAt, setLoadedAt] = useState(() => Date.now());
  const reload = useCallback(() => {
    rolloutStatus(runId).then(
      (s) => {
        setStatus(s);
        setLoadedAt(Date.now());
      },
      () => setStatus(null),
    );
  }, [runId]);
  useEffect(reload, [reload]);
  useWorkspaceChanged((change) => {
    if ((change.entity === 'rollout' || change.entity === 'run') && (change.id === null || change.id === runId)) reload();
  });
  // Changes from another process (the CLI, a bake driven elsewhere) arrive as a new workspace head.
  useWorkspaceHead(reload);
  // The same object until something in it changes: the run view's memoised side panel compares it.
  return useMemo(() => ({ status, reload, loadedAt }), [status, reload, loadedAt]);
}
