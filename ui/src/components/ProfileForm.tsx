import { Alert, Button, Group, Stack, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';
import { saveProfile } from '../ipc/profile';
import type { Profile } from '../ipc/types';
import { formatRoles, parseRoles } from '../lib/profile';

/** Name and roles; saves the profile and hands back what was saved. */
export function ProfileForm({
  profile,
  submitLabel,
  onSaved,
}: {
  profile: Profile | null;
  submitLabel: string;
  onSaved: (profile: Profile) => void;
}) {
  const [name, setName] = useState(profile?.name ?? '');
  const [roles, setRoles] = useState(formatRoles(profile?.roles ?? []));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setName(profile?.name ?? '');
    setRoles(formatRoles(profile?.roles ?? []));
  }, [profile]);

  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await saveProfile({ name: name.trim(), roles: parseRoles(roles) }));
    } catch (e) {
      setError(AppError.from(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <Stack>
        <TextInput
          label="Your name"
          description="Recorded as the actor of everything you do"
          placeholder="Ada Lovelace"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          data-testid="profile-name"
          data-autofocus
          required
          size="md"
        />
        <TextInput
          label="Roles"
          description="Comma-separated, e.g. Release manager, DBA"
          placeholder="Release manager, DBA"
          value={roles}
          onChange={(e) => setRoles(e.currentTarget.value)}
          data-testid="profile-roles"
          size="md"
        />
        {error && (
          <Alert color="red" data-testid="form-error">
            {error}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={busy} disabled={name.trim() === ''} data-testid="profile-save" size="md">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
