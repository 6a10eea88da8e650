import { describe, expect, it } from 'vitest';
import { actionColour, actionWords, eventDetails } from './auditText';

describe('actionWords', () => {
  it('words known actions and spells out unknown ones', () => {
    expect(actionWords('step.done')).toBe('ticked off');
    expect(actionWords('run.rolled_back')).toBe('rolled the release back');
    expect(actionWords('gate.opened_early')).toBe('gate opened early');
  });
});

describe('eventDetails', () => {
  it('reads the step and reason of a step event', () => {
    expect(eventDetails({ payload: { step: 'Backup', from: 'pending', to: 'skipped', reason: 'done yesterday' } })).toMatchObject({
      step: 'Backup',
      reason: 'done yesterday',
    });
  });
  it('copes with payloads that are not objects', () => {
    expect(eventDetails({ payload: null })).toEqual({ step: null, reason: null, note: null, name: null });
    expect(eventDetails({ payload: [1, 2] }).step).toBeNull();
  });
});

describe('actionColour', () => {
  it('colours failures red and completions teal', () => {
    expect(actionColour('step.failed')).toBe('red');
    expect(actionColour('step.done')).toBe('teal');
  });
});
