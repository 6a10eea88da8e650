import { afterEach, describe, expect, it, vi } from 'vitest';
import { Prefetch } from './prefetch';

function counting<T>(answer: () => Promise<T>) {
  const load = vi.fn(answer);
  return { load, prefetch: new Prefetch(load) };
}

describe('Prefetch', () => {
  afterEach(() => vi.useRealTimers());

  it('gives the launch answer once to the first render, then asks again', async () => {
    let n = 0;
    const { load, prefetch } = counting(() => Promise.resolve(++n));
    expect(prefetch.ready()).toBeUndefined();
    prefetch.start();
    expect(prefetch.ready()).toBeUndefined(); // not arrived yet
    await prefetch.settled();
    expect(prefetch.ready()).toEqual({ value: 1 });
    expect(prefetch.ready()).toBeUndefined();
    await expect(prefetch.take()).resolves.toBe(2);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('hands the launch request to the first load when it came too late for the first render', async () => {
    const { load, prefetch } = counting(() => Promise.resolve('list'));
    prefetch.start();
    await expect(prefetch.take()).resolves.toBe('list');
    expect(load).toHaveBeenCalledTimes(1);
    await prefetch.settled();
    expect(prefetch.ready()).toBeUndefined();
  });

  it('never gives an answer older than a second', async () => {
    vi.useFakeTimers();
    let n = 0;
    const { prefetch } = counting(() => Promise.resolve(++n));
    prefetch.start();
    await prefetch.settled();
    vi.advanceTimersByTime(1001);
    expect(prefetch.ready()).toBeUndefined();
    await expect(prefetch.take()).resolves.toBe(2);
  });

  it('passes a failure to the load that uses it, not to the first render', async () => {
    const { load, prefetch } = counting(() => Promise.reject(new Error('locked')));
    prefetch.start();
    await prefetch.settled();
    expect(prefetch.ready()).toBeUndefined();
    await expect(prefetch.take()).rejects.toThrow('locked');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('is settled at once when nothing was asked at launch', async () => {
    const { load, prefetch } = counting(() => Promise.resolve(1));
    await prefetch.settled();
    expect(load).not.toHaveBeenCalled();
  });
});
