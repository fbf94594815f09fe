import { concatMap, defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  declineOffer,
  launchTasks,
  type Command,
  type Offer,
  type OfferID,
  type TaskInfo,
} from '../../src';
import {
  expectCommands,
  marbleDriver,
  offer,
  offers,
  subscribed,
  type DriverStreams,
} from '../../src/testing';

// ---- the scheduling logic under test, as an application would write it ----

interface Job {
  readonly name: string;
  readonly cpus: number;
  readonly mem: number;
}

const scalar = (o: Offer, name: string): number =>
  (o.resources ?? [])
    .filter((r) => r.name === name)
    .reduce((sum, r) => sum + (r.scalar?.value ?? 0), 0);

const taskFor = (o: Offer, job: Job): TaskInfo => ({
  name: job.name,
  task_id: { value: job.name },
  agent_id: o.agent_id,
  resources: [
    {
      name: 'cpus',
      type: 'SCALAR',
      scalar: { value: job.cpus },
      allocation_info: o.allocation_info,
    },
    { name: 'mem', type: 'SCALAR', scalar: { value: job.mem }, allocation_info: o.allocation_info },
  ],
  command: { value: `./run ${job.name}` },
});

/**
 * Places queued jobs, in order, on the offers that have room for them: one launch per offer
 * used, and one decline for all the offers left unused.
 */
const placeJobs =
  (jobs: readonly Job[]) =>
  (streams: DriverStreams): Observable<Command> =>
    defer(() => {
      const queue = [...jobs];
      return streams.offers$.pipe(
        concatMap((list) => {
          const commands: Command[] = [];
          const unused: OfferID[] = [];
          for (const o of list) {
            let cpus = scalar(o, 'cpus');
            let mem = scalar(o, 'mem');
            const tasks: TaskInfo[] = [];
            for (let job = queue[0]; job !== undefined; job = queue[0]) {
              if (job.cpus > cpus || job.mem > mem) break;
              queue.shift();
              cpus -= job.cpus;
              mem -= job.mem;
              tasks.push(taskFor(o, job));
            }
            if (tasks.length > 0) commands.push(launchTasks(o.id, tasks));
            else unused.push(o.id);
          }
          if (unused.length > 0) commands.push(declineOffer(unused, { refuse_seconds: 30 }));
          return commands;
        }),
      );
    });

// ---- its marble tests ----

describe('placing jobs on offers, declining the rest', () => {
  const testScheduler = (): TestScheduler =>
    new TestScheduler((actual, expected) => {
      expect(actual).toEqual(expected);
    });

  const a: Job = { name: 'a', cpus: 1, mem: 1024 };
  const b: Job = { name: 'b', cpus: 2, mem: 2048 };
  const c: Job = { name: 'c', cpus: 2, mem: 1024 };
  const big = offer({ id: 'O1', agent: 'S1', cpus: 4, mem: 8192 });
  const small = offer({ id: 'O2', agent: 'S2', cpus: 0.5, mem: 512 });
  const later = offer({ id: 'O3', agent: 'S3', cpus: 4, mem: 4096 });
  const events = {
    s: subscribed(),
    o: offers(big, small),
    p: offers(later),
    e: offers(), // an OFFERS event without offers
  };

  it('many: the jobs that fit are launched, the unused offers declined in one call', () => {
    testScheduler().run((helpers) => {
      const arrive = '   so----p';
      const sent = '     -(ld)-m';
      const driver = marbleDriver(helpers, arrive, events);
      driver.dispatch(placeJobs([a, b, c])(driver));
      expectCommands(driver, sent, {
        l: launchTasks(big.id, [taskFor(big, a), taskFor(big, b)]), // c does not fit next to them
        d: declineOffer([small.id], { refuse_seconds: 30 }), //          too small for c
        m: launchTasks(later.id, [taskFor(later, c)]),
      });
    });
  });

  it('one: a single job takes the first offer with room', () => {
    testScheduler().run((helpers) => {
      const arrive = '   s-o';
      const sent = '     --(ld)';
      const driver = marbleDriver(helpers, arrive, events);
      driver.dispatch(placeJobs([c])(driver));
      expectCommands(driver, sent, {
        l: launchTasks(big.id, [taskFor(big, c)]),
        d: declineOffer([small.id], { refuse_seconds: 30 }),
      });
    });
  });

  it('empty queue: every offer is declined', () => {
    testScheduler().run((helpers) => {
      const arrive = '   s-o-p';
      const sent = '     --d-e';
      const driver = marbleDriver(helpers, arrive, events);
      driver.dispatch(placeJobs([])(driver));
      expectCommands(driver, sent, {
        d: declineOffer([big.id, small.id], { refuse_seconds: 30 }),
        e: declineOffer([later.id], { refuse_seconds: 30 }),
      });
    });
  });

  it('an OFFERS event without offers sends nothing (no empty DECLINE)', () => {
    testScheduler().run((helpers) => {
      const arrive = '   s-e-p';
      const sent = '     ----m';
      const driver = marbleDriver(helpers, arrive, events);
      driver.dispatch(placeJobs([a])(driver));
      expectCommands(driver, sent, { m: launchTasks(later.id, [taskFor(later, a)]) });
    });
  });

  it('early unsubscribe: the logic stops answering offers', () => {
    const scheduler = testScheduler();
    scheduler.run((helpers) => {
      const arrive = '   so----p';
      const sent = '     -(ld)';
      const driver = marbleDriver(helpers, arrive, events);
      const logic = driver.dispatch(placeJobs([a, b, c])(driver));
      scheduler.schedule(() => {
        logic.unsubscribe();
      }, 3);
      expectCommands(driver, sent, {
        l: launchTasks(big.id, [taskFor(big, a), taskFor(big, b)]),
        d: declineOffer([small.id], { refuse_seconds: 30 }),
      });
    });
  });
});
