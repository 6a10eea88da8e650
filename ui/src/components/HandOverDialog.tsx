import { Alert, Autocomplete, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useEffect, useState } from 'react';
import { listPeople } from '../ipc/approvals';
import { AppError } from '../ipc/invoke';

/**
 * Handing the run to another lead (a long bake, a shift change): who takes over, and what they need to know. The
 * note goes into the audit trail; a refusal keeps the dialog open with the message.
 */
export function HandOverDialog({
  opened,
  lead,
  onCancel,
  onConfirm,
}: {
  opened: boolean;
  lead: string;
  onCancel: () => void;
  onConfirm: (to: string, note: string) => Promise<void>;
}) {
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [people, setPeople] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!opened) return;
    setTo('');
    setNote('');
    setError(null);
    setBusy(false);
    listPeople().then(
      (list) => setPeople(list.map((p) => p.name).filter((n) => n.toLowerCase() !== lead.toLowerCase())),
      () => setPeople([]),
    );
  }, [opened, lead]);

  const ready = to.trim() !== '' && note.trim() !== '' && !busy;
  const submit = async () => {
    if (!ready) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm(to.trim(), note.trim());
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onCancel} title="Hand the run over" centered size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {lead} leads this run now. The next lead sees your note in the run header and the audit trail.
        </Text>
        <Autocomplete label="To" placeholder="Who takes the run over" data={people} value={to} onChange={setTo} data-autofocus data-testid="handover-to" />
        <Textarea
          label="Note"
          placeholder="Where it stands, what is due next, who is on call"
          autosize
          minRows={3}
          maxLength={2000}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          data-testid="handover-note"
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
          <Button disabled={!ready} loading={busy} onClick={() => void submit()} data-testid="handover-confirm">
            Hand over
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
