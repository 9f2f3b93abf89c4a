import { z } from 'zod';

// Zod compiles object parsers with `new Function` unless told not to; the portal's CSP has no
// 'unsafe-eval'. Imported first in main.tsx, because the setting is read when a schema is built.
z.config({ jitless: true });
