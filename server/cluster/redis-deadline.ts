/**
 * `work`, or a failure after `ms`. While Redis is unreachable, node-redis keeps commands in its
 * queue until the connection returns: without a deadline, whatever waits on them would too.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Redis did not answer')), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
