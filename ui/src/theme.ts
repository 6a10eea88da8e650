import { Badge, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily:
    'Inter, "Segoe UI", Cantarell, "Noto Sans", Ubuntu, system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono", "Fira Code", "DejaVu Sans Mono", Menlo, Consolas, monospace',
  headings: { fontWeight: '700' },
  components: {
    // Times, roles and names read better as written; state badges ask for capitals themselves.
    Badge: Badge.extend({ styles: { root: { textTransform: 'none' } } }),
  },
});
