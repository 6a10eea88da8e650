import { Alert, Button, Drawer, Grid, Loader, NavLink, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconFileCode, IconHistory, IconPlus, IconTestPipe } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { CheckResultDetail } from '../components/CheckResultDetail';
import { CheckResultsPanel } from '../components/CheckResultsPanel';
import { CheckRunPanel } from '../components/CheckRunPanel';
import { ConditionPlayground } from '../components/ConditionPlayground';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { SuiteEditor } from '../components/SuiteEditor';
import { TextPromptDialog } from '../components/TextPromptDialog';
import { showDone } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { useCheckSession, type CheckSession } from '../hooks/useCheckSession';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { confirmManualCheck, deleteCheckSuite, listCheckSuites } from '../ipc/checks';
import type { CheckResult, CheckSuite } from '../ipc/types';
import { IDLE, type ProgressRow } from '../lib/checkProgress';
import { SUITE_TEMPLATE } from '../lib/checkSuite';
import type { ChecksTab, Route } from '../lib/route';

type Selection = { kind: 'suite'; id: number } | { kind: 'new' } | null;
type Answer = { row: ProgressRow; passed: boolean };

const NO_SESSION: CheckSession = { ...IDLE, suiteId: null, environment: '' };

/** Check suites (edit, run with live progress), stored results and the condition playground. */
export function ChecksPage({ tab, go }: { tab: ChecksTab; go: (route: Route) => void }) {
  const checks = useCheckSession();
  const [detail, setDetail] = useState<CheckResult | null>(null);
  const [answer, setAnswer] = useState<Answer | null>(null);

  return (
    <Stack>
      <Title order={2}>Checks</Title>
      <Tabs value={tab} onChange={(t) => t && go({ page: 'checks', tab: t as ChecksTab })} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="suites" leftSection={<IconFileCode size={16} />} data-testid="checks-tab-suites">
            Suites
          </Tabs.Tab>
          <Tabs.Tab value="results" leftSection={<IconHistory size={16} />} data-testid="checks-tab-results">
            Results
          </Tabs.Tab>
          <Tabs.Tab value="playground" leftSection={<IconTestPipe size={16} />} data-testid="checks-tab-playground">
            Playground
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="suites">
          <SuitesPanel
            session={checks.state}
            running={checks.running}
            onStart={checks.start}
            onCancel={checks.cancel}
            onOpen={(row) => row.result && setDetail(row.result)}
            onAnswer={(row, passed) => setAnswer({ row, passed })}
          />
        </Tabs.Panel>
        <Tabs.Panel value="results">
          <CheckResultsPanel onOpen={setDetail} />
        </Tabs.Panel>
        <Tabs.Panel value="playground">
          <ConditionPlayground />
        </Tabs.Panel>
      </Tabs>

      <Drawer opened={detail !== null} onClose={() => setDetail(null)} position="right" size="xl" title="Check result">
        {detail && <CheckResultDetail result={detail} />}
      </Drawer>
      <TextPromptDialog
        opened={answer !== null}
        title={answer?.passed ? `Confirm “${answer.row.name}”` : `Refuse “${answer?.row.name ?? ''}”`}
        label="Note"
        description="Say what you looked at. It is kept as evidence with your name."
        confirmLabel={answer?.passed ? 'Confirm' : 'Refuse'}
        confirmColour={answer?.passed ? 'teal' : 'red'}
        inputTestId="manual-note"
        confirmTestId="manual-answer"
        onCancel={() => setAnswer(null)}
        onConfirm={async (note) => {
          if (!answer) return;
          const result = await confirmManualCheck(answer.row.name, checks.state.environment, answer.passed, note);
          checks.record(result);
          setAnswer(null);
          showDone(`${answer.passed ? 'Confirmed' : 'Refused'} ${answer.row.name}`);
        }}
      />
    </Stack>
  );
}

function SuitesPanel({
  session,
  running,
  onStart,
  onCancel,
  onOpen,
  onAnswer,
}: {
  session: CheckSession;
  running: boolean;
  onStart: ReturnType<typeof useCheckSession>['start'];
  onCancel: () => Promise<void>;
  onOpen: (row: ProgressRow) => void;
  onAnswer: (row: ProgressRow, passed: boolean) => void;
}) {
  const suites = useAsync(listCheckSuites, [], 'Check suites');
  const [selection, setSelection] = useState<Selection>(null);
  const [deleting, setDeleting] = useState<CheckSuite | null>(null);
  useWorkspaceChanged((c) => {
    if (c.entity === 'check_suite') suites.reload();
  });

  const list = suites.data ?? [];
  // Select the first suite when none is chosen, or a new draft when there is none at all.
  useEffect(() => {
    if (!suites.data) return;
    if (selection === null || (selection.kind === 'suite' && !suites.data.some((s) => s.id === selection.id))) {
      const first = suites.data[0];
      setSelection(first ? { kind: 'suite', id: first.id } : { kind: 'new' });
    }
  }, [suites.data, selection]);

  const saved = useCallback(
    (suite: CheckSuite) => {
      showDone(`Saved ${suite.name}`);
      suites.setData((d) => {
        const rest = (d ?? []).filter((s) => s.id !== suite.id);
        return [...rest, suite].sort((a, b) => a.name.localeCompare(b.name));
      });
      setSelection({ kind: 'suite', id: suite.id });
    },
    [suites],
  );

  const current = selection?.kind === 'suite' ? list.find((s) => s.id === selection.id) ?? null : null;
  const mine = current !== null && session.suiteId === current.id;

  return (
    <Grid gutter="lg">
      <Grid.Col span={{ base: 12, md: 3 }}>
        <Stack gap={4}>
          <Button variant="light" leftSection={<IconPlus size={18} />} onClick={() => setSelection({ kind: 'new' })} mb="xs" data-testid="new-suite">
            New suite
          </Button>
          {suites.error && <Alert color="red">{suites.error.message}</Alert>}
          {suites.loading && !suites.data && <Loader size="sm" />}
          {list.map((s) => (
            <NavLink
              key={s.id}
              label={s.name}
              active={selection?.kind === 'suite' && selection.id === s.id}
              onClick={() => setSelection({ kind: 'suite', id: s.id })}
              rightSection={session.suiteId === s.id && running ? <Loader size={12} /> : undefined}
              style={{ borderRadius: 'var(--mantine-radius-sm)' }}
              data-testid={`suite-item-${s.id}`}
            />
          ))}
          {suites.data && list.length === 0 && (
            <Text size="sm" c="dimmed">
              No suites yet.
            </Text>
          )}
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 9 }}>
        {selection?.kind === 'new' && (
          <Stack>
            <Text c="dimmed" size="sm">
              A suite is a checks file: environments with variables, and checks with conditions. Save it, then run it.
            </Text>
            <SuiteEditor key="new" suite={{ id: 0, name: '', source: SUITE_TEMPLATE }} onSaved={saved} onDelete={() => {}} />
          </Stack>
        )}
        {current && (
          <Stack>
            <SuiteEditor key={`${current.id}-${current.updated_at}`} suite={current} onSaved={saved} onDelete={() => setDeleting(current)} />
            <CheckRunPanel
              key={current.id}
              suiteId={current.id}
              revision={current.updated_at}
              session={mine ? session : NO_SESSION}
              running={mine && running}
              blocked={!mine && running}
              onStart={(environment, checks, only) => onStart(current.id, environment, checks, only)}
              onCancel={onCancel}
              onOpen={onOpen}
              onAnswer={onAnswer}
            />
          </Stack>
        )}
      </Grid.Col>
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this suite?"
        message={`“${deleting?.name ?? ''}” is removed. Its stored results are kept as evidence.`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await deleteCheckSuite(deleting.id);
          showDone(`Deleted ${deleting.name}`);
          setDeleting(null);
          suites.setData((d) => (d ?? []).filter((s) => s.id !== deleting.id));
        }}
      />
    </Grid>
  );
}
