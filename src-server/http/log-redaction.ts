/**
 * Paths pino blanks out before a line is written. Fastify's request serializer leaves headers
 * and bodies out already; these catch anything that logs them anyway (a route, an error with
 * its request attached, a config object).
 */
export const redactedLogPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'headers.authorization',
  'body.password',
  'password',
  '*.password',
  'servicePassword',
  '*.servicePassword',
  'directory.servicePassword',
  'config.directory.servicePassword',
  'database.url',
  '*.database.url',
  'token',
  '*.token',
];
