import { describe, expect, it } from 'vitest';
import { deliverWhenSettled, isOwnHead, ownChange } from './ownChanges';

describe('ownChange', () => {
  it('holds events back while a change is in flight and delivers them, marked own, once it is applied', async () => {
    const seen: string[] = [];
    deliverWhenSettled((own) => seen.push(`before ${own}`));
    let finish: (seq: number) => void = () => {};
    const change = ownChange(() => new Promise<number>((resolve) => (finish = resolve)), (seq) => seq);
    deliverWhenSettled((own) => seen.push(`during ${own}`));
    expect(seen).toEqual(['before false']);
    finish(41);
    await change;
    expect(seen).toEqual(['before false']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['before false', 'during true']);
    expect(isOwnHead(41)).toBe(true);
    expect(isOwnHead(42)).toBe(false);
  });

  it('delivers held events after a change that failed too', async () => {
    const seen: boolean[] = [];
    const change = ownChange(() => Promise.reject(new Error('conflict')));
    deliverWhenSettled((own) => seen.push(own));
    await expect(change).rejects.toThrow('conflict');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual([true]);
  });
});
