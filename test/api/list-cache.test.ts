import { ListCache } from '../../api/list-cache';

/* Lists' first pages and counts kept briefly (issue #13, lists; LIST_CACHE_MS). */
describe('ListCache', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the same query from the kept answer until it expires, then asks again', async () => {
    jest.useFakeTimers({ now: 0 });
    const cache = new ListCache(2000);
    let asked = 0;
    const load = () => Promise.resolve(++asked);
    expect(await cache.get('q', load)).toBe(1);
    jest.setSystemTime(1999);
    expect(await cache.get('q', load)).toBe(1);
    expect(await cache.get('other', load)).toBe(2);
    jest.setSystemTime(2000);
    expect(await cache.get('q', load)).toBe(3);
  });

  it('requests that arrive while the answer is on its way share it', async () => {
    const cache = new ListCache(2000);
    let asked = 0;
    let release: (v: number) => void = () => undefined;
    const load = () => {
      asked++;
      return new Promise<number>((r) => (release = r));
    };
    const a = cache.get('q', load);
    const b = cache.get('q', load);
    release(7);
    expect(await Promise.all([a, b])).toEqual([7, 7]);
    expect(asked).toBe(1);
  });

  it('keeps no failure, and a write clears everything', async () => {
    const cache = new ListCache(2000);
    await expect(cache.get('q', () => Promise.reject(new Error('visibility unavailable')))).rejects.toThrow('visibility unavailable');
    expect(await cache.get('q', () => Promise.resolve('now answered'))).toBe('now answered');
    cache.clear();
    expect(await cache.get('q', () => Promise.resolve('after the write'))).toBe('after the write');
  });

  it('0 keeps nothing; beyond its size the oldest query goes first', async () => {
    const off = new ListCache(0);
    let n = 0;
    await off.get('q', () => Promise.resolve(++n));
    expect(await off.get('q', () => Promise.resolve(++n))).toBe(2);
    const small = new ListCache(60_000, 2);
    await small.get('a', () => Promise.resolve('a1'));
    await small.get('b', () => Promise.resolve('b1'));
    await small.get('c', () => Promise.resolve('c1'));
    expect(await small.get('b', () => Promise.resolve('b2'))).toBe('b1');
    expect(await small.get('a', () => Promise.resolve('a2'))).toBe('a2');
  });
});
