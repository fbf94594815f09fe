import { concatMap, defer, merge, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import {
  declineOffer,
  launchTasks,
  reviveOffers,
  suppressOffers,
  type Command,
  type Offer,
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
}

const taskFor = (o: Offer, job: Job): TaskInfo => ({
  name: job.name,
  task_id: { value: job.name },
  agent_id: o.agent_id,
  resources: [
    { name: 'cpus', type: 'SCALAR', scalar: { value: 1 }, allocation_info: o.allocation_info },
  ],
  command: { value: `./run ${job.name}` },
});

/**
 * Runs jobs as they come, one per offer. When the queue is empty it declines what it is
 * offered and suppresses offers (a framework without work should not hold the cluster's
 * attention); when work arrives while suppressed it revives them.
 */
const runJobs = (streams: DriverStreams, jobs$: Observable<Job>): Observable<Command> =>
  defer(() => {
    const queue: Job[] = [];
    let suppressed = false;
    const arrived$ = jobs$.pipe(
      concatMap((job): Command[] => {
        queue.push(job);
        if (!suppressed) return [];
        suppressed = false;
        return [reviveOffers()];
      }),
    );
    const offered$ = streams.offers$.pipe(
      concatMap((list) => {
        const commands: Command[] = [];
        for (const o of list) {
          const job = queue.shift();
          commands.push(
            job === undefined ? declineOffer(o.id) : launchTasks(o.id, [taskFor(o, job)]),
          );
        }
        if (queue.length === 0 && !suppressed) {
          suppressed = true;
          commands.push(suppressOffers());
        }
        return commands;
      }),
    );
    return merge(arrived$, offered$);
  });

// ---- its marble tests ----

describe('suppress when the queue is empty, revive when work arrives', () => {
  const testScheduler = (): TestScheduler =>
    new TestScheduler((actual, expected) => {
      expect(actual).toEqual(expected);
    });

  const o1 = offer({ id: 'O1' });
  const o2 = offer({ id: 'O2' });
  const o3 = offer({ id: 'O3' });
  const events = { s: subscribed(), a: offers(o1), b: offers(o2), c: offers(o3) };
  const jobs = { j: { name: 'j' }, k: { name: 'k' } };
  const commands = {
    d: declineOffer(o1.id),
    s: suppressOffers(),
    r: reviveOffers(),
    l: launchTasks(o2.id, [taskFor(o2, jobs.j)]),
    m: launchTasks(o3.id, [taskFor(o3, jobs.k)]),
  };

  it('suppresses with nothing to run, revives for new work, suppresses again once it is placed', () => {
    testScheduler().run((helpers) => {
      const arrive = '   sa------b------c';
      const work = '     ------j------k';
      const sent = '     -(ds)-r-(ls)-r-(ms)';
      const driver = marbleDriver(helpers, arrive, events);
      driver.dispatch(runJobs(driver, helpers.cold(work, jobs)));
      expectCommands(driver, sent, commands);
    });
  });

  it('work that arrives while offers flow does not revive', () => {
    testScheduler().run((helpers) => {
      const arrive = '   s---b';
      const work = '     -j';
      const sent = '     ----(ls)';
      const driver = marbleDriver(helpers, arrive, events);
      driver.dispatch(runJobs(driver, helpers.cold(work, jobs)));
      expectCommands(driver, sent, commands);
    });
  });

  it('suppresses once: offers still in flight are only declined', () => {
    testScheduler().run((helpers) => {
      const arrive = '   sa----b';
      const sent = '     -(ds)-e';
      const driver = marbleDriver(helpers, arrive, events);
      driver.dispatch(runJobs(driver, helpers.cold<Job>('-')));
      expectCommands(driver, sent, { ...commands, e: declineOffer(o2.id) });
    });
  });

  it('many jobs at once revive once', () => {
    testScheduler().run((helpers) => {
      const arrive = '   sa--------b';
      const work = '     ------(jk)';
      const sent = '     -(ds)-r---l';
      const driver = marbleDriver(helpers, arrive, events);
      driver.dispatch(runJobs(driver, helpers.cold(work, jobs)));
      expectCommands(driver, sent, commands);
    });
  });
});
