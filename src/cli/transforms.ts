import { envEndpoints } from '../../transforms/env-endpoints';
import { retryRequests } from '../../transforms/retry-requests';
import type { TransformRegistry } from './file-job';

/** The transforms the CLI runs, by name. */
export const TRANSFORMS: TransformRegistry = { 'env-endpoints': envEndpoints, 'retry-requests': retryRequests };
