import { recordIO } from '../../src/events/record-io';
import { testScheduler } from '../helpers';

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('recordIO() with marbles', () => {
  const values = {
    a: latin1('5\nhel'),
    b: latin1('lo0\n3\nab'),
    c: latin1('c'),
    d: latin1('2\nok'),
    e: latin1('4\nsp'),
    f: latin1('an'),
  } as const;
  const records = {
    h: latin1('hello'),
    z: new Uint8Array(0),
    x: latin1('abc'),
    o: latin1('ok'),
    s: latin1('span'),
  } as const;

  it('emits each record at the frame where its last byte arrives', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b------c|', values);
      expectObservable(source.pipe(recordIO())).toBe('---(hz)---x|', records);
    });
  });

  it('emits several records from one chunk at the same frame and completes at a boundary', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('--d--e-f--|', values);
      expectObservable(source.pipe(recordIO())).toBe('--o----s--|', records);
    });
  });

  it('errors at the frame of a bad chunk, after the good records of that chunk', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-d--y--d|', { ...values, y: latin1('2\nok-1\n') });
      expectObservable(source.pipe(recordIO())).toBe(
        '-o--(o#)',
        records,
        expect.objectContaining({ code: 'BAD_LENGTH_LINE', offset: 4 + 4 }),
      );
      // The source is unsubscribed when the error is emitted.
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('errors with TRUNCATED when the source completes mid-record', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-d-a--|', values);
      expectObservable(source.pipe(recordIO())).toBe(
        '-o----#',
        records,
        expect.objectContaining({ code: 'TRUNCATED', offset: 4 + 5, recordStart: 4 }),
      );
    });
  });

  it('errors with TRUNCATED when the source completes inside a length line', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-d-n|', { ...values, n: latin1('12') });
      expectObservable(source.pipe(recordIO())).toBe(
        '-o--#',
        records,
        expect.objectContaining({ code: 'TRUNCATED', offset: 6, recordStart: 4 }),
      );
    });
  });

  it('gives each subscription its own decoder (two subscriptions at different times)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const decoded = cold('-a-b------c|', values).pipe(recordIO());
      expectObservable(decoded).toBe('---(hz)---x|', records);
      expectObservable(decoded, '--^').toBe('-----(hz)---x|', records);
    });
  });
});
