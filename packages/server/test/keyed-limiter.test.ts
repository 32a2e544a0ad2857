import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from '../src/demo/keyed-limiter.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('KeyedLimiter', () => {
  it('keeps each key in order across lanes, and each lane to its own limit', async () => {
    const limiter = new KeyedLimiter(2, { visit: 8 });
    const log: string[] = [];
    let running = { default: 0, visit: 0 };
    const peak = { default: 0, visit: 0 };
    const task = (name: string, lane: 'default' | 'visit') => async () => {
      running[lane]++;
      peak[lane] = Math.max(peak[lane], running[lane]);
      await tick();
      log.push(name);
      running = { ...running, [lane]: running[lane] - 1 };
    };
    for (let i = 0; i < 20; i++) {
      await limiter.run([`v:${i % 4}`], task(`visit ${i}`, 'visit'), 'visit');
      if (i % 5 === 0) await limiter.run([`v:${i % 4}`, `p:${i}`], task(`form ${i}`, 'default'));
    }
    await limiter.idle();
    expect(peak.default).toBeLessThanOrEqual(2);
    expect(peak.visit).toBeLessThanOrEqual(8);
    expect(peak.visit).toBeGreaterThan(2);
    // Browser v:0 saw visit 0, form 0, visit 4, visit 8, … in the order they were handed in.
    const browser0 = log.filter((name) => Number(name.split(' ')[1]) % 4 === 0);
    expect(browser0).toEqual(['visit 0', 'form 0', 'visit 4', 'visit 8', 'visit 12', 'visit 16']);
  });

  it('refuses an unknown lane and rethrows the first failure', async () => {
    const limiter = new KeyedLimiter(1);
    await expect(limiter.run(['a'], async () => {}, 'nope')).rejects.toThrow(/no lane "nope"/);
    await limiter.run(['a'], async () => {
      throw new Error('first');
    });
    await expect(limiter.idle()).rejects.toThrow('first');
  });
});
