import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportedPhase, ImportedPlan, ImportedStep } from '../ipc/types';
import { flattenPhases, planCounts } from '../lib/importedPlan';
import { ImportPreview } from './ImportPreview';

function step(title: string, extra: Partial<ImportedStep> = {}): ImportedStep {
  return { title, done: false, commands: [], owner: null, planned_time: null, duration_min: null, instructions: '', line: 1, ...extra };
}

function phase(title: string, steps: ImportedStep[], phases: ImportedPhase[] = []): ImportedPhase {
  return { title, original_title: `## ${title}`, line: 1, steps, phases, notes: '', commands: [] };
}

function plan(extra: Partial<ImportedPlan> = {}): ImportedPlan {
  return {
    title: 'SwipeSavvy go-live',
    file_name: 'plan.md',
    phases: [
      phase('Preparation', [step('Freeze deploys', { done: true, owner: 'Release manager', planned_time: '09:00', duration_min: 15 })], [
        phase('Database', [step('Back up', { commands: [{ label: '', language: 'sh', command: 'pg_dump prod > backup.sql' }] })], [
          phase('Replicas', [step('Check lag')]),
        ]),
      ]),
      phase('Cutover', [step('Switch traffic'), step('Watch errors')]),
    ],
    signoff_roles: ['CTO', 'QA lead'],
    go_criteria: ['All checks green'],
    no_go_criteria: ['Error rate above 1%'],
    success_criteria: ['Error Rate: <1%'],
    notes: 'Release window **Saturday**',
    encoding: { detected: 'UTF-8', transcoded: false, repaired_total: 0, repaired: [], unrepaired_total: 0, unrepaired: [] },
    warnings: [],
    ...extra,
  };
}

function show(p: ImportedPlan) {
  render(
    <MantineProvider>
      <ImportPreview plan={p} />
    </MantineProvider>,
  );
}

describe('ImportPreview', () => {
  afterEach(cleanup);

  it('shows nested phases in document order, each indented by its depth', () => {
    show(plan());
    const phases = Array.from(document.querySelectorAll('[data-testid^="import-phase-"]'));
    expect(phases.map((el) => [el.getAttribute('data-testid'), el.getAttribute('data-depth')])).toEqual([
      ['import-phase-0', '0'],
      ['import-phase-0.0', '1'],
      ['import-phase-0.0.0', '2'],
      ['import-phase-1', '0'],
    ]);
    expect(phases.map((el) => el.querySelector('h4, h5')?.textContent)).toEqual(['Preparation', 'Database', 'Replicas', 'Cutover']);
    // Deeper phases are indented further.
    const indent = (el: Element) => parseFloat((el as HTMLElement).style.marginLeft || '0');
    expect(indent(phases[0]!)).toBe(0);
    expect(indent(phases[1]!)).toBeGreaterThan(indent(phases[0]!));
    expect(indent(phases[2]!)).toBeGreaterThan(indent(phases[1]!));
    expect(screen.getByTestId('import-counts').textContent).toContain('4 phases · 5 steps · 1 command');
  });

  it('shows each step’s done state, owner, time, duration and commands, and the criteria', () => {
    show(plan());
    const first = screen.getByTestId('import-step-0-0');
    expect(first.getAttribute('data-done')).toBe('true');
    expect(first.textContent).toContain('Release manager');
    expect(first.textContent).toContain('09:00');
    expect(first.textContent).toContain('15m');
    expect(screen.getByTestId('import-step-0.0-0').textContent).toContain('pg_dump prod > backup.sql');
    expect(screen.getByTestId('import-step-1-1').getAttribute('data-done')).toBe('false');
    expect(screen.getByTestId('import-signoff').textContent).toContain('QA lead');
    expect(screen.getByTestId('import-no-go').textContent).toContain('Error rate above 1%');
    expect(screen.getByTestId('import-success').textContent).toContain('Error Rate: <1%');
    expect(screen.getByTestId('import-notes').innerHTML).toContain('<strong>Saturday</strong>');
    expect(screen.queryByTestId('import-warnings')).toBeNull();
    expect(screen.queryByTestId('import-encoding')).toBeNull();
  });

  it('lists warnings and encoding repairs in alerts', () => {
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
    const enc = screen.getByTestId('import-encoding').textContent ?? '';
    expect(enc).toContain('windows-1252');
    expect(enc).toContain('🚀');
    expect(enc).toContain('2, 9');
  });
});

describe('flattenPhases', () => {
  it('walks depth first and counts every step and command', () => {
    const p = plan();
    expect(flattenPhases(p.phases).map((x) => `${x.depth}${x.phase.title}`)).toEqual(['0Preparation', '1Database', '2Replicas', '0Cutover']);
    expect(planCounts(p)).toEqual({ phases: 4, steps: 5, commands: 1 });
  });
});
