import { ActionIcon, Alert, Badge, Button, ColorSwatch, Group, Loader, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title, Tooltip } from '@mantine/core';
import { IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EnvironmentBadge, TIER_LABEL } from '../components/EnvironmentBadge';
import { EnvironmentWindows } from '../components/EnvironmentWindows';
import { showDone } from '../errors';
import { useAsync } from '../hooks/useAsync';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { deleteEnvironment, listEnvironments, saveEnvironment } from '../ipc/environments';
import { AppError } from '../ipc/invoke';
import type { Environment, EnvironmentColour, Tier } from '../ipc/types';
import { removeAt, replaceAt } from '../lib/runbookDraft';

const TIERS: Tier[] = ['dev', 'staging', 'production', 'other'];

function blank(): Environment {
  return { id: 0, name: '', tier: 'dev', colour: null, description: '', variables: [] };
}

export function EnvironmentsPage() {
  const environments = useAsync(listEnvironments, [], 'Environments');
  const [editing, setEditing] = useState<Environment | null>(null);
  const [deleting, setDeleting] = useState<Environment | null>(null);
  useWorkspaceChanged((c) => {
    if (c.entity === 'environment') environments.reload();
  });

  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>Environments</Title>
        <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(blank())} data-testid="new-environment">
          New environment
        </Button>
      </Group>
      {environments.error && <Alert color="red">{environments.error.message}</Alert>}
      {environments.loading && !environments.data ? (
        <Loader />
      ) : (environments.data ?? []).length === 0 ? (
        <Alert color="gray" title="No environments yet">
          Add the places you release to: dev, staging, production (blue and green)…
        </Alert>
      ) : (
        <Table highlightOnHover verticalSpacing="sm" data-testid="environments-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Tier</Table.Th>
              <Table.Th>Colour</Table.Th>
              <Table.Th>Description</Table.Th>
              <Table.Th ta="right">Variables</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(environments.data ?? []).map((env) => (
              <Table.Tr key={env.id} className="clickable-row" onClick={() => setEditing(env)} data-testid={`env-row-${env.id}`}>
                <Table.Td>
                  <EnvironmentBadge name={env.name} environment={env} showTier={false} />
                </Table.Td>
                <Table.Td>{TIER_LABEL[env.tier]}</Table.Td>
                <Table.Td>
                  {env.colour ? (
                    <Group gap={6}>
                      <ColorSwatch size={14} color={`var(--mantine-color-${env.colour}-5)`} />
                      {env.colour}
                    </Group>
                  ) : (
                    <Text c="dimmed">—</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" lineClamp={2}>
                    {env.description}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Badge variant="light" color="gray">
                    {env.variables.length}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Group gap={4} justify="flex-end" wrap="nowrap">
                    <Tooltip label="Edit">
                      <ActionIcon variant="subtle" onClick={() => setEditing(env)} aria-label="Edit">
                        <IconEdit size={16} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label="Delete">
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        onClick={(e) => {
                          e.stopPropagation();
                          setDeleting(env);
                        }}
                        aria-label="Delete"
                        data-testid={`env-delete-${env.id}`}
                      >
                        <IconTrash size={16} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}

      {(environments.data ?? []).length > 0 && (
        <Stack gap="sm" data-testid="environment-windows">
          <Title order={3}>Change windows and freezes</Title>
          <Text size="sm" c="dimmed">
            A production gate opens only inside a change window and outside every freeze; an emergency override needs a role the gate names, and a reason.
          </Text>
          {(environments.data ?? []).map((env) => (
            <EnvironmentWindows key={env.id} environment={env} />
          ))}
        </Stack>
      )}

      <EnvironmentForm
        environment={editing}
        onClose={() => setEditing(null)}
        onSaved={(env) => {
          setEditing(null);
          showDone(`Saved ${env.name}`);
          environments.reload();
        }}
      />
      <ConfirmDialog
        opened={deleting !== null}
        title="Delete this environment?"
        message={`“${deleting?.name ?? ''}” is removed. Runs that targeted it keep its name.`}
        confirmLabel="Delete"
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return;
          await deleteEnvironment(deleting.id);
          showDone(`Deleted ${deleting.name}`);
          setDeleting(null);
          environments.reload();
        }}
      />
    </Stack>
  );
}

function EnvironmentForm({
  environment,
  onClose,
  onSaved,
}: {
  environment: Environment | null;
  onClose: () => void;
  onSaved: (environment: Environment) => void;
}) {
  const [draft, setDraft] = useState<Environment>(blank());
  const [shownFor, setShownFor] = useState<Environment | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Start from the environment each time the form opens.
  if (environment !== shownFor) {
    setShownFor(environment);
    if (environment) {
      setDraft(environment);
      setError(null);
    }
  }

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      const cleaned = { ...draft, variables: draft.variables.filter((v) => v.key.trim() !== '' || v.value.trim() !== '') };
      onSaved(await saveEnvironment(cleaned));
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal opened={environment !== null} onClose={onClose} title={draft.id === 0 ? 'New environment' : `Edit ${environment?.name ?? ''}`} size="lg" centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Stack>
          <TextInput
            label="Name"
            placeholder="production-blue"
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            data-testid="env-name"
            data-autofocus
            required
          />
          <Group grow>
            <NativeSelect
              label="Tier"
              value={draft.tier}
              onChange={(e) => setDraft({ ...draft, tier: e.currentTarget.value as Tier })}
              data={TIERS.map((t) => ({ value: t, label: TIER_LABEL[t] }))}
              data-testid="env-tier"
            />
            <NativeSelect
              label="Colour"
              value={draft.colour ?? ''}
              onChange={(e) => setDraft({ ...draft, colour: e.currentTarget.value === '' ? null : (e.currentTarget.value as EnvironmentColour) })}
              data={[
                { value: '', label: 'None' },
                { value: 'blue', label: 'Blue' },
                { value: 'green', label: 'Green' },
              ]}
              data-testid="env-colour"
            />
          </Group>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            value={draft.description}
            onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
            data-testid="env-description"
          />
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Variables <Text span c="dimmed" size="xs">(no secrets)</Text>
            </Text>
            {draft.variables.map((v, i) => (
              <Group key={i} gap="xs" wrap="nowrap">
                <TextInput
                  placeholder="KEY"
                  value={v.key}
                  onChange={(e) => setDraft({ ...draft, variables: replaceAt(draft.variables, i, { ...v, key: e.currentTarget.value }) })}
                  style={{ flex: 1 }}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  data-testid={`env-var-key-${i}`}
                />
                <TextInput
                  placeholder="value"
                  value={v.value}
                  onChange={(e) => setDraft({ ...draft, variables: replaceAt(draft.variables, i, { ...v, value: e.currentTarget.value }) })}
                  style={{ flex: 2 }}
                  data-testid={`env-var-value-${i}`}
                />
                <ActionIcon variant="subtle" color="red" onClick={() => setDraft({ ...draft, variables: removeAt(draft.variables, i) })} aria-label="Remove variable">
                  <IconTrash size={16} />
                </ActionIcon>
              </Group>
            ))}
            <Group>
              <Button
                size="xs"
                variant="light"
                leftSection={<IconPlus size={14} />}
                onClick={() => setDraft({ ...draft, variables: [...draft.variables, { key: '', value: '' }] })}
                data-testid="env-add-variable"
              >
                Add variable
              </Button>
            </Group>
          </Stack>
          {error && (
            <Alert color="red" data-testid="form-error">
              {error}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={busy} data-testid="env-save">
              Save
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
