import { Alert, Badge, Box, Button, Code, Group, Loader, Stack, Text, Timeline, Tooltip } from '@mantine/core';
import { memo, useCallback, useEffect, useRef, useState } from 'react';
import { showError } from '../errors';
import { listAudit } from '../ipc/audit';
import { AppError } from '../ipc/invoke';
import type { AuditEvent } from '../ipc/types';
import { useWorkspaceChanged } from '../hooks/useWorkspaceChanged';
import { useWorkspaceHead } from '../hooks/useWorkspaceHead';
import { actionColour, actionWords, eventDetails } from '../lib/auditText';
import { formatDateTime, formatTime } from '../lib/time';

/**
 * The audit trail, newest first, of one run (`runId`) or of the whole workspace (null). Reloads when
 * `refreshKey` changes and after every workspace change.
 */
export function AuditTimeline({
  runId,
  refreshKey = 0,
  pageSize = 50,
  showSubject = false,
}: {
  runId: number | null;
  refreshKey?: number;
  pageSize?: number;
  showSubject?: boolean;
}) {
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [total, setTotal] = useState(0);
  const [loading, setLoading] = useState(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  const loadNewest = useCallback(async () => {
    const mine = ++generation.current;
    try {
      const page = await listAudit(runId, null, pageSize);
      if (mine !== generation.current) return;
      // Keep the objects of events already shown, so their memoised parts do not render again.
      setEvents((shown) => {
        const bySeq = new Map(shown.map((e) => [e.seq, e]));
        return page.events.map((e) => bySeq.get(e.seq) ?? e);
      });
      setTotal(page.total);
      setError(null);
    } catch (e) {
      if (mine !== generation.current) return;
      setError(AppError.from(e).message);
      showError(e, 'Audit trail');
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }, [runId, pageSize]);

  useEffect(() => {
    setLoading(true);
    void loadNewest();
  }, [loadNewest, refreshKey]);

  useWorkspaceChanged((change) => {
    if (runId === null || (change.entity === 'run' && (change.id === null || change.id === runId))) void loadNewest();
  });
  useWorkspaceHead(() => void loadNewest());

  const loadOlder = async () => {
    const last = events[events.length - 1];
    if (!last) return;
    setLoadingOlder(true);
    const mine = generation.current;
    try {
      const page = await listAudit(runId, last.seq, pageSize);
      if (mine !== generation.current) return;
      setEvents((current) => [...current, ...page.events.filter((e) => e.seq < last.seq)]);
    } catch (e) {
      showError(e, 'Audit trail');
    } finally {
      setLoadingOlder(false);
    }
  };

  return (
    <Box data-testid="audit-timeline">
      {loading && events.length === 0 ? (
        <Loader size="sm" />
      ) : error && events.length === 0 ? (
        <Alert color="red">{error}</Alert>
      ) : events.length === 0 ? (
        <Text c="dimmed" size="sm">
          Nothing recorded yet.
        </Text>
      ) : (
        <Stack gap="sm">
          <Timeline bulletSize={14} lineWidth={2} active={events.length - 1}>
            {events.map((event) => (
              <Timeline.Item
                key={event.seq}
                color={actionColour(event.action)}
                data-testid={`audit-event-${event.seq}`}
                data-action={event.action}
                title={<EventTitle event={event} />}
              >
                <EventBody event={event} showSubject={showSubject} />
              </Timeline.Item>
            ))}
          </Timeline>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {events.length} of {total}
            </Text>
            {events.length < total && (
              <Button size="xs" variant="light" onClick={() => void loadOlder()} loading={loadingOlder} data-testid="audit-load-older">
                Load older
              </Button>
            )}
          </Group>
        </Stack>
      )}
    </Box>
  );
}

const EventTitle = memo(function EventTitle({ event }: { event: AuditEvent }) {
  const { step } = eventDetails(event);
  return (
    <Text size="sm" fw={500} lh={1.3}>
      <Text span fw={700}>
        {event.actor}
      </Text>{' '}
      {actionWords(event.action)}
      {step && (
        <>
          {' '}
          <Text span fw={600} c="var(--mantine-color-text)">
            “{step}”
          </Text>
        </>
      )}
    </Text>
  );
});

const EventBody = memo(function EventBody({ event, showSubject }: { event: AuditEvent; showSubject: boolean }) {
  const { reason, note, name, step } = eventDetails(event);
  return (
    <Stack gap={2}>
      {reason && (
        <Text size="sm" fs="italic" data-testid="audit-reason">
          “{reason}”
        </Text>
      )}
      {note && (
        <Text size="sm" c="dimmed" lineClamp={3}>
          {note}
        </Text>
      )}
      {!step && name && (
        <Text size="sm" c="dimmed">
          {name}
        </Text>
      )}
      <Group gap={6}>
        <Tooltip label={formatDateTime(event.at)} withArrow>
          <Text size="xs" c="dimmed">
            {showSubject ? formatDateTime(event.at) : formatTime(event.at)}
          </Text>
        </Tooltip>
        <Text size="xs" c="dimmed">
          event #{event.seq}
        </Text>
        {showSubject && (
          <>
            <Badge size="xs" variant="light" color={actionColour(event.action)}>
              {event.action}
            </Badge>
            <Code fz="xs">{event.subject}</Code>
          </>
        )}
      </Group>
    </Stack>
  );
});
