import { Alert, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { AppError } from '../ipc/invoke';
import { saveCheckSuite } from '../ipc/checks';
import type { CheckSuite } from '../ipc/types';
import { sourceError, type SourceError } from '../lib/checkSuite';
import { YamlEditor } from './YamlEditor';

/**
 * A check suite's name and YAML source. A save the backend refuses shows its message at the editor and marks
 * the line it names. Mount with a `key` per suite: it keeps its own draft.
 */
export function SuiteEditor({
  suite,
  onSaved,
  onDelete,
}: {
  /** The suite to edit; `id` 0 for a new one. */
  suite: Pick<CheckSuite, 'id' | 'name' | 'source'>;
  onSaved: (suite: CheckSuite) => void;
  onDelete: () => void;
}) {
  const [name, setName] = useState(suite.name);
  const [source, setSource] = useState(suite.source);
  const [error, setError] = useState<SourceError | null>(null);
  const [busy, setBusy] = useState(false);
  const changed = name !== suite.name || source !== suite.source;

  const save = async () => {
    setBusy(true);
    try {
      const saved = await saveCheckSuite(suite.id, name.trim(), source);
      setError(null);
      onSaved(saved);
    } catch (e) {
      setError(sourceError(AppError.from(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack gap="sm">
        <Group align="flex-end" wrap="nowrap">
          <TextInput
            label="Suite name"
            placeholder="smoke-staging"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            style={{ flex: 1 }}
            required
            data-testid="suite-name"
          />
          <Button type="submit" leftSection={<IconDeviceFloppy size={18} />} loading={busy} disabled={!changed && suite.id !== 0} data-testid="suite-save">
            Save
          </Button>
          {suite.id !== 0 && (
            <Button variant="subtle" color="red" leftSection={<IconTrash size={18} />} onClick={onDelete} data-testid="suite-delete">
              Delete
            </Button>
          )}
        </Group>
        <YamlEditor initialValue={suite.source} onChange={setSource} onSave={() => void save()} errorLine={error?.line ?? null} label="Checks file (YAML)" testId="suite-source" />
        {error && (
          <Alert color="red" variant="light" data-testid="suite-error" data-line={error.line ?? undefined} data-column={error.column ?? undefined}>
            {error.line !== null && (
              <Text span fw={700} ff="monospace">
                Line {error.line}
                {error.column !== null && `, column ${error.column}`}:{' '}
              </Text>
            )}
            {error.message}
          </Alert>
        )}
        {changed && suite.id !== 0 && (
          <Text size="xs" c="dimmed" data-testid="suite-unsaved">
            Unsaved changes: a run uses the saved version.
          </Text>
        )}
      </Stack>
    </form>
  );
}
