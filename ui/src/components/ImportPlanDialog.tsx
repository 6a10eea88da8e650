import { Alert, Button, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { fileBytes, importPlanPreview, importPlanSave } from '../ipc/imports';
import { AppError } from '../ipc/invoke';
import type { ImportedPlan, Runbook, SectionUse } from '../ipc/types';
import { type Choices, choose, toImportChoices } from '../lib/importedPlan';
import { ImportPreview } from './ImportPreview';

type Picked = { fileName: string; bytes: number[] };

/** Imports a Markdown go-live plan: pick a file, check the preview, save it as a runbook. */
export function ImportPlanDialog({ opened, onClose, onSaved }: { opened: boolean; onClose: () => void; onSaved: (runbook: Runbook) => void }) {
  const [picked, setPicked] = useState<Picked | null>(null);
  const [plan, setPlan] = useState<ImportedPlan | null>(null);
  const [title, setTitle] = useState('');
  const [choices, setChoices] = useState<Choices>(new Map());
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
      const read = await importPlanPreview(next.fileName, next.bytes);
      setPlan(read);
      setTitle(read.title);
      setChoices(new Map());
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setReading(false);
    }
  };

  const save = async () => {
    if (!picked || !plan) return;
    setSaving(true);
    setError(null);
    try {
      onSaved(await importPlanSave(picked.fileName, picked.bytes, toImportChoices(title, plan, choices)));
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
          The go-live procedure becomes the runbook; preparation and follow-up become runbooks of their own; reference text,
          contacts and diagrams stay notes; an emergency rollback becomes the rollback plan. Change any section below.
          Nothing is saved until you say so.
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
        {plan && (
          <ImportPreview
            plan={plan}
            title={title}
            onTitle={setTitle}
            choices={choices}
            onChoose={(line: number, use: SectionUse) => setChoices((c) => choose(plan, c, line, use))}
          />
        )}
        {/* Save stays in sight however long the preview is. */}
        <Group
          justify="flex-end"
          style={{ position: 'sticky', bottom: 0, background: 'var(--mantine-color-body)', paddingBlock: 'var(--mantine-spacing-sm)', borderTop: '1px solid var(--mantine-color-default-border)', zIndex: 2 }}
        >
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button leftSection={<IconDeviceFloppy size={18} />} disabled={!plan || reading} loading={saving} onClick={() => void save()} data-testid="import-save">
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
