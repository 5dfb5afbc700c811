import { loginRateLimitSuite } from './support/login-rate-limit.suite';

// REDIS_URL from the environment, or the machine's Redis at 127.0.0.1:6379
describe('login rate limits in Redis (shared across instances)', () => loginRateLimitSuite(process.env.REDIS_URL || 'redis://127.0.0.1:6379'));
