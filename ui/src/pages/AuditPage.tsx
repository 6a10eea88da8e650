import { Alert, Button, Code, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { AuditTimeline } from '../components/AuditTimeline';
import { showError } from '../errors';
import { verifyAudit } from '../ipc/audit';
import type { VerifyReport } from '../ipc/types';

export function AuditPage() {
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [busy, setBusy] = useState(false);

  const verify = async () => {
    setBusy(true);
    try {
      setReport(await verifyAudit());
    } catch (e) {
      showError(e, 'Verify chain');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack maw={1000}>
      <Group justify="space-between">
        <Title order={2}>Audit trail</Title>
        <Button leftSection={<IconShieldCheck size={18} />} onClick={() => void verify()} loading={busy} data-testid="verify-audit">
          Verify chain
        </Button>
      </Group>
      {report && (
        <Alert
          color={report.intact ? 'green' : 'red'}
          title={report.intact ? 'The chain is intact' : 'The chain is broken'}
          data-testid="verify-result"
          data-intact={report.intact ? 'true' : 'false'}
          withCloseButton
          onClose={() => setReport(null)}
        >
          <Stack gap={4}>
            <Text size="sm">{report.verified} event{report.verified === 1 ? '' : 's'} checked.</Text>
            {report.problem && (
              <Text size="sm" fw={600} data-testid="verify-problem">
                {report.problem}
              </Text>
            )}
            <Text size="sm">
              Head hash: <Code data-testid="verify-head-hash">{report.head_hash || '—'}</Code>
            </Text>
          </Stack>
        </Alert>
      )}
      <Paper withBorder p="md">
        <AuditTimeline runId={null} showSubject />
      </Paper>
    </Stack>
  );
}
