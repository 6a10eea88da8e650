// Loaded on demand (React.lazy), like the Metrics page: the chart library is the heaviest part of the app.
import '@mantine/charts/styles.css';

import { LineChart } from '@mantine/charts';
import { Alert, Badge, Button, Card, Group, Loader, Progress, SimpleGrid, Stack, Table, Text, Title, Tooltip, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconCertificate, IconCircleOff, IconFileCode, IconFileText, IconLock } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { TextPromptDialog } from '../components/TextPromptDialog';
import { showError } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { getProfile } from '../ipc/profile';
import { saveReadinessReport, type ReportFormat } from '../ipc/reports';
import {
  attestScorecardRule,
  listScorecards,
  markScorecardRuleNa,
  scorecardHistory,
  scorecardStatus,
  type Level,
  type RuleState,
  type RuleStatus,
  type ScorecardStatus,
  type Verdict,
} from '../ipc/readiness';
import { formatDateTime } from '../lib/time';

const STATE_COLOUR: Record<RuleState, string> = { met: 'green', unmet: 'red', na: 'gray', expired: 'orange', unanswered: 'yellow' };
const STATE_LABEL: Record<RuleState, string> = { met: 'Met', unmet: 'Unmet', na: 'Not applicable', expired: 'Expired', unanswered: 'Unanswered' };
const LEVEL_COLOUR: Record<Level, string> = { critical: 'red', high: 'orange', medium: 'blue', low: 'gray' };

function VerdictBadge({ verdict, size = 'md' }: { verdict: Verdict | null; size?: 'sm' | 'md' | 'xl' }) {
  if (verdict === null) return <Badge color="gray" size={size}>Not scored</Badge>;
  return (
    <Badge color={verdict === 'ready' ? 'green' : 'red'} size={size} variant="filled" data-testid="readiness-verdict">
      {verdict === 'ready' ? 'Ready' : 'Not ready'}
    </Badge>
  );
}

/** Readiness scorecards: are we ready? A score by category, critical rules that cap the verdict, the evidence of
 * every rule, attestations signed in the app, and the score over time. */
export function ReadinessPage() {
  const cards = useAsync(listScorecards, [], 'Scorecards');
  const [chosen, setChosen] = useState<number | null>(null);
  const id = chosen ?? cards.data?.[0]?.id ?? null;
  useWorkspaceChanged((c) => {
    if (c.entity === 'scorecard' || c.entity === 'check_result') cards.reload();
  });
  useWorkspaceHead(() => cards.reload());

  if (cards.loading && !cards.data) return <Loader />;
  return (
    <Stack>
      <Title order={2}>Readiness</Title>
      {cards.error && <Alert color="red">{cards.error.message}</Alert>}
      {cards.data?.length === 0 ? (
        <Alert color="gray" data-testid="readiness-empty">
          No scorecards yet. Import a readiness checklist with <code>runsheet scorecard import FILE.md</code>: its headings become
          categories, its items rules.
        </Alert>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="sm">
            {(cards.data ?? []).map((c) => (
              <UnstyledButton key={c.id} onClick={() => setChosen(c.id)} data-testid={`scorecard-${c.id}`} aria-pressed={c.id === id}>
                <Card withBorder padding="sm" style={{ borderColor: c.id === id ? 'var(--mantine-primary-color-filled)' : undefined }}>
                  <Group justify="space-between" wrap="nowrap">
                    <div style={{ minWidth: 0 }}>
                      <Text fw={600} truncate="end" title={c.name}>
                        {c.name}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {c.environment ?? 'no environment'} · {c.rules} rules
                      </Text>
                    </div>
                    <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
                      <Text fw={800} fz="xl" style={{ fontVariantNumeric: 'tabular-nums' }}>
                        {c.score === null ? '—' : Math.round(c.score)}
                        <Text span c="dimmed" fz="sm">
                          /100
                        </Text>
                      </Text>
                      <VerdictBadge verdict={c.verdict} size="sm" />
                    </Stack>
                  </Group>
                </Card>
              </UnstyledButton>
            ))}
          </SimpleGrid>
          {id !== null && <ScorecardView key={id} id={id} onChanged={cards.reload} />}
        </>
      )}
    </Stack>
  );
}

function ScorecardView({ id, onChanged }: { id: number; onChanged: () => void }) {
  const status = useAsync(() => scorecardStatus(id), [id], 'Scorecard');
  const history = useAsync(() => scorecardHistory(id), [id], 'Score history');
  const profile = useAsync(getProfile, [], 'Profile');
  // The question stays set while its dialog closes, so that the title does not blank during the animation.
  const [ask, setAsk] = useState<{ kind: 'attest' | 'na'; rule: RuleStatus } | null>(null);
  const [asking, setAsking] = useState(false);
  const [saving, setSaving] = useState<ReportFormat | null>(null);
  const save = async (format: ReportFormat) => {
    setSaving(format);
    try {
      const path = await saveReadinessReport(id, format);
      if (path) notifications.show({ color: 'teal', title: 'Readiness report saved', message: path, autoClose: 6000, ...({ 'data-testid': 'report-saved' } as object) });
    } catch (e) {
      showError(e, 'Save the readiness report');
    } finally {
      setSaving(null);
    }
  };
  const question = (kind: 'attest' | 'na', rule: RuleStatus) => {
    setAsk({ kind, rule });
    setAsking(true);
  };
  useWorkspaceChanged((c) => {
    if ((c.entity === 'scorecard' && (c.id === null || c.id === id)) || c.entity === 'check_result') {
      status.reload();
      history.reload();
    }
  });
  useWorkspaceHead(() => {
    status.reload();
    history.reload();
  });

  const s = status.data;
  if (!s) return status.error ? <Alert color="red">{status.error.message}</Alert> : <Loader />;
  const done = (next: ScorecardStatus) => {
    status.setData(() => next);
    history.reload();
    onChanged();
    setAsking(false);
  };
  // The rule's own role, else the first of the profile's: the store refuses a role the person does not hold.
  const attestRole = (rule: RuleStatus | undefined) => rule?.attest_role ?? profile.data?.roles[0] ?? '';
  const points = (history.data ?? []).map((p) => ({ at: formatDateTime(p.at), Score: Math.round(p.score * 10) / 10 }));
  return (
    <Stack data-testid="scorecard-view">
      <Card withBorder padding="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={3}>{s.name}</Title>
            <Text size="sm" c="dimmed">
              {s.environment ? `Checks against ${s.environment}` : 'No environment'} · ready at {s.threshold} with no critical rule unmet · scored{' '}
              {formatDateTime(s.scored_at)}
            </Text>
            <Group gap="xs" mt="xs">
              <Button size="compact-sm" variant="default" leftSection={<IconFileCode size={14} />} loading={saving === 'html'} disabled={saving !== null} onClick={() => void save('html')} data-testid="readiness-save-html">
                Save report (HTML)
              </Button>
              <Button size="compact-sm" variant="default" leftSection={<IconFileText size={14} />} loading={saving === 'md'} disabled={saving !== null} onClick={() => void save('md')} data-testid="readiness-save-md">
                Markdown
              </Button>
            </Group>
          </div>
          <Group gap="md" align="center">
            <Text fw={800} fz={40} lh={1} data-testid="readiness-score" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {Math.round(s.score)}
              <Text span c="dimmed" fz="lg">
                /100
              </Text>
            </Text>
            <VerdictBadge verdict={s.verdict} size="xl" />
          </Group>
        </Group>
        {s.critical_unmet.length > 0 && (
          <Alert color="red" mt="sm" icon={<IconAlertTriangle size={18} />} title="Not ready, whatever the score" data-testid="readiness-critical">
            Critical rule{s.critical_unmet.length === 1 ? '' : 's'} not met: {s.critical_unmet.join(', ')}.
          </Alert>
        )}
        <Group gap="lg" mt="sm" data-testid="readiness-counts">
          {(['met', 'unmet', 'expired', 'unanswered', 'na'] as const).map((k) => (
            <Text key={k} size="sm" fw={600} c={`${STATE_COLOUR[k]}.7`}>
              {s.counts[k]} {STATE_LABEL[k].toLowerCase()}
            </Text>
          ))}
        </Group>
      </Card>

      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Card withBorder padding="md" data-testid="readiness-categories">
          <Title order={4} mb="sm">
            By category
          </Title>
          <Stack gap="xs">
            {s.categories.map((c) => (
              <div key={c.name}>
                <Group justify="space-between" wrap="nowrap">
                  <Text size="sm" truncate="end">
                    {c.name}
                  </Text>
                  <Text size="sm" fw={700} style={{ fontVariantNumeric: 'tabular-nums', flexShrink: 0 }}>
                    {c.score === null ? 'n/a' : `${Math.round(c.score)} %`}
                  </Text>
                </Group>
                <Progress value={c.score ?? 0} color={c.score === null ? 'gray' : c.score >= s.threshold ? 'green' : 'orange'} size="sm" />
              </div>
            ))}
          </Stack>
        </Card>
        <Card withBorder padding="md" data-testid="readiness-history">
          <Title order={4} mb="sm">
            Score over time
          </Title>
          {points.length < 2 ? (
            <Text size="sm" c="dimmed">
              The chart starts once the score has moved: it is recorded each time it changes.
            </Text>
          ) : (
            <LineChart h={220} data={points} dataKey="at" series={[{ name: 'Score', color: 'indigo.6' }]} yAxisProps={{ domain: [0, 100] }} referenceLines={[{ y: s.threshold, label: 'Ready', color: 'green.6' }]} />
          )}
        </Card>
      </SimpleGrid>

      {s.categories.map((c) => (
        <Card key={c.name} withBorder padding={0}>
          <Group justify="space-between" px="md" py="sm">
            <Title order={4}>{c.name}</Title>
            <Text fw={700}>{c.score === null ? 'n/a' : `${Math.round(c.score)} %`}</Text>
          </Group>
          <Table verticalSpacing="xs" layout="fixed">
            <Table.Tbody>
              {c.rules.map((r) => (
                <Table.Tr key={r.id} data-testid={`rule-${r.id}`} data-state={r.state}>
                  <Table.Td w={140}>
                    <Badge color={STATE_COLOUR[r.state]} variant={r.state === 'met' ? 'filled' : 'light'} size="sm">
                      {STATE_LABEL[r.state]}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Badge color={LEVEL_COLOUR[r.level]} variant="outline" size="xs" style={{ flexShrink: 0 }}>
                        {r.level}
                      </Badge>
                      <Text size="sm" fw={500} style={{ minWidth: 0 }}>
                        {r.title}
                      </Text>
                    </Group>
                    <Group gap={4} mt={2} wrap="nowrap">
                      {r.signed && (
                        <Tooltip label="Signed with an SSH key: verify with runsheet audit verify">
                          <IconLock size={12} color="var(--mantine-color-green-7)" />
                        </Tooltip>
                      )}
                      <Text size="xs" c="dimmed" data-testid={`rule-evidence-${r.id}`}>
                        {r.evidence}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td w={230} ta="right">
                    {r.state !== 'na' && (
                      <Group gap={4} justify="flex-end" wrap="nowrap">
                        {r.by === 'attestation' && (
                          <Button size="compact-xs" variant="light" leftSection={<IconCertificate size={12} />} onClick={() => question('attest', r)} data-testid={`rule-attest-${r.id}`}>
                            Attest
                          </Button>
                        )}
                        <Button size="compact-xs" variant="subtle" color="gray" leftSection={<IconCircleOff size={12} />} onClick={() => question('na', r)} data-testid={`rule-na-${r.id}`}>
                          Not applicable
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      ))}

      <TextPromptDialog
        opened={asking && ask?.kind === 'attest'}
        title={`Attest “${ask?.rule.title ?? ''}”`}
        label="Note"
        description={`Signed with your key from the OS keyring, as ${profile.data?.name ?? 'you'} in the role ${attestRole(ask?.rule)}.`}
        confirmLabel="Sign and attest"
        inputTestId="attest-note"
        confirmTestId="attest-confirm"
        onCancel={() => setAsking(false)}
        onConfirm={async (note) => {
          if (ask) done(await attestScorecardRule(id, ask.rule.id, attestRole(ask.rule), note));
        }}
      />
      <TextPromptDialog
        opened={asking && ask?.kind === 'na'}
        title={`“${ask?.rule.title ?? ''}” does not apply`}
        label="Why"
        description="It leaves the score's denominator; the reason is kept in the audit trail."
        confirmLabel="Mark not applicable"
        inputTestId="na-reason"
        confirmTestId="na-confirm"
        onCancel={() => setAsking(false)}
        onConfirm={async (reason) => {
          if (ask) done(await markScorecardRuleNa(id, ask.rule.id, reason));
        }}
      />
    </Stack>
  );
}
