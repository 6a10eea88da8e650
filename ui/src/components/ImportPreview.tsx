import { Alert, Badge, Box, Card, Group, List, Paper, Stack, Table, Text, ThemeIcon, Title } from '@mantine/core';
import { IconAlertTriangle, IconClock, IconSquare, IconSquareCheck, IconUser } from '@tabler/icons-react';
import type { ImportedPhase, ImportedPlan, ImportedStep } from '../ipc/types';
import { encodingWorthShowing, flattenPhases, planCounts } from '../lib/importedPlan';
import { formatMinutes } from '../lib/time';
import { CommandBlock } from './CommandBlock';
import { Markdown } from './Markdown';

/** What an imported Markdown plan holds, before it is saved: phases and steps, criteria, notes and repairs. */
export function ImportPreview({ plan }: { plan: ImportedPlan }) {
  const counts = planCounts(plan);
  return (
    <Stack gap="md" data-testid="import-preview">
      <div>
        <Title order={3} data-testid="import-title">
          {plan.title}
        </Title>
        <Text size="sm" c="dimmed" data-testid="import-counts">
          {plan.file_name} · {counts.phases} phase{counts.phases === 1 ? '' : 's'} · {counts.steps} step{counts.steps === 1 ? '' : 's'} ·{' '}
          {counts.commands} command{counts.commands === 1 ? '' : 's'}
        </Text>
      </div>

      {plan.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Check before saving" data-testid="import-warnings">
          <List size="sm">
            {plan.warnings.map((w, i) => (
              <List.Item key={i}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      {encodingWorthShowing(plan) && <EncodingAlert plan={plan} />}

      {plan.notes.trim() && (
        <Paper withBorder p="sm" data-testid="import-notes">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb={4}>
            Notes: text before the first phase
          </Text>
          <Markdown source={plan.notes} size="sm" />
        </Paper>
      )}

      <Criteria title="Sign-off" items={plan.signoff_roles} testId="import-signoff" />
      <Criteria title="Go criteria" items={plan.go_criteria} testId="import-go" />
      <Criteria title="No-go criteria" items={plan.no_go_criteria} testId="import-no-go" />
      <Criteria title="Success criteria" items={plan.success_criteria} testId="import-success" />

      {plan.phases.length === 0 ? (
        <Alert color="gray">No phases were found: headings become phases, task lists and timeline tables become steps.</Alert>
      ) : (
        flattenPhases(plan.phases).map(({ phase, depth, path }) => <PhaseBlock key={path} phase={phase} depth={depth} path={path} />)
      )}
    </Stack>
  );
}

function Criteria({ title, items, testId }: { title: string; items: readonly string[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <Box data-testid={testId}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <List size="sm" spacing={2}>
        {items.map((c, i) => (
          <List.Item key={i}>{c}</List.Item>
        ))}
      </List>
    </Box>
  );
}

function PhaseBlock({ phase, depth, path }: { phase: ImportedPhase; depth: number; path: string }) {
  return (
    <Card withBorder padding="sm" style={{ marginLeft: depth * 28 }} data-testid={`import-phase-${path}`} data-depth={depth}>
      <Group justify="space-between" mb={phase.steps.length > 0 || phase.notes.trim() ? 'xs' : 0}>
        <Title order={depth === 0 ? 4 : 5} title={phase.original_title}>
          {phase.title}
        </Title>
        <Text size="xs" c="dimmed">
          line {phase.line} · {phase.steps.length} step{phase.steps.length === 1 ? '' : 's'}
        </Text>
      </Group>
      {phase.notes.trim() && <Markdown source={phase.notes} size="sm" />}
      {phase.commands.map((c, i) => (
        <CommandBlock key={`c${i}`} command={c} />
      ))}
      <Stack gap={6}>
        {phase.steps.map((step, i) => (
          <StepLine key={i} step={step} testId={`import-step-${path}-${i}`} />
        ))}
      </Stack>
    </Card>
  );
}

function StepLine({ step, testId }: { step: ImportedStep; testId: string }) {
  return (
    <Paper withBorder p="xs" radius="sm" data-testid={testId} data-done={step.done}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon variant="transparent" color={step.done ? 'green' : 'gray'} size="sm" aria-label={step.done ? 'done in the file' : 'not done'}>
          {step.done ? <IconSquareCheck size={18} /> : <IconSquare size={18} />}
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Group justify="space-between" wrap="nowrap">
            <Text fw={500} size="sm">
              {step.title}
            </Text>
            <Group gap={4} wrap="nowrap">
              {step.owner && (
                <Badge variant="outline" size="sm" leftSection={<IconUser size={11} />}>
                  {step.owner}
                </Badge>
              )}
              {step.planned_time && (
                <Badge variant="light" color="gray" size="sm" leftSection={<IconClock size={11} />}>
                  {step.planned_time}
                </Badge>
              )}
              {step.duration_min !== null && (
                <Badge variant="light" color="gray" size="sm">
                  {formatMinutes(step.duration_min)}
                </Badge>
              )}
            </Group>
          </Group>
          {step.instructions.trim() && <Markdown source={step.instructions} size="sm" />}
          {step.commands.map((c, i) => (
            <CommandBlock key={i} command={c} />
          ))}
        </Stack>
      </Group>
    </Paper>
  );
}

function EncodingAlert({ plan }: { plan: ImportedPlan }) {
  const e = plan.encoding;
  return (
    <Alert color="blue" title="Text repaired" data-testid="import-encoding">
      <Stack gap={6}>
        <Text size="sm">
          Read as {e.detected}
          {e.transcoded && ' (the file was not UTF-8)'}. {e.repaired_total} garbled sequence{e.repaired_total === 1 ? '' : 's'} repaired
          {e.unrepaired_total > 0 && `, ${e.unrepaired_total} left as they were`}.
        </Text>
        {e.repaired.length > 0 && (
          <Table withTableBorder verticalSpacing={2} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Found</Table.Th>
                <Table.Th>Repaired to</Table.Th>
                <Table.Th ta="right">Times</Table.Th>
                <Table.Th>Lines</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {e.repaired.slice(0, 20).map((r, i) => (
                <Table.Tr key={i}>
                  <Table.Td ff="monospace">{r.original}</Table.Td>
                  <Table.Td>{r.repaired}</Table.Td>
                  <Table.Td ta="right">{r.count}</Table.Td>
                  <Table.Td>{r.lines.join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {e.unrepaired.slice(0, 20).map((u, i) => (
          <Text key={i} size="sm">
            <Text span ff="monospace">
              {u.text}
            </Text>{' '}
            left as it was ({u.reason}), line{u.lines.length === 1 ? '' : 's'} {u.lines.join(', ')}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}
