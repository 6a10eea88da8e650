import { useCallback, useEffect, useState } from 'react';
import { runClaims, runHandovers } from '../ipc/claims';
import type { Claim, Handover } from '../ipc/types';
import { useWorkspaceChanged } from './useWorkspaceChanged';
import { useWorkspaceHead } from './useWorkspaceHead';

/** Who is on which step of a run and who leads it, reloaded whenever the run changes (in any window or the CLI). */
export function useRunPeople(runId: number): { claims: Claim[]; handovers: Handover[]; reload: () => void } {
  const [claims, setClaims] = useState<Claim[]>([]);
  const [handovers, setHandovers] = useState<Handover[]>([]);
  const reload = useCallback(() => {
    runClaims(runId).then(setClaims, () => setClaims([]));
    runHandovers(runId).then(setHandovers, () => setHandovers([]));
  }, [runId]);
  useEffect(reload, [reload]);
  useWorkspaceChanged((change) => {
    if (change.entity === 'run' && (change.id === null || change.id === runId)) reload();
  });
  // Changes from another process (the CLI, a bake driven elsewhere) arrive as a new workspace head.
  useWorkspaceHead(reload);
  return { claims, handovers, reload };
}
