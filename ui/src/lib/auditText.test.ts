import { describe, expect, it } from 'vitest';
import { actionColour, actionWords, eventDetails } from './auditText';

describe('actionWords', () => {
  it('words known actions and spells out unknown ones', () => {
    expect(actionWords('step.done')).toBe('ticked off');
    expect(actionWords('run.rolled_back')).toBe('rolled the release back');
    expect(actionWords('gate.opened_early')).toBe('gate opened early');
  });
  it('has words for every action the store records', () => {
    expect(actionWords('run.contact_set')).toBe('named a contact for the run');
    expect(actionWords('person.contact_updated')).toBe('changed the contact details of');
    expect(actionWords('sign_off.recorded')).toBe('signed off');
  });
});

describe('eventDetails', () => {
  it('reads the step and reason of a step event', () => {
    expect(eventDetails({ payload: { step: 'Backup', from: 'pending', to: 'skipped', reason: 'done yesterday' } })).toMatchObject({
      step: 'Backup',
      reason: 'done yesterday',
    });
  });
  it('names the gate or criterion of gate events, and the scorecard or key owner of others', () => {
    expect(eventDetails({ payload: { gate: 'Go / no-go', reason: 'all green' } })).toMatchObject({ step: 'Go / no-go', reason: 'all green' });
    expect(eventDetails({ payload: { criterion: 'Staging validated', holds: true } }).step).toBe('Staging validated');
    expect(eventDetails({ payload: { scorecard: 'Production readiness', rule: 'R4' } }).name).toBe('Production readiness');
    expect(eventDetails({ payload: { principal: 'kj@example.org', fingerprint: 'SHA256:x' } }).name).toBe('kj@example.org');
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
