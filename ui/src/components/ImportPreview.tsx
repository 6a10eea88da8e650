import { Alert, Badge, Box, Button, Group, List, NativeSelect, Paper, Stack, Table, Text, TextInput, ThemeIcon, UnstyledButton } from '@mantine/core';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconClock, IconSquare, IconSquareCheck, IconUser } from '@tabler/icons-react';
import { useState } from 'react';
import type { ImportedPhase, ImportedPlan, ImportedStep, SectionUse } from '../ipc/types';
import { type Choices, effectiveUses, encodingWorthShowing, planCounts, SECTION_USE_LABEL, SECTION_USES, useTotals } from '../lib/importedPlan';
import { formatMinutes } from '../lib/time';
import { CommandBlock } from './CommandBlock';
import { Markdown } from './Markdown';

/** What an imported Markdown plan becomes, before it is saved: a summary, every section with what the importer
 * proposes to make of it (changeable), the criteria, and the text repairs behind a disclosure. */
export function ImportPreview({
  plan,
  title,
  onTitle,
  choices,
  onChoose,
}: {
  plan: ImportedPlan;
  title: string;
  onTitle: (title: string) => void;
  choices: Choices;
  onChoose: (line: number, use: SectionUse) => void;
}) {
  const counts = planCounts(plan);
  const sections = effectiveUses(plan, choices);
  const totals = useTotals(plan, choices);
  const gates = plan.signoff_roles.length + (plan.go_criteria.length + plan.no_go_criteria.length > 0 ? 1 : 0);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (path: string) =>
    setOpen((o) => {
      const next = new Set(o);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  return (
    <Stack gap="md" data-testid="import-preview">
      <div>
        <TextInput label="Runbook title" value={title} onChange={(e) => onTitle(e.currentTarget.value)} data-testid="import-title-input" />
        <Text size="sm" c="dimmed" mt={4} data-testid="import-counts">
          {plan.file_name} · {counts.phases} section{counts.phases === 1 ? '' : 's'} · {counts.steps} item{counts.steps === 1 ? '' : 's'} ·{' '}
          {counts.commands} command{counts.commands === 1 ? '' : 's'}
        </Text>
      </div>

      <Paper withBorder p="sm" data-testid="import-summary">
        <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb={6}>
          Saves as
        </Text>
        <List size="sm" spacing={4}>
          <List.Item data-testid="import-summary-run">
            <b>{title.trim() || plan.title}</b>: {count(totals.run.steps, 'step')} in {count(totals.run.sections, 'section')}
            {gates > 0 && `, then ${count(gates, 'gate')} before the cutover`}
          </List.Item>
          {totals.preparation.steps > 0 && (
            <List.Item data-testid="import-summary-preparation">
              <b>{title.trim() || plan.title} — preparation</b>: {count(totals.preparation.steps, 'step')}
            </List.Item>
          )}
          {totals.follow_up.steps > 0 && (
            <List.Item data-testid="import-summary-follow-up">
              <b>{title.trim() || plan.title} — follow-up</b>: {count(totals.follow_up.steps, 'step')}
            </List.Item>
          )}
          {totals.rollback.sections > 0 && <List.Item data-testid="import-summary-rollback">A rollback plan, from {count(totals.rollback.sections, 'section')}</List.Item>}
          {totals.notes.sections > 0 && (
            <List.Item data-testid="import-summary-notes">
              {count(totals.notes.sections, 'section')} kept as notes in the description{totals.notes.steps > 0 && ` (${count(totals.notes.steps, 'item')} not to tick)`}
            </List.Item>
          )}
          {totals.skip.sections > 0 && <List.Item>{count(totals.skip.sections, 'section')} left out</List.Item>}
          {plan.window && (
            <List.Item data-testid="import-window">
              Maintenance window {plan.window.start}–{plan.window.end}
              {plan.window.zone && ` ${plan.window.zone}`}
              {plan.window.day && ` (${plan.window.day})`}, from line {plan.window.line}
            </List.Item>
          )}
        </List>
      </Paper>

      {plan.warnings.length > 0 && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Check before saving" data-testid="import-warnings">
          <List size="sm">
            {plan.warnings.map((w, i) => (
              <List.Item key={i}>{w}</List.Item>
            ))}
          </List>
        </Alert>
      )}

      {plan.phases.length === 0 ? (
        <Alert color="gray">No sections were found: headings become phases, task lists and timeline tables become steps.</Alert>
      ) : (
        <Table verticalSpacing={4} layout="fixed" data-testid="import-sections">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Section</Table.Th>
              <Table.Th ta="right" w={64}>
                Items
              </Table.Th>
              <Table.Th w={200}>Becomes</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {sections.map(({ phase, depth, path, use }) => (
              <SectionRow key={path} phase={phase} depth={depth} path={path} use={use} expanded={open.has(path)} onToggle={() => toggle(path)} onChoose={onChoose} />
            ))}
          </Table.Tbody>
        </Table>
      )}

      <Criteria title="Sign-off" items={plan.signoff_roles} testId="import-signoff" />
      <Criteria title="Go criteria" items={plan.go_criteria} testId="import-go" />
      <Criteria title="No-go criteria" items={plan.no_go_criteria} testId="import-no-go" />
      <Criteria title="Success criteria" items={plan.success_criteria} testId="import-success" />

      {plan.notes.trim() && (
        <Paper withBorder p="sm" data-testid="import-notes">
          <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb={4}>
            Notes: text before the first section
          </Text>
          <Markdown source={plan.notes} size="sm" />
        </Paper>
      )}
      {encodingWorthShowing(plan) && <EncodingAlert plan={plan} />}
    </Stack>
  );
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

const USE_COLOUR: Record<SectionUse, string> = {
  run: 'blue',
  preparation: 'teal',
  follow_up: 'cyan',
  notes: 'gray',
  rollback: 'grape',
  skip: 'gray',
};

function SectionRow({
  phase,
  depth,
  path,
  use,
  expanded,
  onToggle,
  onChoose,
}: {
  phase: ImportedPhase;
  depth: number;
  path: string;
  use: SectionUse;
  expanded: boolean;
  onToggle: () => void;
  onChoose: (line: number, use: SectionUse) => void;
}) {
  const items = phase.steps.length + phase.commands.length;
  const minutes = phase.duration_min;
  return (
    <>
      <Table.Tr data-testid={`import-section-${phase.line}`} data-use={use} style={{ opacity: use === 'skip' ? 0.5 : 1 }}>
        <Table.Td style={{ paddingLeft: 8 + depth * 22, overflow: 'hidden' }}>
          <Group gap={6} wrap="nowrap">
            <UnstyledButton onClick={onToggle} aria-expanded={expanded} aria-label={expanded ? 'Hide what it holds' : 'Show what it holds'} disabled={items === 0 && !phase.notes.trim()}>
              {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
            </UnstyledButton>
            <div style={{ minWidth: 0 }}>
              <Text size="sm" fw={depth === 0 ? 600 : 400} truncate="end" title={`${phase.original_title} (line ${phase.line})`}>
                {phase.title}
                {minutes !== null && (
                  <Badge ml={6} size="xs" variant="light" color="gray" leftSection={<IconClock size={10} />}>
                    {formatMinutes(minutes)}
                    {phase.starts && ` from ${phase.starts}`}
                  </Badge>
                )}
              </Text>
              {phase.why && (
                <Text size="xs" c="dimmed" truncate="end" data-testid={`import-why-${phase.line}`}>
                  {phase.why}
                </Text>
              )}
            </div>
          </Group>
        </Table.Td>
        <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {items > 0 ? items : ''}
        </Table.Td>
        <Table.Td>
          <NativeSelect
            size="xs"
            value={use}
            onChange={(e) => onChoose(phase.line, e.currentTarget.value as SectionUse)}
            data={SECTION_USES.map((u) => ({ value: u, label: SECTION_USE_LABEL[u] }))}
            styles={{ input: { color: `var(--mantine-color-${USE_COLOUR[use]}-filled)`, fontWeight: 600 } }}
            aria-label={`What ${phase.title} becomes`}
            data-testid={`import-use-${phase.line}`}
          />
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={3} style={{ paddingLeft: 8 + depth * 22 }}>
            <PhaseBlock phase={phase} path={path} />
          </Table.Td>
        </Table.Tr>
      )}
    </>
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

function PhaseBlock({ phase, path }: { phase: ImportedPhase; path: string }) {
  return (
    <Stack gap={6} data-testid={`import-phase-${path}`}>
      {phase.notes.trim() && <Markdown source={phase.notes} size="sm" />}
      {phase.commands.map((c, i) => (
        <CommandBlock key={`c${i}`} command={c} />
      ))}
      {phase.steps.map((step, i) => (
        <StepLine key={i} step={step} testId={`import-step-${path}-${i}`} />
      ))}
    </Stack>
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
  const [shown, setShown] = useState(false);
  return (
    <Alert color="blue" title="Text repaired" data-testid="import-encoding">
      <Stack gap={6}>
        <Group gap="xs" justify="space-between">
          <Text size="sm">
            Read as {e.detected}
            {e.transcoded && ' (the file was not UTF-8)'}. {e.repaired_total} garbled sequence{e.repaired_total === 1 ? '' : 's'} repaired
            {e.unrepaired_total > 0 && `, ${e.unrepaired_total} left as they were`}.
          </Text>
          <Button size="compact-xs" variant="subtle" onClick={() => setShown((s) => !s)} data-testid="import-encoding-toggle">
            {shown ? 'Hide details' : 'Show details'}
          </Button>
        </Group>
        {shown && (
          <>
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
          </>
        )}
      </Stack>
    </Alert>
  );
}
