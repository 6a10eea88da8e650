import { Alert, Badge, Button, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { IconChecklist, IconFileImport, IconPlus } from '@tabler/icons-react';
import { lazy, Suspense, useLayoutEffect, useState } from 'react';
import { useAsync } from '../hooks/useAsync';
import { useNow } from '../hooks/useNow';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { launchRunbooks } from '../ipc/runbooks';
import { afterNextFrame } from '../lib/frames';
import { markLaunch } from '../lib/launchMarks';
import type { Route } from '../lib/route';
import { formatAgo, formatDateTime } from '../lib/time';

// Loaded when first opened: the list is the first screen and stays light.
// The Markdown renderer (marked, DOMPurify) comes just after the list is shown; until then a line is plain text.
const Markdown = lazy(() => import('../components/Markdown').then((m) => ({ default: m.Markdown })));
const ImportPlanDialog = lazy(() => import('../components/ImportPlanDialog').then((m) => ({ default: m.ImportPlanDialog })));

export function RunbooksPage({ go }: { go: (route: Route) => void }) {
  // The first render shows the list asked for at launch if it has arrived, else the first load waits for it;
  // reloads ask again.
  const runbooks = useAsync(launchRunbooks.take, [], 'Runbooks', () => launchRunbooks.ready()?.value);
  const now = useNow(60_000);
  const [importing, setImporting] = useState(false);
  useWorkspaceChanged((c) => {
    if (c.entity === 'runbook' || c.entity === 'run') runbooks.reload();
  });
  useWorkspaceHead(() => runbooks.reload());
  const listed = runbooks.data !== undefined;
  useLayoutEffect(() => {
    if (!listed) return;
    markLaunch('runbooks');
    afterNextFrame(() => markLaunch('painted'));
  }, [listed]);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>Runbooks</Title>
        <Group>
          <Button variant="default" leftSection={<IconFileImport size={18} />} onClick={() => setImporting(true)} data-testid="import-markdown">
            Import Markdown…
          </Button>
          <Button
            variant="light"
            leftSection={<IconChecklist size={18} />}
            onClick={() => go({ page: 'runbook-new', kind: 'checklist' })}
            data-testid="new-checklist"
          >
            New checklist
          </Button>
          <Button leftSection={<IconPlus size={18} />} onClick={() => go({ page: 'runbook-new', kind: 'runbook' })} data-testid="new-runbook">
            New runbook
          </Button>
        </Group>
      </Group>
      {runbooks.error && <Alert color="red">{runbooks.error.message}</Alert>}
      {runbooks.loading && !runbooks.data ? (
        <Loader />
      ) : runbooks.data && runbooks.data.length === 0 ? (
        <Alert color="gray" title="No runbooks yet">
          Create a runbook for a go-live, or a checklist of plain items.
        </Alert>
      ) : (
        <Table highlightOnHover verticalSpacing="md" data-testid="runbooks-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Title</Table.Th>
              <Table.Th>Kind</Table.Th>
              <Table.Th ta="right">Phases</Table.Th>
              <Table.Th ta="right">Steps</Table.Th>
              <Table.Th ta="right">Active runs</Table.Th>
              <Table.Th>Updated</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(runbooks.data ?? []).map((rb) => (
              <Table.Tr
                key={rb.id}
                className="clickable-row"
                onClick={() => go({ page: 'runbook', id: rb.id })}
                data-testid={`runbook-row-${rb.id}`}
              >
                <Table.Td maw={480}>
                  <Text fw={600} size="lg">
                    {rb.title}
                  </Text>
                  {rb.description && (
                    <Text size="sm" c="dimmed" lineClamp={1} component="div">
                      <FirstLine description={rb.description} />
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={rb.kind === 'checklist' ? 'teal' : 'indigo'}>
                    {rb.kind}
                  </Badge>
                </Table.Td>
                <Table.Td ta="right">{rb.phase_count}</Table.Td>
                <Table.Td ta="right">{rb.step_count}</Table.Td>
                <Table.Td ta="right">
                  {rb.active_runs > 0 ? (
                    <Badge color="blue" variant="filled">
                      {rb.active_runs}
                    </Badge>
                  ) : (
                    <Text c="dimmed">0</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(rb.updated_at)}>
                    {formatAgo(rb.updated_at, now)}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {importing && (
        <Suspense fallback={null}>
          <ImportPlanDialog
            opened
            onClose={() => setImporting(false)}
            onSaved={(runbook) => {
              setImporting(false);
              go({ page: 'runbook', id: runbook.id });
            }}
          />
        </Suspense>
      )}
    </Stack>
  );
}

/** A description's first non-blank line, rendered as Markdown once the renderer has loaded. */
function FirstLine({ description }: { description: string }) {
  const line = description.split('\n').find((l) => l.trim()) ?? '';
  return (
    <Suspense fallback={line}>
      <Markdown source={line} />
    </Suspense>
  );
}
