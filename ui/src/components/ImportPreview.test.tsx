import { MantineProvider } from '@mantine/core';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportedPhase, ImportedPlan, ImportedStep, SectionUse } from '../ipc/types';
import { type Choices, choose, flattenPhases, planCounts, toImportChoices } from '../lib/importedPlan';
import { ImportPreview } from './ImportPreview';

function step(title: string, extra: Partial<ImportedStep> = {}): ImportedStep {
  return { title, done: false, commands: [], owner: null, planned_time: null, duration_min: null, instructions: '', line: 1, ...extra };
}

let line = 0;
function phase(title: string, steps: ImportedStep[], phases: ImportedPhase[] = [], extra: Partial<ImportedPhase> = {}): ImportedPhase {
  line += 10;
  return { title, original_title: `## ${title}`, line, steps, phases, notes: '', commands: [], use_as: 'run', why: '', duration_min: null, starts: null, ...extra };
}

function plan(extra: Partial<ImportedPlan> = {}): ImportedPlan {
  return {
    title: 'SwipeSavvy go-live',
    file_name: 'plan.md',
    phases: [
      phase(
        'Preparation',
        [step('Freeze deploys', { done: true, owner: 'Release manager', planned_time: '09:00', duration_min: 15 })],
        [
          phase('Database', [step('Back up', { commands: [{ label: '', language: 'sh', command: 'pg_dump prod > backup.sql' }] })], [phase('Replicas', [step('Check lag')], [], { use_as: 'preparation' })], {
            use_as: 'preparation',
          }),
        ],
        { use_as: 'preparation', why: 'preparation before the go-live' },
      ),
      phase('Cutover', [step('Switch traffic'), step('Watch errors')], [], { duration_min: 45 }),
      phase('Contacts', [], [], { use_as: 'notes', why: 'reference text, with nothing to tick', notes: 'Call **Dana**' }),
    ],
    signoff_roles: ['CTO', 'QA lead'],
    go_criteria: ['All checks green'],
    no_go_criteria: ['Error rate above 1%'],
    success_criteria: ['Error Rate: <1%'],
    notes: 'Release window **Saturday**',
    encoding: { detected: 'UTF-8', transcoded: false, repaired_total: 0, repaired: [], unrepaired_total: 0, unrepaired: [] },
    warnings: [],
    window: { start: '02:00', end: '06:00', zone: 'UTC', day: 'Saturday, January 4', line: 40 },
    ...extra,
  };
}

/** The preview with its choices held as the dialog holds them. */
function Harness({ p, onChoices }: { p: ImportedPlan; onChoices?: (c: Choices) => void }) {
  const [title, setTitle] = useState(p.title);
  const [choices, setChoices] = useState<Choices>(new Map());
  return (
    <ImportPreview
      plan={p}
      title={title}
      onTitle={setTitle}
      choices={choices}
      onChoose={(l: number, use: SectionUse) =>
        setChoices((c) => {
          const next = choose(p, c, l, use);
          onChoices?.(next);
          return next;
        })
      }
    />
  );
}

function show(p: ImportedPlan, onChoices?: (c: Choices) => void) {
  render(
    <MantineProvider>
      <Harness p={p} onChoices={onChoices} />
    </MantineProvider>,
  );
}

const useOf = (title: string) => {
  const row = Array.from(document.querySelectorAll('[data-testid^="import-section-"]')).find((r) => r.textContent?.includes(title));
  return row?.getAttribute('data-use');
};

describe('ImportPreview', () => {
  afterEach(cleanup);

  it('opens on a summary of what it saves as, and lists every section with its proposed use and why', () => {
    show(plan());
    const summary = screen.getByTestId('import-summary').textContent ?? '';
    expect(summary).toContain('SwipeSavvy go-live: 2 steps in 1 section, then 3 gates before the cutover');
    expect(summary).toContain('SwipeSavvy go-live — preparation: 3 steps');
    expect(summary).toContain('1 section kept as notes');
    expect(screen.getByTestId('import-window').textContent).toContain('02:00–06:00 UTC (Saturday, January 4), from line 40');
    const rows = Array.from(document.querySelectorAll('[data-testid^="import-section-"]'));
    expect(rows.map((r) => r.getAttribute('data-use'))).toEqual(['preparation', 'preparation', 'preparation', 'run', 'notes']);
    expect(rows[3]!.textContent).toContain('45m');
    expect(screen.getByText('reference text, with nothing to tick')).toBeTruthy();
    expect(screen.getByTestId('import-counts').textContent).toContain('5 sections · 5 items · 1 command');
  });

  it('a changed section takes its nested sections with it, and the summary follows', () => {
    const p = plan();
    let last: Choices = new Map();
    show(p, (c) => (last = c));
    const prep = p.phases[0]!;
    fireEvent.change(screen.getByTestId(`import-use-${prep.phases[0]!.line}`), { target: { value: 'skip' } });
    expect(useOf('Replicas')).toBe('skip');
    fireEvent.change(screen.getByTestId(`import-use-${prep.line}`), { target: { value: 'run' } });
    expect([useOf('Preparation'), useOf('Database'), useOf('Replicas')]).toEqual(['run', 'run', 'run']);
    expect(screen.getByTestId('import-summary-run').textContent).toContain('5 steps in 4 sections');
    expect(screen.queryByTestId('import-summary-preparation')).toBeNull();
    expect(toImportChoices('  New title ', p, last)).toEqual({ title: 'New title', sections: [{ line: prep.line, use_as: 'run' }] });
    expect(toImportChoices(p.title, p, new Map()).title).toBeNull();
  });

  it('shows a section’s steps with owner, time, duration and commands when opened', () => {
    show(plan());
    expect(screen.queryByTestId('import-step-0-0')).toBeNull();
    fireEvent.click(screen.getAllByLabelText('Show what it holds')[0]!);
    const first = screen.getByTestId('import-step-0-0');
    expect(first.getAttribute('data-done')).toBe('true');
    expect(first.textContent).toContain('Release manager');
    expect(first.textContent).toContain('09:00');
    expect(first.textContent).toContain('15m');
    expect(screen.getByTestId('import-signoff').textContent).toContain('QA lead');
    expect(screen.getByTestId('import-no-go').textContent).toContain('Error rate above 1%');
    expect(screen.getByTestId('import-success').textContent).toContain('Error Rate: <1%');
    expect(screen.getByTestId('import-notes').innerHTML).toContain('<strong>Saturday</strong>');
    expect(screen.queryByTestId('import-warnings')).toBeNull();
    expect(screen.queryByTestId('import-encoding')).toBeNull();
  });

  it('lists warnings, and keeps encoding repairs behind a disclosure', () => {
    show(
      plan({
        warnings: ['line 40: `9.30am` is not a time'],
        encoding: {
          detected: 'windows-1252',
          transcoded: true,
          repaired_total: 3,
          repaired: [{ original: 'ðŸš€', repaired: '🚀', code_page: 'windows-1252', restored_lost_byte: false, count: 3, lines: [2, 9] }],
          unrepaired_total: 0,
          unrepaired: [],
        },
      }),
    );
    expect(screen.getByTestId('import-warnings').textContent).toContain('9.30am');
    expect(screen.getByTestId('import-encoding').textContent).toContain('windows-1252');
    expect(screen.getByTestId('import-encoding').textContent).not.toContain('🚀');
    fireEvent.click(screen.getByTestId('import-encoding-toggle'));
    const enc = screen.getByTestId('import-encoding').textContent ?? '';
    expect(enc).toContain('🚀');
    expect(enc).toContain('2, 9');
  });
});

describe('flattenPhases', () => {
  it('walks depth first and counts every step and command', () => {
    const p = plan();
    expect(flattenPhases(p.phases).map((x) => `${x.depth}${x.phase.title}`)).toEqual(['0Preparation', '1Database', '2Replicas', '0Cutover', '0Contacts']);
    expect(planCounts(p)).toEqual({ phases: 5, steps: 5, commands: 1 });
  });
});
