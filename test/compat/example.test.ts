import type { SimulatedMaster } from '../../src/testing';
import { hostPort, startMaster } from './compat-harness';
import { runCommandFramework } from './examples/command-runner';

describe('the ported example: a classic framework runs N commands to completion', () => {
  let master: SimulatedMaster;
  beforeEach(async () => {
    master = await startMaster({
      agents: [
        { cpus: 0.3, mem: 1024 },
        { cpus: 0.3, mem: 1024 },
      ],
    });
  });
  afterEach(async () => {
    await master.stop();
  });

  it.each(['application/json', 'application/x-protobuf'] as const)(
    'launches 8 tasks over several offers, counts 8 TASK_FINISHED and stops (%s)',
    async (contentType) => {
      const { status, scheduler } = await runCommandFramework(hostPort(master), 'echo hi', 8, {
        contentType,
      });
      expect(status).toBe('DRIVER_STOPPED');
      expect(scheduler.finished).toBe(8);
      expect(scheduler.failed).toBe(0);
      // stop() without failover sent TEARDOWN: the master removed the framework
      expect(master.core.framework(scheduler.frameworkId ?? '')?.removed ?? true).toBe(true);
    },
  );
});
