import { Alert, Button, Text } from '@mantine/core';
import { IconHandStop, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import type { Hold, Run } from '../ipc/types';
import { holdRun, releaseRun, runHolds } from '../ipc/windows';
import { formatDateTime } from '../lib/time';
import { ReasonDialog } from './ReasonDialog';

/** The hold in force on a run, reloaded whenever the run changes. */
function useOpenHold(runId: number): { hold: Hold | null; reload: () => void } {
  const holds = useAsync(() => runHolds(runId), [runId], 'Loading holds');
  useWorkspaceChanged((c) => {
    if (c.entity === 'run' && (c.id === null || c.id === runId)) holds.reload();
  });
  useWorkspaceHead(() => holds.reload());
  return { hold: holds.data?.find((h) => h.released_at === null) ?? null, reload: holds.reload };
}

/** "Held by X: reason", across the run header while the run is held. */
export function HoldBanner({ run }: { run: Run }) {
  const { hold } = useOpenHold(run.id);
  if (!hold) return null;
  return (
    <Alert
      color="orange"
      variant="filled"
      icon={<IconHandStop size={20} />}
      data-testid="run-held"
      title={`Held by ${hold.held_by}: ${hold.reason}`}
    >
      <Text size="sm">Since {formatDateTime(hold.held_at)}. No step moves and countdowns stop until the run is released.</Text>
    </Alert>
  );
}

/** Hold or release a run, with a reason (audited); while held no step moves. */
export function HoldButton({ run }: { run: Run }) {
  const { hold, reload } = useOpenHold(run.id);
  const [asking, setAsking] = useState(false);
  const open = run.state === 'planned' || run.state === 'in_progress';
  if (!open) return null;
  const act = async (reason: string) => {
    if (hold) await releaseRun(run.id, reason);
    else await holdRun(run.id, reason);
    setAsking(false);
    reload();
  };
  return (
    <>
      {open && (
        <Button
          variant={hold ? 'filled' : 'subtle'}
          color="orange"
          leftSection={hold ? <IconPlayerPlay size={16} /> : <IconHandStop size={16} />}
          onClick={() => setAsking(true)}
          data-testid={hold ? 'run-unhold' : 'run-hold'}
        >
          {hold ? 'Release' : 'Hold'}
        </Button>
      )}
      <ReasonDialog
        opened={asking}
        title={hold ? 'Release the run' : 'Hold the run'}
        description={
          hold
            ? `Held by ${hold.held_by}: ${hold.reason}. Releasing lets steps move again.`
            : 'Nothing advances while the run is held: steps cannot be started, ticked or skipped, and countdowns stop.'
        }
        confirmLabel={hold ? 'Release' : 'Hold'}
        confirmColour="orange"
        onCancel={() => setAsking(false)}
        onConfirm={act}
      />
    </>
  );
}
