import { Alert } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { onWorkspaceConnection } from '../ipc/app';

/**
 * While a team workspace's server does not answer: says so, and that nothing is changed meanwhile. It goes away
 * by itself when the server is back (the app reconnects on its own).
 */
export function ConnectionBanner() {
  const [away, setAway] = useState<string | null>(null);
  useEffect(() => {
    let stop: (() => void) | undefined;
    let live = true;
    void onWorkspaceConnection((c) => setAway(c.reachable ? null : (c.message ?? 'the server does not answer'))).then(
      (unlisten) => {
        if (live) stop = unlisten;
        else unlisten();
      },
    );
    return () => {
      live = false;
      stop?.();
    };
  }, []);
  if (!away) return null;
  return (
    <Alert
      color="red"
      variant="filled"
      mb="md"
      icon={<IconPlugConnectedX />}
      title="The team workspace is unreachable"
      data-testid="connection-banner"
    >
      {away}. Every change is refused until it answers again, and nothing is half-written; Runsheet reconnects by
      itself.
    </Alert>
  );
}
