import { Box, Group, Input, Paper, SegmentedControl, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Markdown } from './Markdown';

/** A Markdown textarea with a Write / Preview switch. */
export function MarkdownField({
  label,
  value,
  onChange,
  testId,
  minRows = 3,
  placeholder,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  testId?: string;
  minRows?: number;
  placeholder?: string;
}) {
  const [mode, setMode] = useState<'write' | 'preview'>('write');
  return (
    <Box>
      <Group justify="space-between" mb={4}>
        <Input.Label>{label}</Input.Label>
        <SegmentedControl
          size="xs"
          value={mode}
          onChange={(v) => setMode(v === 'preview' ? 'preview' : 'write')}
          data={[
            { value: 'write', label: 'Write' },
            { value: 'preview', label: 'Preview' },
          ]}
          data-testid={testId ? `${testId}-mode` : undefined}
        />
      </Group>
      {mode === 'write' ? (
        <Textarea
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
          autosize
          minRows={minRows}
          placeholder={placeholder ?? 'Markdown'}
          data-testid={testId}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
      ) : (
        <Paper withBorder p="sm" mih={60} data-testid={testId ? `${testId}-preview` : undefined}>
          <Markdown source={value} empty="Nothing to preview." />
        </Paper>
      )}
    </Box>
  );
}
