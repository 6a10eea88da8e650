import { Alert, Button, Group, Modal, Stack, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';

/** Asks for a reason before an action; errors from the action are shown inside the dialog. */
export function ReasonDialog({
  opened,
  title,
  description,
  confirmLabel,
  confirmColour = 'red',
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  title: string;
  description?: string;
  confirmLabel: string;
  confirmColour?: string;
  onCancel: () => void;
  /** Does the action; a rejection keeps the dialog open and shows the message. */
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (opened) {
      setReason('');
      setError(null);
      setBusy(false);
    }
  }, [opened]);

  const empty = reason.trim() === '';
  const submit = async () => {
    if (empty || busy) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
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
          label="Reason"
          description={description}
          placeholder="Why? This goes into the audit trail."
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit();
          }}
          autosize
          minRows={3}
          maxLength={2000}
          data-autofocus
          data-testid="reason-input"
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
          <Button color={confirmColour} disabled={empty} loading={busy} onClick={() => void submit()} data-testid="reason-confirm">
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
