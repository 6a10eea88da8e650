import { Badge, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  // Both faces are bundled (@fontsource-variable, imported in main.tsx); the fallbacks only cover missing glyphs.
  fontFamily: '"Inter Variable", system-ui, sans-serif',
  fontFamilyMonospace: '"JetBrains Mono Variable", ui-monospace, monospace',
  headings: { fontWeight: '700' },
  components: {
    // Times, roles and names read better as written; state badges ask for capitals themselves.
    Badge: Badge.extend({ styles: { root: { textTransform: 'none' } } }),
  },
});
