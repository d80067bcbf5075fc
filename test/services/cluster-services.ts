import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresService } from './postgres.js';
import { startRedis, type RedisService } from './redis.js';

/** What a cluster test file shares: one private PostgreSQL and one private Redis. */
export interface ClusterServices {
  postgres: PostgresService;
  redis: RedisService;
}

/**
 * Starts PostgreSQL and Redis before the file's tests and stops them after; the object is
 * filled in once they run (read it inside tests, not at the top of the file).
 */
export function useClusterServices(): ClusterServices {
  const services = {} as ClusterServices;
  beforeAll(async () => {
    [services.postgres, services.redis] = await Promise.all([startPostgres(), startRedis()]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([services.postgres?.stop(), services.redis?.stop()]);
  });
  return services;
}
