/**
 * Set-up shared by the marble tests (not a test file: jest picks up `*.test.ts` only).
 * `marble-tests/examples/` do not use it: they are written as an application would write its
 * own tests, with nothing but the public kit.
 */
import { TestScheduler } from 'rxjs/testing';
import { createDriver, type DriverOptions, type SchedulerDriver } from '../src';
import { ScriptedMaster, VirtualClock, type ScriptedMasterOptions } from '../src/testing';

/** A `TestScheduler` that compares what ran with what was drawn by `toEqual`. */
export const testScheduler = (): TestScheduler =>
  new TestScheduler((actual, expected) => {
    expect(actual).toEqual(expected);
  });

/** The real driver in virtual time: its clock, the scripted master it talks to, the driver. */
export interface VirtualDriver {
  readonly clock: VirtualClock;
  readonly master: ScriptedMaster;
  readonly driver: SchedulerDriver;
}

/**
 * A real driver (not started) on a new `VirtualClock` (1 frame = 1 ms), connected to a
 * `ScriptedMaster` at `http://m1:5050` that plays `script`, as framework `name` (user `test`).
 * `options` are added to the driver's options last.
 */
export function virtualDriver(
  name: string,
  script: Omit<ScriptedMasterOptions, 'scheduler'>,
  options: Partial<DriverOptions> = {},
): VirtualDriver {
  const clock = new VirtualClock();
  const master = new ScriptedMaster({ ...script, scheduler: clock.scheduler });
  const driver = createDriver({
    master: 'http://m1:5050',
    framework: { name, user: 'test' },
    scheduler: clock.scheduler,
    connect: master.connect,
    ...options,
  });
  return { clock, master, driver };
}

/**
 * `virtualDriver`, for a `describe` whose tests leave their drivers running: registers an
 * `afterEach` that aborts the drivers made during the test and lets their clocks settle.
 * Call it in the body of the `describe`.
 */
export function virtualDrivers(): typeof virtualDriver {
  const running: VirtualDriver[] = [];
  afterEach(async () => {
    for (const { clock, driver } of running.splice(0)) {
      driver.abort();
      await clock.settle();
    }
  });
  return (name, script, options) => {
    const made = virtualDriver(name, script, options);
    running.push(made);
    return made;
  };
}
