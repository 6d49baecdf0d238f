import { envEndpoints } from '../../transforms/env-endpoints';
import { retryRequests } from '../../transforms/retry-requests';
import { timeouts } from '../../transforms/timeouts';
import type { TransformRegistry } from './file-job';

/** The transforms the CLI runs, by name. */
export const TRANSFORMS: TransformRegistry = { 'env-endpoints': envEndpoints, timeouts, 'retry-requests': retryRequests };
