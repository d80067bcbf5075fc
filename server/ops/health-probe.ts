/** How often a dependency is asked whether it answers, and how long it has to. */
const PING_EVERY_MS = 5_000;
const PING_DEADLINE_MS = 2_000;

/** Whether a dependency answered its last ping in time. */
export interface HealthProbe {
  /** False from a ping that failed or missed its deadline until one that answers. */
  answering(): boolean;
  /** A sign of life from elsewhere (a reconnect): answering until a ping says otherwise. */
  heard(): void;
  stop(): void;
}

/**
 * Asks `ping` every few seconds with a deadline: a connection can stay open while nothing
 * comes back (a partition, a frozen server), which its state alone would not show. `onChange`
 * hears each change (for one log line per outage, not one per ping). A ping is not sent while
 * another is within its deadline; one past it counts as failed, and its late answer is ignored
 * (each ping's outcome is decided once, by the race), so a slow dependency gets at most one
 * ping per interval.
 */
export function healthProbe(
  ping: () => Promise<unknown>,
  onChange: (answering: boolean) => void = () => {},
  everyMs = PING_EVERY_MS,
  deadlineMs = PING_DEADLINE_MS,
): HealthProbe {
  let answering = true;
  let asking = false;
  const settle = (ok: boolean) => {
    asking = false;
    if (ok === answering) return;
    answering = ok;
    onChange(ok);
  };
  const timer = setInterval(() => {
    if (asking) return;
    asking = true;
    let deadline: NodeJS.Timeout | undefined;
    void Promise.race([
      ping().then(
        () => true,
        () => false,
      ),
      new Promise<false>((resolve) => {
        deadline = setTimeout(() => resolve(false), deadlineMs);
      }),
    ]).then((ok) => {
      clearTimeout(deadline);
      settle(ok);
    });
  }, everyMs);
  timer.unref();
  return {
    answering: () => answering,
    heard: () => {
      if (!answering) settle(true);
    },
    stop: () => clearInterval(timer),
  };
}
