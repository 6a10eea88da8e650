import { Alert, Button, Group, Loader, Modal, Stack } from '@mantine/core';
import { IconFileCode, IconFileText, IconPrinter, IconReportAnalytics } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';
import { showError } from '../errors';
import { AppError } from '../ipc/invoke';
import { runReportHtml, saveRunReport, type ReportFormat } from '../ipc/reports';

// The report is shown in a sandboxed frame: no scripts run in it; `allow-same-origin` only lets this page call the
// frame's print(), and `allow-modals` lets that print dialog open.
const SANDBOX = 'allow-modals allow-same-origin';

/** "Report" on a run: its self-contained HTML report in a frame, to print or save. */
export function RunReportButton({ runId }: { runId: number }) {
  const [opened, setOpened] = useState(false);
  const [html, setHtml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<ReportFormat | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);

  const open = async () => {
    setOpened(true);
    setHtml(null);
    setError(null);
    try {
      setHtml(await runReportHtml(runId));
    } catch (e) {
      setError(AppError.from(e).message);
    }
  };

  const print = () => {
    try {
      const w = frame.current?.contentWindow;
      if (!w) throw new Error('the report is not shown yet');
      w.focus();
      w.print();
    } catch (e) {
      showError(e, 'Print');
    }
  };

  const save = async (format: ReportFormat) => {
    setSaving(format);
    try {
      const path = await saveRunReport(runId, format);
      if (path) notifications.show({ color: 'teal', title: 'Report saved', message: path, autoClose: 6000, ...({ 'data-testid': 'report-saved' } as object) });
    } catch (e) {
      showError(e, 'Save report');
    } finally {
      setSaving(null);
    }
  };

  return (
    <>
      <Button variant="default" leftSection={<IconReportAnalytics size={16} />} onClick={() => void open()} data-testid="run-report">
        Report
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title="Run report" fullScreen>
        <Stack h="calc(100vh - 90px)" gap="sm">
          <Group justify="flex-end">
            <Button variant="default" leftSection={<IconPrinter size={16} />} disabled={html === null} onClick={print} data-testid="report-print">
              Print…
            </Button>
            <Button
              variant="default"
              leftSection={<IconFileText size={16} />}
              loading={saving === 'md'}
              disabled={saving !== null}
              onClick={() => void save('md')}
              data-testid="report-save-md"
            >
              Save Markdown…
            </Button>
            <Button leftSection={<IconFileCode size={16} />} loading={saving === 'html'} disabled={saving !== null} onClick={() => void save('html')} data-testid="report-save-html">
              Save HTML…
            </Button>
          </Group>
          {error && (
            <Alert color="red" data-testid="report-error">
              {error}
            </Alert>
          )}
          {html === null && !error && <Loader />}
          {html !== null && (
            <iframe
              ref={frame}
              title="Run report"
              sandbox={SANDBOX}
              srcDoc={html}
              data-testid="report-frame"
              style={{ flex: 1, width: '100%', border: '1px solid var(--mantine-color-default-border)', borderRadius: 4, background: 'white' }}
            />
          )}
        </Stack>
      </Modal>
    </>
  );
}
