/**
 * The ported example: a framework written the way a Java framework author writes one (the
 * shape of the classic `TestFramework`): launch N tasks of one command, count TASK_FINISHED,
 * and stop the driver when all N finished.
 */
import {
  MesosSchedulerDriver,
  type ClassicSchedulerDriver,
  type DriverStatus,
  type MesosSchedulerDriverOptions,
  type Scheduler,
} from '../../../src/compat';
import type { FrameworkId, Offer, TaskInfo, TaskStatus } from '../../../src/wire';

const CPUS_PER_TASK = 0.1;
const MEM_PER_TASK = 32;

function scalar(offer: Offer, name: string): number {
  return (offer.resources ?? [])
    .filter((r) => r.name === name && r.type === 'SCALAR')
    .reduce((sum, r) => sum + (r.scalar?.value ?? 0), 0);
}

/** Launches `totalTasks` tasks running `command`, stops the driver once all of them finished. */
export class CommandRunner implements Scheduler {
  private launched = 0;
  finished = 0;
  failed = 0;
  frameworkId: string | undefined;

  constructor(
    private readonly command: string,
    private readonly totalTasks: number,
  ) {}

  registered(_driver: ClassicSchedulerDriver, frameworkId: FrameworkId): void {
    this.frameworkId = frameworkId.value;
  }

  resourceOffers(driver: ClassicSchedulerDriver, offers: readonly Offer[]): void {
    for (const offer of offers) {
      let cpus = scalar(offer, 'cpus');
      let mem = scalar(offer, 'mem');
      const tasks: TaskInfo[] = [];
      while (this.launched < this.totalTasks && cpus >= CPUS_PER_TASK && mem >= MEM_PER_TASK) {
        const id = `task-${this.launched++}`;
        tasks.push({
          name: `command ${id}`,
          task_id: { value: id },
          agent_id: offer.agent_id,
          resources: [
            { name: 'cpus', type: 'SCALAR', scalar: { value: CPUS_PER_TASK } },
            { name: 'mem', type: 'SCALAR', scalar: { value: MEM_PER_TASK } },
          ],
          command: { value: this.command },
        });
        cpus -= CPUS_PER_TASK;
        mem -= MEM_PER_TASK;
      }
      if (tasks.length > 0) driver.launchTasks([offer.id], tasks);
      else driver.declineOffer(offer.id, { refuse_seconds: 60 });
    }
  }

  statusUpdate(driver: ClassicSchedulerDriver, status: TaskStatus): void {
    if (status.state === 'TASK_FINISHED') this.finished++;
    if (['TASK_FAILED', 'TASK_LOST', 'TASK_KILLED', 'TASK_ERROR'].includes(status.state))
      this.failed++;
    if (this.finished + this.failed === this.totalTasks) driver.stop();
  }

  error(_driver: ClassicSchedulerDriver, message: string): void {
    console.error('framework error:', message);
  }
}

/** main(): run `command` `totalTasks` times on the master, resolve with the final status. */
export async function runCommandFramework(
  master: string,
  command: string,
  totalTasks: number,
  options: MesosSchedulerDriverOptions = {},
): Promise<{ readonly status: DriverStatus; readonly scheduler: CommandRunner }> {
  const scheduler = new CommandRunner(command, totalTasks);
  const driver = new MesosSchedulerDriver(
    scheduler,
    { name: 'command runner (ported)', user: 'nobody' },
    master,
    options,
  );
  const status = await driver.run();
  return { status, scheduler };
}
