import { Alert, Button, Code, Group, Loader, Modal, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconKey, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { showDone } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { useNow } from '../hooks/useNow';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { AppError } from '../ipc/invoke';
import { deleteSecret, listSecrets, setSecret } from '../ipc/secrets';
import { formatAgo, formatDateTime } from '../lib/time';

/** What the secret dialog is for: a new secret (name and value) or a new value for an existing one. */
type Editing = { kind: 'add' } | { kind: 'replace'; name: string } | null;

/** Secret names and when they were set. Values go to the OS keyring and are never shown or read back. */
export function SecretsPage() {
  const secrets = useAsync(listSecrets, [], 'Secrets');
  const now = useNow(60_000);
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  useWorkspaceChanged((c) => {
    if (c.entity === 'secret') secrets.reload();
  });

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>Secrets</Title>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing({ kind: 'add' })} data-testid="add-secret">
          Add secret
        </Button>
      </Group>
      <Text c="dimmed" data-testid="secrets-explainer">
        Values live in your operating system’s keyring, never in the workspace file; checks use them as{' '}
        <Code>{'{{ secret:name }}'}</Code> and results show them redacted.
      </Text>
      {secrets.error && <Alert color="red">{secrets.error.message}</Alert>}
      {secrets.loading && !secrets.data ? (
        <Loader />
      ) : (secrets.data ?? []).length === 0 ? (
        <Alert color="gray" title="No secrets yet">
          Add the passwords and tokens your checks need: a database password, an API token.
        </Alert>
      ) : (
        <Table verticalSpacing="sm" data-testid="secrets-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Value</Table.Th>
              <Table.Th>Last set</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(secrets.data ?? []).map((s) => (
              <Table.Tr key={s.name} data-testid={`secret-row-${s.name}`}>
                <Table.Td>
                  <Group gap={6}>
                    <IconKey size={16} />
                    <Text fw={600} ff="monospace">
                      {s.name}
                    </Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Text c="dimmed" aria-label="hidden">
                    ••••••••
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(s.updated_at)}>
                    {formatAgo(s.updated_at, now)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    <Button
                      size="xs"
                      variant="default"
                      leftSection={<IconRefresh size={14} />}
                      onClick={() => setEditing({ kind: 'replace', name: s.name })}
                      data-testid={`secret-replace-${s.name}`}
                    >
                      Replace
                    </Button>
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      leftSection={<IconTrash size={14} />}
                      onClick={() => setDeleting(s.name)}
                      data-testid={`secret-delete-${s.name}`}
                    >
                      Delete
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      <SecretDialog
        editing={editing}
        onClose={() => setEditing(null)}
        onSaved={(name) => {
          setEditing(null);
          showDone(`Saved secret ${name}`);
          secrets.reload();
        }}
      />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this secret?"
        message={`“${deleting ?? ''}” is removed from the keyring. Checks that use it stop until it is set again.`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (deleting === null) return;
          await deleteSecret(deleting);
          showDone(`Deleted secret ${deleting}`);
          setDeleting(null);
          secrets.reload();
        }}
      />
    </Stack>
  );
}

/** Asks for a secret's value (and, for a new one, its name). The value is dropped as soon as it is sent. */
function SecretDialog({ editing, onClose, onSaved }: { editing: Editing; onClose: () => void; onSaved: (name: string) => void }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setName(editing?.kind === 'replace' ? editing.name : '');
    setValue('');
    setError(null);
    setBusy(false);
  }, [editing]);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const saved = await setSecret(name.trim(), value);
      setValue('');
      onSaved(saved.name);
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  const replacing = editing?.kind === 'replace';
  return (
    <Modal
      opened={editing !== null}
      onClose={() => {
        setValue('');
        onClose();
      }}
      title={replacing ? `Replace the value of ${name}` : 'Add secret'}
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          {!replacing && (
            <TextInput
              label="Name"
              description="Letters, digits, '-', '_' and '.'; used as {{ secret:name }}."
              placeholder="db-password"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              required
              data-autofocus
              data-testid="secret-name"
            />
          )}
          <PasswordInput
            label={replacing ? 'New value' : 'Value'}
            description={replacing ? 'The old value is not shown; this one takes its place.' : undefined}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            autoComplete="off"
            required
            data-autofocus={replacing || undefined}
            data-testid="secret-value"
          />
          {error && (
            <Alert color="red" data-testid="form-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} disabled={value === '' || name.trim() === ''} data-testid="secret-save">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
