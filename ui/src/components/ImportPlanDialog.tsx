import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { fileBytes, importPlanPreview, importPlanSave } from '../ipc/imports';
import { AppError } from '../ipc/invoke';
import type { ImportedPlan, Runbook } from '../ipc/types';
import { ImportPreview } from './ImportPreview';

type Picked = { fileName: string; bytes: number[] };

/** Imports a Markdown go-live plan: pick a file, check the preview, save it as a runbook. */
export function ImportPlanDialog({ opened, onClose, onSaved }: { opened: boolean; onClose: () => void; onSaved: (runbook: Runbook) => void }) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const [plan, setPlan] = useState<ImportedPlan | null>(null);
  const [reading, setReading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (opened) {
      setPicked(null);
      setPlan(null);
      setError(null);
      setReading(false);
      setSaving(false);
    }
  }, [opened]);

  const read = async (file: File) => {
    setReading(true);
    setError(null);
    setPlan(null);
    try {
      const next = { fileName: file.name, bytes: await fileBytes(file) };
      setPicked(next);
      setPlan(await importPlanPreview(next.fileName, next.bytes));
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setReading(false);
    }
  };

  const save = async () => {
    if (!picked) return;
    setSaving(true);
    setError(null);
    try {
      onSaved(await importPlanSave(picked.fileName, picked.bytes));
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Import a Markdown plan" size="xl" centered>
      <Stack>
        <Text size="sm" c="dimmed">
          Headings become phases, task lists and timeline tables become steps, code blocks become commands. Nothing is saved
          until you say so.
        </Text>
        <input
          type="file"
          accept=".md,.markdown,.txt"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void read(file);
          }}
          data-testid="import-file"
        />
        {reading && (
          <Group gap="xs">
            <Loader size="sm" />
            <Text size="sm">Reading {picked?.fileName ?? 'the file'}…</Text>
          </Group>
        )}
        {error && (
          <Alert color="red" data-testid="import-error">
            {error}
          </Alert>
        )}
        {plan && <ImportPreview plan={plan} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button leftSection={<IconDeviceFloppy size={18} />} disabled={!plan || reading} loading={saving} onClick={() => void save()} data-testid="import-save">
            Save as runbook
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
