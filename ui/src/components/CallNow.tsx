import { Group, Text, Tooltip } from '@mantine/core';
import { IconPhoneCall } from '@tabler/icons-react';
import { useCallback, useEffect, useState } from 'react';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { runContacts, type CallNow as CallNowEntry, type RunContact } from '../ipc/contacts';

function reach(c: RunContact): string {
  const d = c.person.contact;
  return [d.phone, d.chat, d.email].filter(Boolean).join(' · ');
}

/** Who to call now in the run header: the role whose action is awaited, its on-call person and how to reach them;
 * the escalation contacts in the tooltip. Nothing when nobody is awaited or no contact is set. */
export function CallNow({ runId }: { runId: number }) {
  const [calls, setCalls] = useState<CallNowEntry[]>([]);
  const reload = useCallback(() => {
    runContacts(runId).then(
      (c) => setCalls(c.call_now.filter((n) => n.contacts.length > 0)),
      () => setCalls([]),
    );
  }, [runId]);
  useEffect(reload, [reload]);
  useWorkspaceChanged((change) => {
    if ((change.entity === 'run' || change.entity === 'person') && (change.id === null || change.id === runId || change.entity === 'person')) reload();
  });
  useWorkspaceHead(reload);
  if (calls.length === 0) return null;
  return (
    <Group gap="md" wrap="wrap" data-testid="run-call-now">
      {calls.map((n) => {
        const [first, ...rest] = n.contacts;
        if (!first) return null;
        const escalation = rest.map((c) => `${c.person.name}${reach(c) ? ` (${reach(c)})` : ''}`).join(', ');
        return (
          <Tooltip key={n.role} label={`${n.why}${escalation ? `. Then: ${escalation}` : ''}`} multiline maw={420}>
            <Text size="sm" fw={600} c="teal.8" style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
              <IconPhoneCall size={15} />
              Call now · {n.role}: {first.person.name}
              {reach(first) && (
                <Text span size="sm" fw={400} c="dimmed">
                  {reach(first)}
                </Text>
              )}
            </Text>
          </Tooltip>
        );
      })}
    </Group>
  );
}
