import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';

/**
 * Asks for a required text (a reason, a note) and runs an action with it. A rejection keeps the dialog open and
 * shows the message; Ctrl+Enter confirms.
 */
export function TextPromptDialog({
  opened,
  title,
  label,
  description,
  placeholder,
  maxLength,
  confirmLabel,
  confirmColour,
  inputTestId,
  confirmTestId,
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  title: string;
  label: string;
  description?: string;
  placeholder?: string;
  maxLength?: number;
  confirmLabel: string;
  confirmColour?: string;
  inputTestId: string;
  confirmTestId: string;
  onCancel: () => void;
  onConfirm: (text: string) => Promise<void>;
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
      await onConfirm(text.trim());
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered size="lg">
      <Stack>
        <Textarea
          label={label}
          description={description}
          placeholder={placeholder}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
          }}
          autosize
          minRows={3}
          maxLength={maxLength}
          data-autofocus
          data-testid={inputTestId}
        />
        {error && (
          <Alert color="red" data-testid="form-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} data-testid="prompt-cancel">
            Cancel
          </Button>
          <Button color={confirmColour} disabled={empty} loading={busy} onClick={() => void submit()} data-testid={confirmTestId}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
