import { Alert, Badge, Box, Code, Group, Loader, NativeSelect, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useAsync } from '../hooks/useAsync';
import { useDebounced } from '../hooks/useDebounced';
import { evaluateCondition, listCheckResults } from '../ipc/checks';
import { AppError } from '../ipc/invoke';
import type { CheckResult, DiagnosticSeverity, PlaygroundResult } from '../ipc/types';
import { caretLine } from '../lib/caret';
import { parseObserved, SAMPLE_CONDITION, SAMPLE_OBSERVED } from '../lib/playground';
import { formatDateTime } from '../lib/time';

/** How long typing must pause before the condition is evaluated. */
export const PLAYGROUND_DEBOUNCE_MS = 150;

const SEVERITY_COLOUR: Record<DiagnosticSeverity, string> = { error: 'red', warning: 'orange', info: 'blue' };
const MONO = { fontFamily: 'var(--mantine-font-family-monospace)' };

function sampleLabel(r: CheckResult): string {
  return `${r.name} · ${r.environment} · ${r.status} · ${formatDateTime(r.started_at)}`;
}

/** Try a condition against a captured response, evaluated as you type, with remarks pointing at columns. */
export function ConditionPlayground() {
  const [condition, setCondition] = useState(SAMPLE_CONDITION);
  const [observedText, setObservedText] = useState(() => JSON.stringify(SAMPLE_OBSERVED, null, 2));
  const [sample, setSample] = useState('');
  const recent = useAsync(() => listCheckResults({ limit: 30 }), [], 'Recent results');

  const settledCondition = useDebounced(condition, PLAYGROUND_DEBOUNCE_MS);
  const settledObserved = useDebounced(observedText, PLAYGROUND_DEBOUNCE_MS);
  const parsed = parseObserved(settledObserved);
  const [outcome, setOutcome] = useState<{ condition: string; answer: PlaygroundResult } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const asked = useRef(0);

  const observedKey = parsed.ok ? JSON.stringify(parsed.value) : null;
  useEffect(() => {
    if (settledCondition.trim() === '') {
      asked.current += 1;
      setOutcome(null);
      setBusy(false);
      return;
    }
    if (observedKey === null) return;
    const ask = ++asked.current;
    const text = settledCondition;
    setBusy(true);
    evaluateCondition(text, JSON.parse(observedKey)).then(
      (answer) => {
        if (ask !== asked.current) return;
        setOutcome({ condition: text, answer });
        setError(null);
        setBusy(false);
      },
      (e: unknown) => {
        if (ask !== asked.current) return;
        setError(AppError.from(e).message);
        setBusy(false);
      },
    );
  }, [settledCondition, observedKey]);

  const pick = (value: string) => {
    setSample(value);
    const r = (recent.data ?? []).find((x) => String(x.id) === value);
    setObservedText(JSON.stringify(r ? r.observed : SAMPLE_OBSERVED, null, 2));
  };

  const result = outcome?.answer.result ?? null;
  return (
    <Stack maw={1000}>
      <Text c="dimmed">
        Write a condition as in a checks file and see at once whether it holds against a captured response.
      </Text>
      <TextInput
        label="Condition"
        value={condition}
        onChange={(e) => setCondition(e.currentTarget.value)}
        styles={{ input: { ...MONO, fontSize: 'var(--mantine-font-size-md)' } }}
        spellCheck={false}
        rightSection={busy ? <Loader size="xs" /> : undefined}
        data-testid="playground-condition"
      />

      <Paper withBorder p="md" radius="md" data-testid="playground-outcome">
        <Stack gap="xs">
          <Group gap="sm">
            <Title order={5}>Outcome</Title>
            {outcome && <Verdict holds={result ? result.holds : undefined} />}
          </Group>
          {result?.observed && (
            <Text size="sm" data-testid="playground-observed-text">
              {result.observed}
            </Text>
          )}
          {error && (
            <Alert color="red" data-testid="playground-error">
              {error}
            </Alert>
          )}
          {(outcome?.answer.diagnostics ?? []).map((d, i) => (
            <Box key={i} data-testid={`playground-diagnostic-${i}`} data-severity={d.severity} data-column={d.column}>
              <Code block style={{ ...MONO, whiteSpace: 'pre', lineHeight: 1.35 }}>
                {outcome?.condition}
                {'\n'}
                <Text span c={SEVERITY_COLOUR[d.severity]} fw={800} inherit data-testid={`playground-caret-${i}`}>
                  {caretLine(outcome?.condition ?? '', d.column, d.length)}
                </Text>
              </Code>
              <Group gap={6} mt={4} wrap="nowrap" align="flex-start">
                <Badge size="sm" color={SEVERITY_COLOUR[d.severity]} variant="light">
                  {d.severity}
                </Badge>
                <Text size="sm">
                  Column {d.column}: {d.message}
                </Text>
              </Group>
            </Box>
          ))}
        </Stack>
      </Paper>

      <NativeSelect
        label="Captured response"
        value={sample}
        onChange={(e) => pick(e.currentTarget.value)}
        data={[{ value: '', label: 'Example HTTP response' }, ...(recent.data ?? []).map((r) => ({ value: String(r.id), label: sampleLabel(r) }))]}
        data-testid="playground-sample"
      />
      <Textarea
        label="Observed values (JSON)"
        description="Keys: status, headers, body, response_time_ms, result, exit_code, connected, ip, dns_rcode, certificate_expires_in_s"
        value={observedText}
        onChange={(e) => setObservedText(e.currentTarget.value)}
        autosize
        minRows={6}
        maxRows={20}
        spellCheck={false}
        styles={{ input: MONO }}
        error={parsed.ok ? undefined : `Not valid JSON: ${parsed.message}`}
        data-testid="playground-observed"
      />
    </Stack>
  );
}

function Verdict({ holds }: { holds: boolean | null | undefined }) {
  const [label, colour, value] =
    holds === true
      ? ['Holds', 'teal', 'true']
      : holds === false
        ? ['Does not hold', 'red', 'false']
        : holds === null
          ? ['No data', 'gray', 'null']
          : ['Cannot be read', 'red', 'invalid'];
  return (
    <Badge size="lg" color={colour} data-testid="playground-result" data-holds={value}>
      {label}
    </Badge>
  );
}
