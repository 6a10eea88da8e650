import { Alert, Group, Loader, SegmentedControl, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { RunsTable } from '../components/RunsTable';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { listEnvironments } from '../ipc/environments';
import { listRuns } from '../ipc/runs';
import { isRunOpen } from '../lib/runProgress';
import type { Route } from '../lib/route';

export function RunsPage({ go }: { go: (route: Route) => void }) {
  const runs = useAsync(() => listRuns(null), [], 'Runs');
  const environments = useAsync(listEnvironments, [], 'Environments');
  const [filter, setFilter] = useState<'all' | 'open' | 'closed'>('all');
  useWorkspaceChanged((c) => {
    if (c.entity === 'run') runs.reload();
    if (c.entity === 'environment') environments.reload();
  });

  const shown = (runs.data ?? []).filter(
    (r) => filter === 'all' || (filter === 'open' ? isRunOpen(r.state) : !isRunOpen(r.state)),
  );

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Runs</Title>
        <SegmentedControl
          value={filter}
          onChange={(v) => setFilter(v as typeof filter)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'open', label: 'Open' },
            { value: 'closed', label: 'Closed' },
          ]}
        />
      </Group>
      {runs.error && <Alert color="red">{runs.error.message}</Alert>}
      {runs.loading && !runs.data ? (
        <Loader />
      ) : shown.length === 0 ? (
        <Alert color="gray">No runs {filter === 'all' ? 'yet' : `that are ${filter}`}. Start one from a runbook.</Alert>
      ) : (
        <RunsTable runs={shown} environments={environments.data ?? []} onOpen={(id) => go({ page: 'run', id })} />
      )}
    </Stack>
  );
}
