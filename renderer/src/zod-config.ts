import * as z from 'zod';

// zod's fast path probes `new Function`, which the page's CSP (no unsafe-eval) refuses and reports
// as a violation. Imported first by main.tsx, before any module could build or parse a schema.
z.config({ jitless: true });
