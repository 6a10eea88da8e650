import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { showDone } from '../errors';
import { importSignOff } from '../ipc/approvals';
import { AppError } from '../ipc/invoke';

/**
 * Imports the answer to a remote sign-off request: a response file from `runsheet signoff sign` (chosen, or its
 * text pasted from an e-mail), or the request file with the `.sig` that `ssh-keygen -Y sign` made beside it.
 */
export function ImportSignOffDialog({
  opened,
  onClose,
  onImported,
}: {
  opened: boolean;
  onClose: () => void;
  onImported: () => void;
}) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (opened) {
      setText('');
      setError(null);
    }
  }, [opened]);

  const run = async (answer: { text?: string; path?: string; sigPath?: string }) => {
    setBusy(true);
    setError(null);
    try {
      const s = await importSignOff(answer);
      showDone(`Sign-off by ${s.person} as ${s.role} imported, signature verified`);
      onImported();
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  const chooseFiles = async () => {
    try {
      const { open } = await import('@tauri-apps/plugin-dialog');
      const picked = await open({ multiple: true, filters: [{ name: 'Sign-off', extensions: ['json', 'sig'] }] });
      const files = Array.isArray(picked) ? picked : picked ? [picked] : [];
      if (files.length === 0) return;
      const sigPath = files.find((f) => f.endsWith('.sig'));
      const path = files.find((f) => !f.endsWith('.sig'));
      if (!path) {
        setError('Choose the response file, or the request file together with its .sig.');
        return;
      }
      await run({ path, sigPath });
    } catch (e) {
      setError(AppError.from(e).message);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Import a sign-off response" size="lg">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          The signature, the signer’s registered key, and that it answers an open request of this workspace are all
          checked. A tampered, replayed, expired or mismatched file is refused and says why.
        </Text>
        <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => void chooseFiles()} disabled={busy}>
          Choose the response (or the request and its .sig)…
        </Button>
        <Textarea
          label="Or paste the response"
          placeholder='{"signature":"-----BEGIN SSH SIGNATURE-----…","statement":"…"}'
          autosize
          minRows={4}
          maxRows={10}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          data-testid="import-response-text"
        />
        {error && (
          <Alert color="red" data-testid="import-response-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void run({ text })} disabled={busy || text.trim() === ''} data-testid="import-response-confirm">
            Import
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
