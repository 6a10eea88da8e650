import { Alert, Button, Code, CopyButton, Group, Loader, Modal, Stack } from '@mantine/core';
import { IconCheck, IconCopy, IconDownload, IconFileExport } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { AppError } from '../ipc/invoke';
import { exportRunbookYaml } from '../ipc/reports';

/** A file name from a title: `Blue-green go-live: v1.2` → `blue-green-go-live-v1-2.yaml`. */
export function yamlFileName(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'runbook'}.yaml`;
}

/** "Export YAML" on a runbook: its YAML in a dialog, to copy or download. */
export function ExportYamlButton({ id, title }: { id: number; title: string }) {
  const [opened, setOpened] = useState(false);
  const [yaml, setYaml] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);

  useEffect(() => {
    if (yaml === null) return;
    const u = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [yaml]);

  const open = async () => {
    setOpened(true);
    setYaml(null);
    setError(null);
    try {
      setYaml(await exportRunbookYaml(id));
    } catch (e) {
      setError(AppError.from(e).message);
    }
  };

  return (
    <>
      <Button variant="default" leftSection={<IconFileExport size={18} />} onClick={() => void open()} data-testid="export-yaml">
        Export YAML
      </Button>
      <Modal opened={opened} onClose={() => setOpened(false)} title={`${title} as YAML`} size="xl">
        <Stack>
          {error && (
            <Alert color="red" data-testid="export-yaml-error">
              {error}
            </Alert>
          )}
          {yaml === null && !error && <Loader />}
          {yaml !== null && (
            <>
              <Group justify="flex-end">
                <CopyButton value={yaml} timeout={1500}>
                  {({ copied, copy }) => (
                    <Button variant="default" color={copied ? 'teal' : undefined} leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />} onClick={copy} data-testid="export-yaml-copy">
                      {copied ? 'Copied' : 'Copy'}
                    </Button>
                  )}
                </CopyButton>
                {url && (
                  <Button component="a" href={url} download={yamlFileName(title)} leftSection={<IconDownload size={16} />} data-testid="export-yaml-download">
                    Download
                  </Button>
                )}
              </Group>
              <Code block data-testid="export-yaml-text" style={{ maxHeight: '65vh', overflow: 'auto' }}>
                {yaml}
              </Code>
            </>
          )}
        </Stack>
      </Modal>
    </>
  );
}
