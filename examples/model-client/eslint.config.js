import safeRequests from 'eslint-plugin-safe-requests';

export default [...safeRequests.configs.recommended];
