import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { YamlEditor } from './YamlEditor';

function show(errorLine: number | null, onChange = vi.fn()) {
  return render(
    <MantineProvider>
      <YamlEditor initialValue={'a: 1\nb: [\nc: 3\n'} onChange={onChange} errorLine={errorLine} label="Checks file" testId="suite-source" />
    </MantineProvider>,
  );
}

const lines = () => Array.from(screen.getByTestId('suite-source-input').querySelectorAll('.cm-line'));

describe('YamlEditor', () => {
  afterEach(cleanup);

  it('shows the text with an accessible, testable content element', () => {
    show(null);
    const content = screen.getByTestId('suite-source-input');
    expect(content.getAttribute('aria-label')).toBe('Checks file');
    expect(lines().map((l) => l.textContent)).toEqual(['a: 1', 'b: [', 'c: 3', '']);
    expect(content.querySelector('.cm-error-line')).toBeNull();
  });

  it('marks the line an error names, and moves the mark when told', () => {
    const { rerender } = show(2);
    expect(lines().map((l) => l.classList.contains('cm-error-line'))).toEqual([false, true, false, false]);
    expect(screen.getByTestId('suite-source').getAttribute('data-error-line')).toBe('2');
    rerender(
      <MantineProvider>
        <YamlEditor initialValue={'ignored'} onChange={vi.fn()} errorLine={null} label="Checks file" testId="suite-source" />
      </MantineProvider>,
    );
    expect(lines().some((l) => l.classList.contains('cm-error-line'))).toBe(false);
    expect(lines()[0]?.textContent).toBe('a: 1');
  });

  it('ignores a line number past the end', () => {
    show(99);
    expect(lines().some((l) => l.classList.contains('cm-error-line'))).toBe(false);
  });
});
