import { describe, it, expect } from 'vitest';
import { FakeClock } from '../../support/fake-clock.js';
import { RequestQueue } from '../../../src/prices/yahoo/queue.js';

/** Tasks that start when the queue runs them and finish when the test releases them. */
function controlledTasks() {
  const started: number[] = [];
  const releases = new Map<number, () => void>();
  return {
    started,
    task(id: number): () => Promise<number> {
      return () => {
        started.push(id);
        return new Promise<number>((resolve) => releases.set(id, () => resolve(id)));
      };
    },
    release(id: number): void {
      const release = releases.get(id);
      if (release === undefined) throw new Error(`task ${id} has not started`);
      release();
    },
  };
}

function enqueue(
  queue: RequestQueue,
  tasks: ReturnType<typeof controlledTasks>,
  ids: number[],
): Promise<number>[] {
  return ids.map((id) => queue.run(tasks.task(id)));
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('RequestQueue concurrency', () => {
  it.each([
    // [concurrency, tasks, expected peak]
    [8, 20, 8],
    [3, 10, 3],
    [8, 5, 5],
    [1, 4, 1],
  ])('concurrency %i with %i tasks: never more running, peak %i', async (concurrency, count, peak) => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency, clock });
    const tasks = controlledTasks();
    const results = enqueue(queue, tasks, range(1, count));
    await clock.settle();
    let maxSeen = queue.running;
    // finish the oldest running task one at a time, checking the limit after each
    for (let done = 0; done < count; done++) {
      tasks.release(tasks.started[done] as number);
      await clock.settle();
      maxSeen = Math.max(maxSeen, queue.running);
    }
    expect(await Promise.all(results)).toEqual(range(1, count));
    expect(tasks.started).toEqual(range(1, count)); // FIFO
    expect(maxSeen).toBe(peak);
    expect(queue.peakConcurrency).toBe(peak);
    expect(queue.running).toBe(0);
    await queue.onIdle();
  });

  it('a waiting task of higher priority starts before earlier waiting ones (a quote batch before charts)', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 2, clock });
    const tasks = controlledTasks();
    const charts = enqueue(queue, tasks, [1, 2, 3, 4]);
    const quote = queue.run(tasks.task(99), 1);
    await clock.settle();
    expect(tasks.started).toEqual([1, 2]);
    tasks.release(1);
    await clock.settle();
    expect(tasks.started).toEqual([1, 2, 99]); // the first free slot goes to the quote batch
    for (const id of [2, 99, 3, 4]) {
      await clock.settle();
      tasks.release(id);
    }
    expect(await Promise.all([...charts, quote])).toEqual([1, 2, 3, 4, 99]);
    expect(tasks.started).toEqual([1, 2, 99, 3, 4]);
  });

  it('defaults to 8 and frees the slot of a failing task', async () => {
    const queue = new RequestQueue({ clock: new FakeClock() });
    expect([queue.concurrency, queue.maxConcurrency]).toEqual([8, 8]);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(queue.running).toBe(0);
    await expect(queue.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it.each([
    [{ concurrency: 0 }],
    [{ concurrency: 1.5 }],
    [{ rateLimit: 0 }],
    [{ rateLimit: -2 }],
    [{ rateLimit: Number.POSITIVE_INFINITY }],
  ])('rejects options %j', (options) => {
    expect(() => new RequestQueue(options)).toThrow(RangeError);
  });
});

describe('RequestQueue adaptive throttling', () => {
  it('a 429 pauses everything for Retry-After and halves the concurrency', async () => {
    const clock = new FakeClock(1_000);
    const queue = new RequestQueue({ concurrency: 8, clock });
    const tasks = controlledTasks();
    const results = enqueue(queue, tasks, range(1, 12));
    await clock.settle();
    expect([queue.running, queue.waiting]).toEqual([8, 4]);

    queue.noteRateLimited(5_000);
    expect(queue.concurrency).toBe(4);
    expect(queue.pausedUntil).toBe(6_000);
    for (const id of range(1, 8)) tasks.release(id);
    await clock.settle();
    expect([queue.running, queue.waiting]).toEqual([0, 4]); // slots free, but paused

    await clock.advance(4_999);
    expect(tasks.started).toHaveLength(8);
    await clock.advance(1);
    expect(queue.pausedUntil).toBeNull();
    expect(tasks.started).toEqual(range(1, 12));
    for (const id of range(9, 12)) tasks.release(id);
    expect(await Promise.all(results)).toEqual(range(1, 12));
  });

  it('after the pause runs no more than the halved concurrency', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 8, clock });
    queue.noteRateLimited(1_000);
    await clock.advance(1_000);
    const tasks = controlledTasks();
    void enqueue(queue, tasks, range(1, 10));
    await clock.settle();
    expect([queue.running, queue.peakConcurrency]).toEqual([4, 4]);
  });

  it.each([
    // successive 429s without a pause (Retry-After 0): halve each time, never below 1
    [8, [4, 2, 1, 1]],
    [5, [2, 1, 1]],
    [3, [1, 1]],
    [1, [1]],
  ])('from %i, repeated 429s give %j', (concurrency, expected) => {
    const queue = new RequestQueue({ concurrency, clock: new FakeClock() });
    const seen = expected.map(() => {
      queue.noteRateLimited(0);
      return queue.concurrency;
    });
    expect(seen).toEqual(expected);
    expect(queue.pausedUntil).toBeNull();
  });

  it('a second 429 during a pause extends it to the later end (never shorter) and halves only once', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 8, clock });
    queue.noteRateLimited(5_000); // until 5 000
    await clock.advance(1_000);
    queue.noteRateLimited(10_000); // until 11 000
    expect(queue.pausedUntil).toBe(11_000);
    await clock.advance(1_000);
    queue.noteRateLimited(1_000); // would end at 3 000: keeps 11 000
    expect(queue.pausedUntil).toBe(11_000);
    expect(queue.concurrency).toBe(4);

    const tasks = controlledTasks();
    const result = queue.run(tasks.task(1));
    await clock.advance(8_999); // t = 10 999
    expect(tasks.started).toEqual([]);
    await clock.advance(1);
    expect(tasks.started).toEqual([1]);
    tasks.release(1);
    await expect(result).resolves.toBe(1);
  });

  it('a later 429 after the pause ended halves again', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 8, clock });
    queue.noteRateLimited(1_000);
    await clock.advance(1_000);
    queue.noteRateLimited(1_000);
    expect(queue.concurrency).toBe(2);
  });

  it('a pause with nothing waiting keeps no timer; a task queued during it waits for its end', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 2, clock });
    queue.noteRateLimited(60_000);
    await clock.settle();
    expect(clock.pendingSleepers).toBe(0);
    await clock.advance(30_000);
    const tasks = controlledTasks();
    queue.run(tasks.task(1)).catch(() => undefined);
    await clock.settle();
    expect(tasks.started).toEqual([]);
    expect(clock.nextWakeAt).toBe(60_000);
    await clock.advance(30_000);
    expect(tasks.started).toEqual([1]);
  });

  it('a task that notes its own 429 as it starts leaves no timer behind', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 2, clock });
    const result = queue.run(() => {
      queue.noteRateLimited(5_000);
      return Promise.reject(new Error('429'));
    });
    await expect(result).rejects.toThrow('429');
    await clock.settle();
    expect(queue.pausedUntil).toBe(5_000);
    expect(clock.pendingSleepers).toBe(0);
  });

  it('a task queued after the pause has expired starts at once, without waiting for a timer', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 2, clock });
    queue.noteRateLimited(1_000);
    await clock.advance(2_000);
    await expect(queue.run(() => Promise.resolve('now'))).resolves.toBe('now');
    expect(clock.pendingSleepers).toBe(0);
  });

  it('AIMD: every `concurrency` consecutive successes add one slot, up to the configured value', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 8, clock });
    queue.noteRateLimited(1_000);
    expect(queue.concurrency).toBe(4);
    for (let i = 0; i < 10; i++) queue.noteSuccess(); // answers to requests sent before the 429
    expect(queue.concurrency).toBe(4);
    await clock.advance(1_000);

    // 4 -> 5 after 4 successes, -> 6 after 5 more (9), -> 7 after 6 more (15), -> 8 after 7 more (22)
    const checkpoints: Array<[number, number]> = [
      [3, 4],
      [4, 5],
      [8, 5],
      [9, 6],
      [14, 6],
      [15, 7],
      [21, 7],
      [22, 8],
      [40, 8],
    ];
    let successes = 0;
    for (const [after, expected] of checkpoints) {
      while (successes < after) {
        queue.noteSuccess();
        successes++;
      }
      expect([after, queue.concurrency]).toEqual([after, expected]);
    }
  });

  it('a 429 resets the success streak', () => {
    const queue = new RequestQueue({ concurrency: 8, clock: new FakeClock() });
    queue.noteRateLimited(0); // 4
    for (let i = 0; i < 3; i++) queue.noteSuccess();
    queue.noteRateLimited(0); // 2, streak reset
    queue.noteSuccess();
    expect(queue.concurrency).toBe(2);
    queue.noteSuccess();
    expect(queue.concurrency).toBe(3);
  });

  it('a climbing limit starts waiting tasks at once', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 8, clock });
    queue.noteRateLimited(0); // 4
    const tasks = controlledTasks();
    void enqueue(queue, tasks, range(1, 10));
    await clock.settle();
    expect(queue.running).toBe(4);
    for (let i = 0; i < 4; i++) queue.noteSuccess();
    await clock.settle();
    expect([queue.concurrency, queue.running, queue.peakConcurrency]).toEqual([5, 5, 5]);
  });
});

describe('RequestQueue rate cap (p-queue, real timers)', () => {
  it('rateLimit 50/s spaces starts at least 20 ms apart, in order', async () => {
    const queue = new RequestQueue({ concurrency: 8, rateLimit: 50 });
    const starts: Array<[number, number]> = [];
    const results = range(1, 8).map((id) =>
      queue.run(() => Promise.resolve(void starts.push([id, Date.now()]))),
    );
    await Promise.all(results);
    expect(starts.map(([id]) => id)).toEqual(range(1, 8));
    // lower bounds only (a slow machine makes gaps longer, never shorter); 2 ms for timer rounding
    for (let i = 1; i < starts.length; i++) {
      expect(
        (starts[i] as [number, number])[1] - (starts[i - 1] as [number, number])[1],
      ).toBeGreaterThanOrEqual(18);
    }
  });

  it('without a rate cap all tasks within the concurrency start together', async () => {
    const clock = new FakeClock();
    const queue = new RequestQueue({ concurrency: 8, clock });
    const tasks = controlledTasks();
    void enqueue(queue, tasks, range(1, 8));
    await clock.settle();
    expect(tasks.started).toHaveLength(8);
  });
});
