import { Text, TypographyStylesProvider } from '@mantine/core';
import { useMemo } from 'react';
import { renderMarkdown } from '../lib/markdown';

/** Markdown, rendered and sanitised; `empty` is shown for blank text. */
export function Markdown({ source, empty, size }: { source: string; empty?: string; size?: 'sm' | 'md' | 'lg' }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  if (!html) return empty ? <Text c="dimmed" fs="italic" size="sm">{empty}</Text> : null;
  return (
    <TypographyStylesProvider p={0} fz={size}>
      <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
    </TypographyStylesProvider>
  );
}
