import { loginRateLimitSuite } from './support/login-rate-limit.suite';

describe('login rate limits in memory', () => loginRateLimitSuite(undefined));
