import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';

/** Asks for the text of a note on a step. */
export function NoteDialog({
  opened,
  stepTitle,
  onCancel,
  onSave,
}: {
  opened: boolean;
  stepTitle: string;
  onCancel: () => void;
  onSave: (text: string) => Promise<void>;
}) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (opened) {
      setText('');
      setError(null);
      setBusy(false);
    }
  }, [opened]);

  const empty = text.trim() === '';
  const submit = async () => {
    if (empty || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onSave(text.trim());
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onCancel} title={`Note on “${stepTitle}”`} centered size="lg">
      <Stack>
        <Textarea
          label="Note"
          description="Markdown. Ctrl+Enter saves."
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
          }}
          autosize
          minRows={3}
          data-autofocus
          data-testid="note-input"
        />
        {error && (
          <Alert color="red" data-testid="form-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button disabled={empty} loading={busy} onClick={() => void submit()} data-testid="note-save">
            Save note
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
