import { z } from 'zod';

// Zod compiles object parsers with `new Function` unless told not to; under our CSP
// (no 'unsafe-eval') even its probe is reported as a violation. This module is imported
// first in main.tsx, because the setting is read when each schema is built.
z.config({ jitless: true });
