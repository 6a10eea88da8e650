import { Alert, Badge, Button, Code, Group, Loader, Modal, Stack, Table, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { IconKey, IconUserPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { ReasonDialog } from '../components/ReasonDialog';
import { showDone } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { addPerson, listPeople, revokePersonKey } from '../ipc/approvals';
import { AppError } from '../ipc/invoke';
import { formatDateTime } from '../lib/time';

/**
 * The people directory: who signs off, in which roles, with which public keys. A stakeholder who never runs Runsheet
 * is added by pasting their SSH public key; keys made by Runsheet appear here on first signature.
 */
export function PeoplePage() {
  const people = useAsync(listPeople, [], 'People');
  const [adding, setAdding] = useState(false);
  const [revoking, setRevoking] = useState<string | null>(null);
  useWorkspaceChanged((c) => {
    if (c.entity === 'person' || c.entity === 'run' || c.entity === 'profile') people.reload();
  });

  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>People</Title>
        <Button leftSection={<IconUserPlus size={18} />} onClick={() => setAdding(true)} data-testid="add-person">
          Add stakeholder
        </Button>
      </Group>
      <Text c="dimmed">
        Sign-offs are signed with each person’s Ed25519 key. Keys that Runsheet makes stay in the signer’s OS keyring;
        only public keys are kept here. Adding, changing or revoking a key is recorded in the audit trail.
      </Text>
      {people.error && <Alert color="red">{people.error.message}</Alert>}
      {people.loading && !people.data ? (
        <Loader />
      ) : (people.data ?? []).length === 0 ? (
        <Alert color="gray" title="Nobody yet">
          People appear here when they first sign off, or when you add a stakeholder by their public key.
        </Alert>
      ) : (
        <Table verticalSpacing="sm" data-testid="people-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Principal</Table.Th>
              <Table.Th>Roles</Table.Th>
              <Table.Th>Keys</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(people.data ?? []).map((p) => (
              <Table.Tr key={p.id} data-testid={`person-row-${p.principal}`}>
                <Table.Td fw={600}>{p.name}</Table.Td>
                <Table.Td>
                  <Code>{p.principal}</Code>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {p.roles.map((r) => (
                      // Never narrower than its text: a role is not cut short ("Operations Ma…").
                      <Badge key={r} variant="outline" style={{ width: 'max-content', maxWidth: 'none' }}>
                        {r}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    {p.keys.length === 0 && (
                      <Text size="sm" c="dimmed">
                        none yet
                      </Text>
                    )}
                    {p.keys.map((k) => (
                      <Group key={k.fingerprint} gap={6} wrap="nowrap">
                        <IconKey size={14} />
                        <Tooltip label={k.public_key} maw={500} multiline>
                          <Code data-testid="person-key" td={k.revoked_at ? 'line-through' : undefined}>
                            {k.fingerprint}
                          </Code>
                        </Tooltip>
                        {k.revoked_at ? (
                          <Badge color="red" variant="light" size="sm">
                            revoked {formatDateTime(k.revoked_at)}
                          </Badge>
                        ) : (
                          <Button size="compact-xs" variant="subtle" color="red" onClick={() => setRevoking(k.fingerprint)}>
                            Revoke
                          </Button>
                        )}
                      </Group>
                    ))}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <AddPersonDialog
        opened={adding}
        onClose={() => setAdding(false)}
        onAdded={() => {
          setAdding(false);
          people.reload();
        }}
      />
      <ReasonDialog
        opened={revoking !== null}
        title={`Revoke key ${revoking ?? ''}`}
        description="Signatures recorded after this do not count; those recorded before still do."
        confirmLabel="Revoke"
        onCancel={() => setRevoking(null)}
        onConfirm={async (reason) => {
          if (revoking) await revokePersonKey(revoking, reason);
          setRevoking(null);
          showDone('Key revoked');
          people.reload();
        }}
      />
    </Stack>
  );
}

function AddPersonDialog({ opened, onClose, onAdded }: { opened: boolean; onClose: () => void; onAdded: () => void }) {
  const [name, setName] = useState('');
  const [principal, setPrincipal] = useState('');
  const [roles, setRoles] = useState('');
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const list = roles.split(',').map((r) => r.trim()).filter(Boolean);
      const p = await addPerson(name, principal, list, key.trim() || null);
      showDone(`${p.name} added`);
      setName('');
      setPrincipal('');
      setRoles('');
      setKey('');
      onAdded();
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={opened} onClose={onClose} title="Add a stakeholder" size="lg">
      <Stack gap="sm">
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="person-name" />
        <TextInput
          label="Principal"
          description="An e-mail-like id; it names them in allowed_signers."
          value={principal}
          onChange={(e) => setPrincipal(e.currentTarget.value)}
          data-testid="person-principal"
        />
        <TextInput label="Roles" description="Comma-separated, e.g. QA Lead, DBA" value={roles} onChange={(e) => setRoles(e.currentTarget.value)} data-testid="person-roles" />
        <Textarea
          label="SSH public key"
          description="The line of their ~/.ssh/id_ed25519.pub (ssh-ed25519 or sk-ssh-ed25519). Optional."
          placeholder="ssh-ed25519 AAAA… name@host"
          autosize
          minRows={2}
          value={key}
          onChange={(e) => setKey(e.currentTarget.value)}
          data-testid="person-key-input"
        />
        {error && (
          <Alert color="red" data-testid="person-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={() => void save()} disabled={busy || !name.trim() || !principal.trim()} data-testid="person-save">
            Add
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
