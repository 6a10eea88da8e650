import { useEffect, useRef } from 'react';
import { onWorkspaceChanged } from '../ipc/app';
import { deliverWhenSettled } from '../ipc/ownChanges';
import type { WorkspaceChanged } from '../ipc/types';

/** Calls `handler` for every `workspace-changed` event while the component is mounted. While a change of this
 * window's is in flight, events wait until its answer is on screen; `own` then says they arrived during it. */
export function useWorkspaceChanged(handler: (change: WorkspaceChanged, own: boolean) => void): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    onWorkspaceChanged((change) => deliverWhenSettled((own) => ref.current(change, own))).then(
      (unlisten) => {
        if (live) stop = unlisten;
        else unlisten();
      },
      () => {
        // Outside Tauri (unit tests) there is no event bus; nothing to listen to.
      },
    );
    return () => {
      live = false;
      stop?.();
    };
  }, []);
}
