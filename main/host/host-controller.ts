import type { HostCommand, HostReport, HostStartOptions } from '../../server/host-protocol';
import type { HostStatus } from '../ipc-channels';

/** The hosted server's process, as the controller needs it: utilityProcess or a Node fork. */
export interface HostProcess {
  readonly pid: number | undefined;
  postMessage(command: HostCommand): void;
  onMessage(listener: (report: HostReport) => void): void;
  onExit(listener: (code: number | null) => void): void;
  kill(): void;
}
export type LaunchHost = () => HostProcess;

export interface HostTimings {
  /** Crashes allowed within `crashWindowMs` before the controller stops restarting. */
  maxRestarts: number;
  crashWindowMs: number;
  restartDelayMs: number;
  stopTimeoutMs: number;
}
const DEFAULT_TIMINGS: HostTimings = {
  maxRestarts: 3,
  crashWindowMs: 60_000,
  restartDelayMs: 1000,
  stopTimeoutMs: 5000,
};

const STOPPED: HostStatus = { state: 'stopped', urls: [], connections: 0, people: 0, restarts: 0 };

/**
 * Runs the hosted server in a child process and keeps its status. A crash is reported and the
 * server restarted, up to `maxRestarts` times a minute; a failure to start (a port in use) is
 * reported and left for the person to fix.
 */
export class HostController {
  private status: HostStatus = STOPPED;
  private child: HostProcess | undefined;
  private options: HostStartOptions | undefined;
  private crashes: number[] = [];
  private settled: ((status: HostStatus) => void) | undefined;
  private exited: Promise<void> = Promise.resolve();
  /** Starts run one after another; a start while the same one is on its way joins it. */
  private queue: Promise<unknown> = Promise.resolve();
  private pending: { key: string; answer: Promise<HostStatus> } | undefined;
  /** Bumped by every stop: a start queued before a stop does not run after it. */
  private generation = 0;
  private readonly timings: HostTimings;

  constructor(
    private readonly launch: LaunchHost,
    private readonly onStatus: (status: HostStatus) => void,
    timings: Partial<HostTimings> = {},
  ) {
    this.timings = { ...DEFAULT_TIMINGS, ...timings };
  }

  getStatus(): HostStatus {
    return this.status;
  }
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /**
   * (Re)starts hosting; resolves once the server runs or has failed to start. Single-flight: a
   * second call with the same options while one is on its way (a double click, auto-start and
   * the form at once) gets the same answer instead of spawning a second server on the same port
   * and data. Other options queue behind it and restart with those.
   */
  start(options: HostStartOptions): Promise<HostStatus> {
    const key = JSON.stringify(options);
    if (this.pending?.key === key) return this.pending.answer;
    const generation = this.generation;
    const answer = this.queue.then(() => this.restart(options, generation));
    const pending = { key, answer };
    this.pending = pending;
    this.queue = answer.catch(() => undefined);
    void this.queue.then(() => {
      if (this.pending === pending) this.pending = undefined;
    });
    return answer;
  }

  private async restart(options: HostStartOptions, generation: number): Promise<HostStatus> {
    await this.halt();
    // A stop came after this start was asked for: the later wish wins.
    if (generation !== this.generation) return this.status;
    this.options = options;
    this.crashes = [];
    this.set({ ...STOPPED, state: 'starting' });
    return this.spawn();
  }

  /** Stops hosting: asks the server to close, and kills it if it has not within the timeout. */
  stop(): Promise<HostStatus> {
    this.generation++;
    this.pending = undefined;
    return this.halt();
  }

  private async halt(): Promise<HostStatus> {
    const child = this.child;
    this.options = undefined;
    if (!child) return this.status;
    this.set({ ...this.status, state: 'stopping' });
    child.postMessage({ type: 'stop' });
    const timer = setTimeout(() => child.kill(), this.timings.stopTimeoutMs);
    await this.exited;
    clearTimeout(timer);
    return this.status;
  }

  private spawn(): Promise<HostStatus> {
    const child = this.launch();
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.onExit((code) => {
        this.onExit(child, code);
        resolve();
      }),
    );
    child.onMessage((report) => this.onReport(child, report));
    // A start that is still waiting (the first try crashed) is answered by this try.
    const settled = new Promise<HostStatus>((resolve) => {
      const waiting = this.settled;
      this.settled = (status) => {
        waiting?.(status);
        resolve(status);
      };
    });
    child.postMessage({ type: 'start', options: this.options as HostStartOptions });
    return settled;
  }

  private onReport(child: HostProcess, report: HostReport): void {
    if (child !== this.child) return;
    if (report.type === 'ready') {
      this.set({
        ...this.status,
        state: 'running',
        urls: report.urls,
        port: report.port,
        fingerprint: report.fingerprint,
        setupCode: report.setupCode,
        message: undefined,
      });
    } else if (report.type === 'setup-done') {
      this.set({ ...this.status, setupCode: undefined });
    } else if (report.type === 'failed') {
      this.options = undefined; // a start that fails would fail again: no restart
      this.set({ ...STOPPED, state: 'failed', message: report.message });
    } else if (report.type === 'stats') {
      this.set({ ...this.status, connections: report.connections, people: report.people });
    }
  }

  private onExit(child: HostProcess, code: number | null): void {
    if (child !== this.child) return;
    this.child = undefined;
    if (this.status.state === 'failed') return this.settle();
    if (!this.options) {
      this.set({ ...STOPPED });
      return this.settle();
    }
    const now = Date.now();
    this.crashes = [...this.crashes.filter((at) => now - at < this.timings.crashWindowMs), now];
    const restarts = this.status.restarts + 1;
    const why = `The server stopped unexpectedly (exit code ${code ?? 'none'}).`;
    if (this.crashes.length > this.timings.maxRestarts) {
      this.options = undefined;
      this.set({
        ...STOPPED,
        state: 'crashed',
        restarts,
        message: `${why} It crashed ${this.crashes.length} times in a minute, so it was not restarted.`,
      });
      return this.settle();
    }
    this.set({ ...STOPPED, state: 'crashed', restarts, message: `${why} Restarting…` });
    setTimeout(() => {
      if (this.options && !this.child) void this.spawn();
    }, this.timings.restartDelayMs);
  }

  private settle(): void {
    this.settled?.(this.status);
    this.settled = undefined;
  }

  private set(status: HostStatus): void {
    this.status = status;
    if (status.state === 'running') this.settle();
    this.onStatus(status);
  }
}
