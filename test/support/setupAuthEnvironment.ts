import { authEnvironment } from './auth';

// In-process services (and the processes tests spawn) trust the test run's identity providers.
Object.assign(process.env, authEnvironment());
