import { describe, expect, it } from 'vitest';
import { asKind, emptyStep, locateField, move, newRunbook, parseMinutes, removeAt, updateStep } from './runbookDraft';

describe('newRunbook', () => {
  it('starts with one phase "Preparation" holding one empty step, unsaved', () => {
    const rb = newRunbook('runbook', '2025-01-01T00:00:00Z');
    expect(rb.id).toBe(0);
    expect(rb.revision).toBe(0);
    expect(rb.phases).toHaveLength(1);
    expect(rb.phases[0]?.title).toBe('Preparation');
    expect(rb.phases[0]?.id).toBeNull();
    expect(rb.phases[0]?.steps).toEqual([emptyStep()]);
  });
});

describe('move and removeAt', () => {
  it('reorders within bounds and ignores moves past the ends', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(move(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
    expect(removeAt(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
  });
});

describe('updateStep', () => {
  it('changes one step without touching the others or the original', () => {
    const rb = newRunbook('runbook');
    rb.phases[0]?.steps.push(emptyStep());
    const next = updateStep(rb, 0, 1, (s) => ({ ...s, title: 'Backup' }));
    expect(next.phases[0]?.steps.map((s) => s.title)).toEqual(['', 'Backup']);
    expect(rb.phases[0]?.steps[1]?.title).toBe('');
  });
});

describe('parseMinutes', () => {
  it('reads whole minutes, empty as null, junk as undefined', () => {
    expect(parseMinutes(' 15 ')).toBe(15);
    expect(parseMinutes('')).toBeNull();
    expect(parseMinutes('1.5')).toBeUndefined();
    expect(parseMinutes('-3')).toBeUndefined();
  });
});

describe('locateField', () => {
  it('finds the phase, step and field of a validation message', () => {
    expect(locateField('phases[0].steps[1].title: must not be empty')).toEqual({ phase: 0, step: 1, field: 'title' });
    expect(locateField('phases[2].title: must not be empty')).toEqual({ phase: 2, step: null, field: 'title' });
    expect(locateField('title: must not be empty')).toEqual({ phase: null, step: null, field: 'title' });
    expect(locateField('something else')).toBeNull();
  });
});

describe('asKind', () => {
  it('folds every step into one phase for a checklist', () => {
    const rb = newRunbook('runbook');
    rb.phases.push({ id: null, title: 'Deploy', notes: '', steps: [{ ...emptyStep(), title: 'Ship' }] });
    const list = asKind(rb, 'checklist');
    expect(list.kind).toBe('checklist');
    expect(list.phases).toHaveLength(1);
    expect(list.phases[0]?.steps.map((s) => s.title)).toEqual(['', 'Ship']);
  });
});
