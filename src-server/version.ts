/** The server's version as /api/v1/health reports it; a test keeps it equal to package.json. */
export const serverVersion = '0.1.0';
