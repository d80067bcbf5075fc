/** Delay before reconnect attempt `attempt` (0-based): 1 s doubling to 30 s, with ±20% jitter. */
export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** Read markers per server and user, kept in localStorage when there is one. */
export class ReadMarkers {
  private readonly memory = new Map<string, number>();

  constructor(
    private readonly scope: string,
    private readonly storage: Storage | undefined = typeof localStorage === 'undefined'
      ? undefined
      : localStorage,
  ) {}

  get(roomId: number): number {
    const key = `${this.scope}.${roomId}`;
    return this.memory.get(key) ?? Number(this.storage?.getItem(`parley.read.${key}`) ?? 0);
  }

  set(roomId: number, messageId: number): void {
    if (messageId <= this.get(roomId)) return;
    const key = `${this.scope}.${roomId}`;
    this.memory.set(key, messageId);
    this.storage?.setItem(`parley.read.${key}`, String(messageId));
  }
}
